from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.gift_redemption_page_read import GiftRedemptionPageRead
from ...models.list_gift_redemptions_status_type_0 import ListGiftRedemptionsStatusType0
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListGiftRedemptionsStatusType0 | None | Unset = UNSET,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListGiftRedemptionsStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_before_id: int | None | Unset
    if isinstance(before_id, Unset):
        json_before_id = UNSET
    else:
        json_before_id = before_id
    params["before_id"] = json_before_id

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/gift-redemptions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GiftRedemptionPageRead | None:
    if response.status_code == 200:
        response_200 = GiftRedemptionPageRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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
) -> Response[Error | GiftRedemptionPageRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListGiftRedemptionsStatusType0 | None | Unset = UNSET,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | GiftRedemptionPageRead]:
    """List Gift Redemptions

     Rewards taken with gift vouchers and bonus cards, newest first; `status=requested` is
    the parcels waiting to be confirmed and sent.

    Args:
        status (ListGiftRedemptionsStatusType0 | None | Unset):
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GiftRedemptionPageRead]
    """

    kwargs = _get_kwargs(
        status=status,
        before_id=before_id,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ListGiftRedemptionsStatusType0 | None | Unset = UNSET,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | GiftRedemptionPageRead | None:
    """List Gift Redemptions

     Rewards taken with gift vouchers and bonus cards, newest first; `status=requested` is
    the parcels waiting to be confirmed and sent.

    Args:
        status (ListGiftRedemptionsStatusType0 | None | Unset):
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GiftRedemptionPageRead
    """

    return sync_detailed(
        client=client,
        status=status,
        before_id=before_id,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListGiftRedemptionsStatusType0 | None | Unset = UNSET,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | GiftRedemptionPageRead]:
    """List Gift Redemptions

     Rewards taken with gift vouchers and bonus cards, newest first; `status=requested` is
    the parcels waiting to be confirmed and sent.

    Args:
        status (ListGiftRedemptionsStatusType0 | None | Unset):
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GiftRedemptionPageRead]
    """

    kwargs = _get_kwargs(
        status=status,
        before_id=before_id,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListGiftRedemptionsStatusType0 | None | Unset = UNSET,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | GiftRedemptionPageRead | None:
    """List Gift Redemptions

     Rewards taken with gift vouchers and bonus cards, newest first; `status=requested` is
    the parcels waiting to be confirmed and sent.

    Args:
        status (ListGiftRedemptionsStatusType0 | None | Unset):
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GiftRedemptionPageRead
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            before_id=before_id,
            limit=limit,
        )
    ).parsed
