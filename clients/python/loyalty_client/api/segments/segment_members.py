from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.segment_member_page import SegmentMemberPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    segment_id: int,
    *,
    after: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_after: int | None | Unset
    if isinstance(after, Unset):
        json_after = UNSET
    else:
        json_after = after
    params["after"] = json_after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/segments/{segment_id}/members".format(
            segment_id=quote(str(segment_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SegmentMemberPage | None:
    if response.status_code == 200:
        response_200 = SegmentMemberPage.from_dict(response.json())

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
) -> Response[Error | SegmentMemberPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    segment_id: int,
    *,
    client: AuthenticatedClient,
    after: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | SegmentMemberPage]:
    """Segment Members

     The members, by id; pass `next_after` as `after` for the next page. Names and e-mail are
    given only to a key that also holds `members:read` (null otherwise).

    Args:
        segment_id (int): The segment's id.
        after (int | None | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SegmentMemberPage]
    """

    kwargs = _get_kwargs(
        segment_id=segment_id,
        after=after,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    segment_id: int,
    *,
    client: AuthenticatedClient,
    after: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | SegmentMemberPage | None:
    """Segment Members

     The members, by id; pass `next_after` as `after` for the next page. Names and e-mail are
    given only to a key that also holds `members:read` (null otherwise).

    Args:
        segment_id (int): The segment's id.
        after (int | None | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SegmentMemberPage
    """

    return sync_detailed(
        segment_id=segment_id,
        client=client,
        after=after,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    segment_id: int,
    *,
    client: AuthenticatedClient,
    after: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | SegmentMemberPage]:
    """Segment Members

     The members, by id; pass `next_after` as `after` for the next page. Names and e-mail are
    given only to a key that also holds `members:read` (null otherwise).

    Args:
        segment_id (int): The segment's id.
        after (int | None | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SegmentMemberPage]
    """

    kwargs = _get_kwargs(
        segment_id=segment_id,
        after=after,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    segment_id: int,
    *,
    client: AuthenticatedClient,
    after: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | SegmentMemberPage | None:
    """Segment Members

     The members, by id; pass `next_after` as `after` for the next page. Names and e-mail are
    given only to a key that also holds `members:read` (null otherwise).

    Args:
        segment_id (int): The segment's id.
        after (int | None | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SegmentMemberPage
    """

    return (
        await asyncio_detailed(
            segment_id=segment_id,
            client=client,
            after=after,
            limit=limit,
        )
    ).parsed
