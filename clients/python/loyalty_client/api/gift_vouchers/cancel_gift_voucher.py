from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.gift_voucher_cancel import GiftVoucherCancel
from ...models.gift_voucher_read import GiftVoucherRead
from ...types import Response


def _get_kwargs(
    voucher_id: int,
    *,
    body: GiftVoucherCancel,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/gift-vouchers/{voucher_id}/cancel".format(
            voucher_id=quote(str(voucher_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GiftVoucherRead | None:
    if response.status_code == 200:
        response_200 = GiftVoucherRead.from_dict(response.json())

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
) -> Response[Error | GiftVoucherRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    voucher_id: int,
    *,
    client: AuthenticatedClient,
    body: GiftVoucherCancel,
) -> Response[Error | GiftVoucherRead]:
    """Cancel Gift Voucher

     Cancel a voucher: it no longer signs in and its balance is written off (a `cancel`
    movement). Repeating it changes nothing. Its redemptions stay as they are.

    Args:
        voucher_id (int):
        body (GiftVoucherCancel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GiftVoucherRead]
    """

    kwargs = _get_kwargs(
        voucher_id=voucher_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    voucher_id: int,
    *,
    client: AuthenticatedClient,
    body: GiftVoucherCancel,
) -> Error | GiftVoucherRead | None:
    """Cancel Gift Voucher

     Cancel a voucher: it no longer signs in and its balance is written off (a `cancel`
    movement). Repeating it changes nothing. Its redemptions stay as they are.

    Args:
        voucher_id (int):
        body (GiftVoucherCancel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GiftVoucherRead
    """

    return sync_detailed(
        voucher_id=voucher_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    voucher_id: int,
    *,
    client: AuthenticatedClient,
    body: GiftVoucherCancel,
) -> Response[Error | GiftVoucherRead]:
    """Cancel Gift Voucher

     Cancel a voucher: it no longer signs in and its balance is written off (a `cancel`
    movement). Repeating it changes nothing. Its redemptions stay as they are.

    Args:
        voucher_id (int):
        body (GiftVoucherCancel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GiftVoucherRead]
    """

    kwargs = _get_kwargs(
        voucher_id=voucher_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    voucher_id: int,
    *,
    client: AuthenticatedClient,
    body: GiftVoucherCancel,
) -> Error | GiftVoucherRead | None:
    """Cancel Gift Voucher

     Cancel a voucher: it no longer signs in and its balance is written off (a `cancel`
    movement). Repeating it changes nothing. Its redemptions stay as they are.

    Args:
        voucher_id (int):
        body (GiftVoucherCancel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GiftVoucherRead
    """

    return (
        await asyncio_detailed(
            voucher_id=voucher_id,
            client=client,
            body=body,
        )
    ).parsed
