from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.badge_read import BadgeRead
from ...models.badge_update import BadgeUpdate
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    badge_id: int,
    *,
    body: BadgeUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/badges/{badge_id}".format(
            badge_id=quote(str(badge_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BadgeRead | Error | None:
    if response.status_code == 200:
        response_200 = BadgeRead.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BadgeRead | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    badge_id: int,
    *,
    client: AuthenticatedClient,
    body: BadgeUpdate,
) -> Response[BadgeRead | Error]:
    """Update Badge

     Change what is sent; levels already earned stay earned. Levels members hold keep their
    place and threshold (rename them, change their rewards, or add levels above them).

    Args:
        badge_id (int): The badge's id.
        body (BadgeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BadgeRead | Error]
    """

    kwargs = _get_kwargs(
        badge_id=badge_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    badge_id: int,
    *,
    client: AuthenticatedClient,
    body: BadgeUpdate,
) -> BadgeRead | Error | None:
    """Update Badge

     Change what is sent; levels already earned stay earned. Levels members hold keep their
    place and threshold (rename them, change their rewards, or add levels above them).

    Args:
        badge_id (int): The badge's id.
        body (BadgeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BadgeRead | Error
    """

    return sync_detailed(
        badge_id=badge_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    badge_id: int,
    *,
    client: AuthenticatedClient,
    body: BadgeUpdate,
) -> Response[BadgeRead | Error]:
    """Update Badge

     Change what is sent; levels already earned stay earned. Levels members hold keep their
    place and threshold (rename them, change their rewards, or add levels above them).

    Args:
        badge_id (int): The badge's id.
        body (BadgeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BadgeRead | Error]
    """

    kwargs = _get_kwargs(
        badge_id=badge_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    badge_id: int,
    *,
    client: AuthenticatedClient,
    body: BadgeUpdate,
) -> BadgeRead | Error | None:
    """Update Badge

     Change what is sent; levels already earned stay earned. Levels members hold keep their
    place and threshold (rename them, change their rewards, or add levels above them).

    Args:
        badge_id (int): The badge's id.
        body (BadgeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BadgeRead | Error
    """

    return (
        await asyncio_detailed(
            badge_id=badge_id,
            client=client,
            body=body,
        )
    ).parsed
