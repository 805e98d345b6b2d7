from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.member_purchases_response_member_purchases import MemberPurchasesResponseMemberPurchases
from ...types import UNSET, Response, Unset


def _get_kwargs(
    member_id: int,
    *,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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
        "url": "/api/v1/members/{member_id}/purchases".format(
            member_id=quote(str(member_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | MemberPurchasesResponseMemberPurchases | None:
    if response.status_code == 200:
        response_200 = MemberPurchasesResponseMemberPurchases.from_dict(response.json())

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
) -> Response[Error | MemberPurchasesResponseMemberPurchases]:
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
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | MemberPurchasesResponseMemberPurchases]:
    """Member Purchases

     The member's purchases, newest first.

    Args:
        member_id (int): The member's id.
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemberPurchasesResponseMemberPurchases]
    """

    kwargs = _get_kwargs(
        member_id=member_id,
        before_id=before_id,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    member_id: int,
    *,
    client: AuthenticatedClient,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | MemberPurchasesResponseMemberPurchases | None:
    """Member Purchases

     The member's purchases, newest first.

    Args:
        member_id (int): The member's id.
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemberPurchasesResponseMemberPurchases
    """

    return sync_detailed(
        member_id=member_id,
        client=client,
        before_id=before_id,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    member_id: int,
    *,
    client: AuthenticatedClient,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | MemberPurchasesResponseMemberPurchases]:
    """Member Purchases

     The member's purchases, newest first.

    Args:
        member_id (int): The member's id.
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemberPurchasesResponseMemberPurchases]
    """

    kwargs = _get_kwargs(
        member_id=member_id,
        before_id=before_id,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    member_id: int,
    *,
    client: AuthenticatedClient,
    before_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | MemberPurchasesResponseMemberPurchases | None:
    """Member Purchases

     The member's purchases, newest first.

    Args:
        member_id (int): The member's id.
        before_id (int | None | Unset): `next_before_id` of the previous page.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemberPurchasesResponseMemberPurchases
    """

    return (
        await asyncio_detailed(
            member_id=member_id,
            client=client,
            before_id=before_id,
            limit=limit,
        )
    ).parsed
