from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.gift_redemption_read import GiftRedemptionRead
from ...models.status_change import StatusChange
from ...types import Response


def _get_kwargs(
    redemption_id: int,
    *,
    body: StatusChange,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/gift-redemptions/{redemption_id}/status".format(
            redemption_id=quote(str(redemption_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GiftRedemptionRead | None:
    if response.status_code == 200:
        response_200 = GiftRedemptionRead.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | GiftRedemptionRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    redemption_id: int,
    *,
    client: AuthenticatedClient,
    body: StatusChange,
) -> Response[Error | GiftRedemptionRead]:
    """Change Gift Redemption Status

     Move a physical gift along requested → confirmed → shipped → delivered, or cancel it
    while requested or confirmed: the stock comes back and so do the points, to the voucher or
    card (not to a voucher cancelled meanwhile). Other changes are 409 `transition_not_allowed`.

    Args:
        redemption_id (int):
        body (StatusChange):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GiftRedemptionRead]
    """

    kwargs = _get_kwargs(
        redemption_id=redemption_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    redemption_id: int,
    *,
    client: AuthenticatedClient,
    body: StatusChange,
) -> Error | GiftRedemptionRead | None:
    """Change Gift Redemption Status

     Move a physical gift along requested → confirmed → shipped → delivered, or cancel it
    while requested or confirmed: the stock comes back and so do the points, to the voucher or
    card (not to a voucher cancelled meanwhile). Other changes are 409 `transition_not_allowed`.

    Args:
        redemption_id (int):
        body (StatusChange):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GiftRedemptionRead
    """

    return sync_detailed(
        redemption_id=redemption_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    redemption_id: int,
    *,
    client: AuthenticatedClient,
    body: StatusChange,
) -> Response[Error | GiftRedemptionRead]:
    """Change Gift Redemption Status

     Move a physical gift along requested → confirmed → shipped → delivered, or cancel it
    while requested or confirmed: the stock comes back and so do the points, to the voucher or
    card (not to a voucher cancelled meanwhile). Other changes are 409 `transition_not_allowed`.

    Args:
        redemption_id (int):
        body (StatusChange):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GiftRedemptionRead]
    """

    kwargs = _get_kwargs(
        redemption_id=redemption_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    redemption_id: int,
    *,
    client: AuthenticatedClient,
    body: StatusChange,
) -> Error | GiftRedemptionRead | None:
    """Change Gift Redemption Status

     Move a physical gift along requested → confirmed → shipped → delivered, or cancel it
    while requested or confirmed: the stock comes back and so do the points, to the voucher or
    card (not to a voucher cancelled meanwhile). Other changes are 409 `transition_not_allowed`.

    Args:
        redemption_id (int):
        body (StatusChange):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GiftRedemptionRead
    """

    return (
        await asyncio_detailed(
            redemption_id=redemption_id,
            client=client,
            body=body,
        )
    ).parsed
