from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cart_read import CartRead
from ...models.cart_update import CartUpdate
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    member_id: int,
    *,
    body: CartUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/members/{member_id}/cart".format(
            member_id=quote(str(member_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CartRead | Error | None:
    if response.status_code == 200:
        response_200 = CartRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CartRead | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: CartUpdate,
) -> Response[CartRead | Error]:
    """Update Cart

     The member's cart as it is now in the e-shop (send the whole cart on every change). It is
    kept per `cart_id` and recorded as `cart.updated`; when no purchase by the member follows its
    last update within the program's `cart_hours` (4 by default), the scan records
    `cart.abandoned` once for that cart. Sending the same cart again is harmless.

    Args:
        member_id (int): The member's id.
        body (CartUpdate): The member's cart as it is now in the e-shop (the whole cart, not a
            change).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartRead | Error]
    """

    kwargs = _get_kwargs(
        member_id=member_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: CartUpdate,
) -> CartRead | Error | None:
    """Update Cart

     The member's cart as it is now in the e-shop (send the whole cart on every change). It is
    kept per `cart_id` and recorded as `cart.updated`; when no purchase by the member follows its
    last update within the program's `cart_hours` (4 by default), the scan records
    `cart.abandoned` once for that cart. Sending the same cart again is harmless.

    Args:
        member_id (int): The member's id.
        body (CartUpdate): The member's cart as it is now in the e-shop (the whole cart, not a
            change).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartRead | Error
    """

    return sync_detailed(
        member_id=member_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: CartUpdate,
) -> Response[CartRead | Error]:
    """Update Cart

     The member's cart as it is now in the e-shop (send the whole cart on every change). It is
    kept per `cart_id` and recorded as `cart.updated`; when no purchase by the member follows its
    last update within the program's `cart_hours` (4 by default), the scan records
    `cart.abandoned` once for that cart. Sending the same cart again is harmless.

    Args:
        member_id (int): The member's id.
        body (CartUpdate): The member's cart as it is now in the e-shop (the whole cart, not a
            change).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartRead | Error]
    """

    kwargs = _get_kwargs(
        member_id=member_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: CartUpdate,
) -> CartRead | Error | None:
    """Update Cart

     The member's cart as it is now in the e-shop (send the whole cart on every change). It is
    kept per `cart_id` and recorded as `cart.updated`; when no purchase by the member follows its
    last update within the program's `cart_hours` (4 by default), the scan records
    `cart.abandoned` once for that cart. Sending the same cart again is harmless.

    Args:
        member_id (int): The member's id.
        body (CartUpdate): The member's cart as it is now in the e-shop (the whole cart, not a
            change).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartRead | Error
    """

    return (
        await asyncio_detailed(
            member_id=member_id,
            client=client,
            body=body,
        )
    ).parsed
