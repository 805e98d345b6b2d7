from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.gift_voucher_page_read import GiftVoucherPageRead
from ...models.list_bonus_cards_status_type_0 import ListBonusCardsStatusType0
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    label: None | str | Unset = UNSET,
    status: ListBonusCardsStatusType0 | None | Unset = UNSET,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_label: None | str | Unset
    if isinstance(label, Unset):
        json_label = UNSET
    else:
        json_label = label
    params["label"] = json_label

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListBonusCardsStatusType0):
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
        "url": "/api/v1/bonus-cards",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GiftVoucherPageRead | None:
    if response.status_code == 200:
        response_200 = GiftVoucherPageRead.from_dict(response.json())

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
) -> Response[Error | GiftVoucherPageRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    label: None | str | Unset = UNSET,
    status: ListBonusCardsStatusType0 | None | Unset = UNSET,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | GiftVoucherPageRead]:
    """List Bonus Cards

     Bonus cards newest first, with their numbers and balances; never their PINs.

    Args:
        label (None | str | Unset):
        status (ListBonusCardsStatusType0 | None | Unset):
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GiftVoucherPageRead]
    """

    kwargs = _get_kwargs(
        label=label,
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
    label: None | str | Unset = UNSET,
    status: ListBonusCardsStatusType0 | None | Unset = UNSET,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | GiftVoucherPageRead | None:
    """List Bonus Cards

     Bonus cards newest first, with their numbers and balances; never their PINs.

    Args:
        label (None | str | Unset):
        status (ListBonusCardsStatusType0 | None | Unset):
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GiftVoucherPageRead
    """

    return sync_detailed(
        client=client,
        label=label,
        status=status,
        before_id=before_id,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    label: None | str | Unset = UNSET,
    status: ListBonusCardsStatusType0 | None | Unset = UNSET,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | GiftVoucherPageRead]:
    """List Bonus Cards

     Bonus cards newest first, with their numbers and balances; never their PINs.

    Args:
        label (None | str | Unset):
        status (ListBonusCardsStatusType0 | None | Unset):
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GiftVoucherPageRead]
    """

    kwargs = _get_kwargs(
        label=label,
        status=status,
        before_id=before_id,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    label: None | str | Unset = UNSET,
    status: ListBonusCardsStatusType0 | None | Unset = UNSET,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | GiftVoucherPageRead | None:
    """List Bonus Cards

     Bonus cards newest first, with their numbers and balances; never their PINs.

    Args:
        label (None | str | Unset):
        status (ListBonusCardsStatusType0 | None | Unset):
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GiftVoucherPageRead
    """

    return (
        await asyncio_detailed(
            client=client,
            label=label,
            status=status,
            before_id=before_id,
            limit=limit,
        )
    ).parsed
