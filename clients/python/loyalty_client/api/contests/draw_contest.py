from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.draw_read import DrawRead
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    contest_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/contests/{contest_id}/draw".format(
            contest_id=quote(str(contest_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DrawRead | Error | None:
    if response.status_code == 200:
        response_200 = DrawRead.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DrawRead | Error]:
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
) -> Response[DrawRead | Error]:
    """Draw Contest

     Draw the winners now (a closed contest, once). The seed comes from the operating system's
    secure random source; the record keeps it with the digest of the ordered entries.

    Args:
        contest_id (int): The contest's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DrawRead | Error]
    """

    kwargs = _get_kwargs(
        contest_id=contest_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contest_id: int,
    *,
    client: AuthenticatedClient,
) -> DrawRead | Error | None:
    """Draw Contest

     Draw the winners now (a closed contest, once). The seed comes from the operating system's
    secure random source; the record keeps it with the digest of the ordered entries.

    Args:
        contest_id (int): The contest's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DrawRead | Error
    """

    return sync_detailed(
        contest_id=contest_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    contest_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[DrawRead | Error]:
    """Draw Contest

     Draw the winners now (a closed contest, once). The seed comes from the operating system's
    secure random source; the record keeps it with the digest of the ordered entries.

    Args:
        contest_id (int): The contest's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DrawRead | Error]
    """

    kwargs = _get_kwargs(
        contest_id=contest_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contest_id: int,
    *,
    client: AuthenticatedClient,
) -> DrawRead | Error | None:
    """Draw Contest

     Draw the winners now (a closed contest, once). The seed comes from the operating system's
    secure random source; the record keeps it with the digest of the ordered entries.

    Args:
        contest_id (int): The contest's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DrawRead | Error
    """

    return (
        await asyncio_detailed(
            contest_id=contest_id,
            client=client,
        )
    ).parsed
