import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_members_status_type_0 import ListMembersStatusType0
from ...models.member_page import MemberPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListMembersStatusType0 | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    enrolled_from: datetime.datetime | None | Unset = UNSET,
    enrolled_to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListMembersStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_email: None | str | Unset
    if isinstance(email, Unset):
        json_email = UNSET
    else:
        json_email = email
    params["email"] = json_email

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_enrolled_from: None | str | Unset
    if isinstance(enrolled_from, Unset):
        json_enrolled_from = UNSET
    elif isinstance(enrolled_from, datetime.datetime):
        json_enrolled_from = enrolled_from.isoformat()
    else:
        json_enrolled_from = enrolled_from
    params["enrolled_from"] = json_enrolled_from

    json_enrolled_to: None | str | Unset
    if isinstance(enrolled_to, Unset):
        json_enrolled_to = UNSET
    elif isinstance(enrolled_to, datetime.datetime):
        json_enrolled_to = enrolled_to.isoformat()
    else:
        json_enrolled_to = enrolled_to
    params["enrolled_to"] = json_enrolled_to

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/members",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | MemberPage | None:
    if response.status_code == 200:
        response_200 = MemberPage.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | MemberPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListMembersStatusType0 | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    enrolled_from: datetime.datetime | None | Unset = UNSET,
    enrolled_to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | MemberPage]:
    """List Members

     Members, newest first, a page at a time: follow `next_cursor` until it is null.

    Args:
        status (ListMembersStatusType0 | None | Unset):
        email (None | str | Unset): Exact e-mail address.
        q (None | str | Unset): Prefix of first name, last name, full name or e-mail; any case.
        enrolled_from (datetime.datetime | None | Unset): Enrolled at or after (inclusive).
        enrolled_to (datetime.datetime | None | Unset): Enrolled before (exclusive).
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemberPage]
    """

    kwargs = _get_kwargs(
        status=status,
        email=email,
        q=q,
        enrolled_from=enrolled_from,
        enrolled_to=enrolled_to,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ListMembersStatusType0 | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    enrolled_from: datetime.datetime | None | Unset = UNSET,
    enrolled_to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | MemberPage | None:
    """List Members

     Members, newest first, a page at a time: follow `next_cursor` until it is null.

    Args:
        status (ListMembersStatusType0 | None | Unset):
        email (None | str | Unset): Exact e-mail address.
        q (None | str | Unset): Prefix of first name, last name, full name or e-mail; any case.
        enrolled_from (datetime.datetime | None | Unset): Enrolled at or after (inclusive).
        enrolled_to (datetime.datetime | None | Unset): Enrolled before (exclusive).
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemberPage
    """

    return sync_detailed(
        client=client,
        status=status,
        email=email,
        q=q,
        enrolled_from=enrolled_from,
        enrolled_to=enrolled_to,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListMembersStatusType0 | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    enrolled_from: datetime.datetime | None | Unset = UNSET,
    enrolled_to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | MemberPage]:
    """List Members

     Members, newest first, a page at a time: follow `next_cursor` until it is null.

    Args:
        status (ListMembersStatusType0 | None | Unset):
        email (None | str | Unset): Exact e-mail address.
        q (None | str | Unset): Prefix of first name, last name, full name or e-mail; any case.
        enrolled_from (datetime.datetime | None | Unset): Enrolled at or after (inclusive).
        enrolled_to (datetime.datetime | None | Unset): Enrolled before (exclusive).
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemberPage]
    """

    kwargs = _get_kwargs(
        status=status,
        email=email,
        q=q,
        enrolled_from=enrolled_from,
        enrolled_to=enrolled_to,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListMembersStatusType0 | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    enrolled_from: datetime.datetime | None | Unset = UNSET,
    enrolled_to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | MemberPage | None:
    """List Members

     Members, newest first, a page at a time: follow `next_cursor` until it is null.

    Args:
        status (ListMembersStatusType0 | None | Unset):
        email (None | str | Unset): Exact e-mail address.
        q (None | str | Unset): Prefix of first name, last name, full name or e-mail; any case.
        enrolled_from (datetime.datetime | None | Unset): Enrolled at or after (inclusive).
        enrolled_to (datetime.datetime | None | Unset): Enrolled before (exclusive).
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemberPage
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            email=email,
            q=q,
            enrolled_from=enrolled_from,
            enrolled_to=enrolled_to,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
