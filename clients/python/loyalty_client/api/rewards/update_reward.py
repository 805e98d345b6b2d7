from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.reward_read import RewardRead
from ...models.reward_update import RewardUpdate
from ...types import Response


def _get_kwargs(
    reward_id: int,
    *,
    body: RewardUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/rewards/{reward_id}".format(
            reward_id=quote(str(reward_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | RewardRead | None:
    if response.status_code == 200:
        response_200 = RewardRead.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | RewardRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    reward_id: int,
    *,
    client: AuthenticatedClient,
    body: RewardUpdate,
) -> Response[Error | RewardRead]:
    """Update Reward

     Change only the fields sent; `is_active: false` withdraws the reward from the catalogue.
    Stock changes go through `POST /rewards/{id}/stock`.

    Args:
        reward_id (int):
        body (RewardUpdate): Only the fields sent change; the kind never does.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RewardRead]
    """

    kwargs = _get_kwargs(
        reward_id=reward_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    reward_id: int,
    *,
    client: AuthenticatedClient,
    body: RewardUpdate,
) -> Error | RewardRead | None:
    """Update Reward

     Change only the fields sent; `is_active: false` withdraws the reward from the catalogue.
    Stock changes go through `POST /rewards/{id}/stock`.

    Args:
        reward_id (int):
        body (RewardUpdate): Only the fields sent change; the kind never does.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RewardRead
    """

    return sync_detailed(
        reward_id=reward_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    reward_id: int,
    *,
    client: AuthenticatedClient,
    body: RewardUpdate,
) -> Response[Error | RewardRead]:
    """Update Reward

     Change only the fields sent; `is_active: false` withdraws the reward from the catalogue.
    Stock changes go through `POST /rewards/{id}/stock`.

    Args:
        reward_id (int):
        body (RewardUpdate): Only the fields sent change; the kind never does.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RewardRead]
    """

    kwargs = _get_kwargs(
        reward_id=reward_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    reward_id: int,
    *,
    client: AuthenticatedClient,
    body: RewardUpdate,
) -> Error | RewardRead | None:
    """Update Reward

     Change only the fields sent; `is_active: false` withdraws the reward from the catalogue.
    Stock changes go through `POST /rewards/{id}/stock`.

    Args:
        reward_id (int):
        body (RewardUpdate): Only the fields sent change; the kind never does.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RewardRead
    """

    return (
        await asyncio_detailed(
            reward_id=reward_id,
            client=client,
            body=body,
        )
    ).parsed
