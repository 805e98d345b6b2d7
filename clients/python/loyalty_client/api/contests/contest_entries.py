from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contest_entry_page import ContestEntryPage
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    contest_id: int,
    *,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    member_id: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    json_member_id: int | None | Unset
    if isinstance(member_id, Unset):
        json_member_id = UNSET
    else:
        json_member_id = member_id
    params["member_id"] = json_member_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/contests/{contest_id}/entries".format(
            contest_id=quote(str(contest_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ContestEntryPage | Error | None:
    if response.status_code == 200:
        response_200 = ContestEntryPage.from_dict(response.json())

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
) -> Response[ContestEntryPage | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    contest_id: int,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    member_id: int | None | Unset = UNSET,
) -> Response[ContestEntryPage | Error]:
    """Contest Entries

     Every entry with the member and the action that earned it; `member_id` for one member's.

    Args:
        contest_id (int): The contest's id.
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.
        member_id (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContestEntryPage | Error]
    """

    kwargs = _get_kwargs(
        contest_id=contest_id,
        cursor=cursor,
        limit=limit,
        member_id=member_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contest_id: int,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    member_id: int | None | Unset = UNSET,
) -> ContestEntryPage | Error | None:
    """Contest Entries

     Every entry with the member and the action that earned it; `member_id` for one member's.

    Args:
        contest_id (int): The contest's id.
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.
        member_id (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContestEntryPage | Error
    """

    return sync_detailed(
        contest_id=contest_id,
        client=client,
        cursor=cursor,
        limit=limit,
        member_id=member_id,
    ).parsed


async def asyncio_detailed(
    contest_id: int,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    member_id: int | None | Unset = UNSET,
) -> Response[ContestEntryPage | Error]:
    """Contest Entries

     Every entry with the member and the action that earned it; `member_id` for one member's.

    Args:
        contest_id (int): The contest's id.
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.
        member_id (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContestEntryPage | Error]
    """

    kwargs = _get_kwargs(
        contest_id=contest_id,
        cursor=cursor,
        limit=limit,
        member_id=member_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contest_id: int,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    member_id: int | None | Unset = UNSET,
) -> ContestEntryPage | Error | None:
    """Contest Entries

     Every entry with the member and the action that earned it; `member_id` for one member's.

    Args:
        contest_id (int): The contest's id.
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.
        member_id (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContestEntryPage | Error
    """

    return (
        await asyncio_detailed(
            contest_id=contest_id,
            client=client,
            cursor=cursor,
            limit=limit,
            member_id=member_id,
        )
    ).parsed
