from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.tier_read import TierRead
from ...models.tier_update import TierUpdate
from ...types import Response


def _get_kwargs(
    tier_id: int,
    *,
    body: TierUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/tiers/{tier_id}".format(
            tier_id=quote(str(tier_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | TierRead | None:
    if response.status_code == 200:
        response_200 = TierRead.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | TierRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tier_id: int,
    *,
    client: AuthenticatedClient,
    body: TierUpdate,
) -> Response[Error | TierRead]:
    """Update Tier

     Change the fields sent (the code never changes). Members are not re-tiered on the spot:
    upgrades follow their next activity, downgrades their next review.

    Args:
        tier_id (int): The tier level's id.
        body (TierUpdate): Only the fields sent change. The code never changes: conditions refer
            to it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TierRead]
    """

    kwargs = _get_kwargs(
        tier_id=tier_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tier_id: int,
    *,
    client: AuthenticatedClient,
    body: TierUpdate,
) -> Error | TierRead | None:
    """Update Tier

     Change the fields sent (the code never changes). Members are not re-tiered on the spot:
    upgrades follow their next activity, downgrades their next review.

    Args:
        tier_id (int): The tier level's id.
        body (TierUpdate): Only the fields sent change. The code never changes: conditions refer
            to it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TierRead
    """

    return sync_detailed(
        tier_id=tier_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    tier_id: int,
    *,
    client: AuthenticatedClient,
    body: TierUpdate,
) -> Response[Error | TierRead]:
    """Update Tier

     Change the fields sent (the code never changes). Members are not re-tiered on the spot:
    upgrades follow their next activity, downgrades their next review.

    Args:
        tier_id (int): The tier level's id.
        body (TierUpdate): Only the fields sent change. The code never changes: conditions refer
            to it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TierRead]
    """

    kwargs = _get_kwargs(
        tier_id=tier_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tier_id: int,
    *,
    client: AuthenticatedClient,
    body: TierUpdate,
) -> Error | TierRead | None:
    """Update Tier

     Change the fields sent (the code never changes). Members are not re-tiered on the spot:
    upgrades follow their next activity, downgrades their next review.

    Args:
        tier_id (int): The tier level's id.
        body (TierUpdate): Only the fields sent change. The code never changes: conditions refer
            to it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TierRead
    """

    return (
        await asyncio_detailed(
            tier_id=tier_id,
            client=client,
            body=body,
        )
    ).parsed
