from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.import_read import ImportRead
from ...types import File, Response


def _get_kwargs(
    segment_id: int,
    *,
    body: File,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/segments/{segment_id}/import".format(
            segment_id=quote(str(segment_id), safe=""),
        ),
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "text/csv"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ImportRead | None:
    if response.status_code == 200:
        response_200 = ImportRead.from_dict(response.json())

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

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ImportRead]:
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
    body: File,
) -> Response[Error | ImportRead]:
    """Import Segment

     Replace a static segment's members with the file's, all or nothing (entries and exits announced).

    Args:
        segment_id (int): The segment's id.
        body (File): One member a line: member id, card number or e-mail; a header line of words
            is skipped.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ImportRead]
    """

    kwargs = _get_kwargs(
        segment_id=segment_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    segment_id: int,
    *,
    client: AuthenticatedClient,
    body: File,
) -> Error | ImportRead | None:
    """Import Segment

     Replace a static segment's members with the file's, all or nothing (entries and exits announced).

    Args:
        segment_id (int): The segment's id.
        body (File): One member a line: member id, card number or e-mail; a header line of words
            is skipped.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ImportRead
    """

    return sync_detailed(
        segment_id=segment_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    segment_id: int,
    *,
    client: AuthenticatedClient,
    body: File,
) -> Response[Error | ImportRead]:
    """Import Segment

     Replace a static segment's members with the file's, all or nothing (entries and exits announced).

    Args:
        segment_id (int): The segment's id.
        body (File): One member a line: member id, card number or e-mail; a header line of words
            is skipped.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ImportRead]
    """

    kwargs = _get_kwargs(
        segment_id=segment_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    segment_id: int,
    *,
    client: AuthenticatedClient,
    body: File,
) -> Error | ImportRead | None:
    """Import Segment

     Replace a static segment's members with the file's, all or nothing (entries and exits announced).

    Args:
        segment_id (int): The segment's id.
        body (File): One member a line: member id, card number or e-mail; a header line of words
            is skipped.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ImportRead
    """

    return (
        await asyncio_detailed(
            segment_id=segment_id,
            client=client,
            body=body,
        )
    ).parsed
