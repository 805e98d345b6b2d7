from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.template_read import TemplateRead
from ...models.template_write import TemplateWrite
from ...types import Response


def _get_kwargs(
    template_id: int,
    *,
    body: TemplateWrite,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/message-templates/{template_id}".format(
            template_id=quote(str(template_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | TemplateRead | None:
    if response.status_code == 200:
        response_200 = TemplateRead.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | TemplateRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    template_id: int,
    *,
    client: AuthenticatedClient,
    body: TemplateWrite,
) -> Response[Error | TemplateRead]:
    """Replace Message Template

     Replace the template whole: languages not sent are removed. Messages already sent keep
    what they said; queued ones are rendered with the new text.

    Args:
        template_id (int): The template's id.
        body (TemplateWrite): A template and all its language versions (PUT replaces the versions
            sent, drops the others).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TemplateRead]
    """

    kwargs = _get_kwargs(
        template_id=template_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    template_id: int,
    *,
    client: AuthenticatedClient,
    body: TemplateWrite,
) -> Error | TemplateRead | None:
    """Replace Message Template

     Replace the template whole: languages not sent are removed. Messages already sent keep
    what they said; queued ones are rendered with the new text.

    Args:
        template_id (int): The template's id.
        body (TemplateWrite): A template and all its language versions (PUT replaces the versions
            sent, drops the others).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TemplateRead
    """

    return sync_detailed(
        template_id=template_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    template_id: int,
    *,
    client: AuthenticatedClient,
    body: TemplateWrite,
) -> Response[Error | TemplateRead]:
    """Replace Message Template

     Replace the template whole: languages not sent are removed. Messages already sent keep
    what they said; queued ones are rendered with the new text.

    Args:
        template_id (int): The template's id.
        body (TemplateWrite): A template and all its language versions (PUT replaces the versions
            sent, drops the others).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TemplateRead]
    """

    kwargs = _get_kwargs(
        template_id=template_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    template_id: int,
    *,
    client: AuthenticatedClient,
    body: TemplateWrite,
) -> Error | TemplateRead | None:
    """Replace Message Template

     Replace the template whole: languages not sent are removed. Messages already sent keep
    what they said; queued ones are rendered with the new text.

    Args:
        template_id (int): The template's id.
        body (TemplateWrite): A template and all its language versions (PUT replaces the versions
            sent, drops the others).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TemplateRead
    """

    return (
        await asyncio_detailed(
            template_id=template_id,
            client=client,
            body=body,
        )
    ).parsed
