from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.dry_run_read import DryRunRead
from ...models.dry_run_request import DryRunRequest
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: DryRunRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/rules/dry-run",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DryRunRead | Error | None:
    if response.status_code == 200:
        response_200 = DryRunRead.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DryRunRead | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: DryRunRequest,
) -> Response[DryRunRead | Error]:
    """Dry Run Rules

     Which active purchase rules a receipt would match and why, and the points each would
    give, in total and per line, after caps. Nothing is saved and no cap is used up. Naming a
    `member` also takes the `members:read` scope.

    Args:
        body (DryRunRequest): A purchase to try the active purchase rules on; nothing is saved or
            used up.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DryRunRead | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: DryRunRequest,
) -> DryRunRead | Error | None:
    """Dry Run Rules

     Which active purchase rules a receipt would match and why, and the points each would
    give, in total and per line, after caps. Nothing is saved and no cap is used up. Naming a
    `member` also takes the `members:read` scope.

    Args:
        body (DryRunRequest): A purchase to try the active purchase rules on; nothing is saved or
            used up.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DryRunRead | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: DryRunRequest,
) -> Response[DryRunRead | Error]:
    """Dry Run Rules

     Which active purchase rules a receipt would match and why, and the points each would
    give, in total and per line, after caps. Nothing is saved and no cap is used up. Naming a
    `member` also takes the `members:read` scope.

    Args:
        body (DryRunRequest): A purchase to try the active purchase rules on; nothing is saved or
            used up.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DryRunRead | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: DryRunRequest,
) -> DryRunRead | Error | None:
    """Dry Run Rules

     Which active purchase rules a receipt would match and why, and the points each would
    give, in total and per line, after caps. Nothing is saved and no cap is used up. Naming a
    `member` also takes the `members:read` scope.

    Args:
        body (DryRunRequest): A purchase to try the active purchase rules on; nothing is saved or
            used up.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DryRunRead | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
