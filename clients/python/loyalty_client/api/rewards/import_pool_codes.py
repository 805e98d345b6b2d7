from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.code_import_read import CodeImportRead
from ...models.error import Error
from ...types import File, Response


def _get_kwargs(
    pool_id: int,
    *,
    body: File,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/code-pools/{pool_id}/codes".format(
            pool_id=quote(str(pool_id), safe=""),
        ),
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "text/csv"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CodeImportRead | Error | None:
    if response.status_code == 201:
        response_201 = CodeImportRead.from_dict(response.json())

        return response_201

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CodeImportRead | Error]:
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
    body: File,
) -> Response[CodeImportRead | Error]:
    """Import Pool Codes

     Import a partner's codes from a CSV body (UTF-8): one code per row, in the `code` column
    if a header row names one, else the first column. All or nothing: a problem (an empty code,
    a code repeated in the file or already in the pool) is 422 naming its line, with up to 20
    problems in `details.problems`.

    Args:
        pool_id (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodeImportRead | Error]
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
    body: File,
) -> CodeImportRead | Error | None:
    """Import Pool Codes

     Import a partner's codes from a CSV body (UTF-8): one code per row, in the `code` column
    if a header row names one, else the first column. All or nothing: a problem (an empty code,
    a code repeated in the file or already in the pool) is 422 naming its line, with up to 20
    problems in `details.problems`.

    Args:
        pool_id (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodeImportRead | Error
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
    body: File,
) -> Response[CodeImportRead | Error]:
    """Import Pool Codes

     Import a partner's codes from a CSV body (UTF-8): one code per row, in the `code` column
    if a header row names one, else the first column. All or nothing: a problem (an empty code,
    a code repeated in the file or already in the pool) is 422 naming its line, with up to 20
    problems in `details.problems`.

    Args:
        pool_id (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodeImportRead | Error]
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
    body: File,
) -> CodeImportRead | Error | None:
    """Import Pool Codes

     Import a partner's codes from a CSV body (UTF-8): one code per row, in the `code` column
    if a header row names one, else the first column. All or nothing: a problem (an empty code,
    a code repeated in the file or already in the pool) is 422 naming its line, with up to 20
    problems in `details.problems`.

    Args:
        pool_id (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodeImportRead | Error
    """

    return (
        await asyncio_detailed(
            pool_id=pool_id,
            client=client,
            body=body,
        )
    ).parsed
