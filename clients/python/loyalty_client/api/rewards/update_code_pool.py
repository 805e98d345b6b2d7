from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.code_pool_read import CodePoolRead
from ...models.code_pool_update import CodePoolUpdate
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    pool_id: int,
    *,
    body: CodePoolUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/code-pools/{pool_id}".format(
            pool_id=quote(str(pool_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CodePoolRead | Error | None:
    if response.status_code == 200:
        response_200 = CodePoolRead.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CodePoolRead | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    pool_id: int,
    *,
    client: AuthenticatedClient,
    body: CodePoolUpdate,
) -> Response[CodePoolRead | Error]:
    """Update Code Pool

     Rename a code pool or change the level below which it warns that it runs low.

    Args:
        pool_id (int):
        body (CodePoolUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodePoolRead | Error]
    """

    kwargs = _get_kwargs(
        pool_id=pool_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    pool_id: int,
    *,
    client: AuthenticatedClient,
    body: CodePoolUpdate,
) -> CodePoolRead | Error | None:
    """Update Code Pool

     Rename a code pool or change the level below which it warns that it runs low.

    Args:
        pool_id (int):
        body (CodePoolUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodePoolRead | Error
    """

    return sync_detailed(
        pool_id=pool_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    pool_id: int,
    *,
    client: AuthenticatedClient,
    body: CodePoolUpdate,
) -> Response[CodePoolRead | Error]:
    """Update Code Pool

     Rename a code pool or change the level below which it warns that it runs low.

    Args:
        pool_id (int):
        body (CodePoolUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodePoolRead | Error]
    """

    kwargs = _get_kwargs(
        pool_id=pool_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    pool_id: int,
    *,
    client: AuthenticatedClient,
    body: CodePoolUpdate,
) -> CodePoolRead | Error | None:
    """Update Code Pool

     Rename a code pool or change the level below which it warns that it runs low.

    Args:
        pool_id (int):
        body (CodePoolUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodePoolRead | Error
    """

    return (
        await asyncio_detailed(
            pool_id=pool_id,
            client=client,
            body=body,
        )
    ).parsed
