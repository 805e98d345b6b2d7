from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    tier_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/tiers/{tier_id}".format(
            tier_id=quote(str(tier_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
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
) -> Response[Any | Error]:
    """Delete Tier

     Remove a level that no reward, earning rule or voucher campaign names and no member is in
    (409 `tier_in_use` otherwise: take it out of them and move its members first). The base
    level goes last; deleting it turns tiers off.

    Args:
        tier_id (int): The tier level's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        tier_id=tier_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tier_id: int,
    *,
    client: AuthenticatedClient,
) -> Any | Error | None:
    """Delete Tier

     Remove a level that no reward, earning rule or voucher campaign names and no member is in
    (409 `tier_in_use` otherwise: take it out of them and move its members first). The base
    level goes last; deleting it turns tiers off.

    Args:
        tier_id (int): The tier level's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        tier_id=tier_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    tier_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Error]:
    """Delete Tier

     Remove a level that no reward, earning rule or voucher campaign names and no member is in
    (409 `tier_in_use` otherwise: take it out of them and move its members first). The base
    level goes last; deleting it turns tiers off.

    Args:
        tier_id (int): The tier level's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        tier_id=tier_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tier_id: int,
    *,
    client: AuthenticatedClient,
) -> Any | Error | None:
    """Delete Tier

     Remove a level that no reward, earning rule or voucher campaign names and no member is in
    (409 `tier_in_use` otherwise: take it out of them and move its members first). The base
    level goes last; deleting it turns tiers off.

    Args:
        tier_id (int): The tier level's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            tier_id=tier_id,
            client=client,
        )
    ).parsed
