from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.journey_read import JourneyRead
from ...models.journey_update import JourneyUpdate
from ...types import Response


def _get_kwargs(
    journey_id: int,
    *,
    body: JourneyUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/journeys/{journey_id}".format(
            journey_id=quote(str(journey_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | JourneyRead | None:
    if response.status_code == 200:
        response_200 = JourneyRead.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | JourneyRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    journey_id: int,
    *,
    client: AuthenticatedClient,
    body: JourneyUpdate,
) -> Response[Error | JourneyRead]:
    """Update Journey

     Rename it, or send a new graph: a different graph becomes the next version, which members
    entering from now follow; members already in the journey finish on the version they entered.

    Args:
        journey_id (int): The journey's id.
        body (JourneyUpdate): A changed graph becomes a new version: members already in the
            journey finish on theirs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JourneyRead]
    """

    kwargs = _get_kwargs(
        journey_id=journey_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    journey_id: int,
    *,
    client: AuthenticatedClient,
    body: JourneyUpdate,
) -> Error | JourneyRead | None:
    """Update Journey

     Rename it, or send a new graph: a different graph becomes the next version, which members
    entering from now follow; members already in the journey finish on the version they entered.

    Args:
        journey_id (int): The journey's id.
        body (JourneyUpdate): A changed graph becomes a new version: members already in the
            journey finish on theirs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JourneyRead
    """

    return sync_detailed(
        journey_id=journey_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    journey_id: int,
    *,
    client: AuthenticatedClient,
    body: JourneyUpdate,
) -> Response[Error | JourneyRead]:
    """Update Journey

     Rename it, or send a new graph: a different graph becomes the next version, which members
    entering from now follow; members already in the journey finish on the version they entered.

    Args:
        journey_id (int): The journey's id.
        body (JourneyUpdate): A changed graph becomes a new version: members already in the
            journey finish on theirs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JourneyRead]
    """

    kwargs = _get_kwargs(
        journey_id=journey_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    journey_id: int,
    *,
    client: AuthenticatedClient,
    body: JourneyUpdate,
) -> Error | JourneyRead | None:
    """Update Journey

     Rename it, or send a new graph: a different graph becomes the next version, which members
    entering from now follow; members already in the journey finish on the version they entered.

    Args:
        journey_id (int): The journey's id.
        body (JourneyUpdate): A changed graph becomes a new version: members already in the
            journey finish on theirs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JourneyRead
    """

    return (
        await asyncio_detailed(
            journey_id=journey_id,
            client=client,
            body=body,
        )
    ).parsed
