from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.preview import Preview
from ...types import UNSET, Response, Unset


def _get_kwargs(
    template_id: int,
    *,
    member_id: int | None | Unset = UNSET,
    language: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_member_id: int | None | Unset
    if isinstance(member_id, Unset):
        json_member_id = UNSET
    else:
        json_member_id = member_id
    params["member_id"] = json_member_id

    json_language: None | str | Unset
    if isinstance(language, Unset):
        json_language = UNSET
    else:
        json_language = language
    params["language"] = json_language

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/message-templates/{template_id}/preview".format(
            template_id=quote(str(template_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Preview | None:
    if response.status_code == 200:
        response_200 = Preview.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Preview]:
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
    member_id: int | None | Unset = UNSET,
    language: None | str | Unset = UNSET,
) -> Response[Error | Preview]:
    """Preview Message Template

     The template rendered for a member (links untracked, nothing sent or recorded).

    Args:
        template_id (int): The template's id.
        member_id (int | None | Unset):
        language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Preview]
    """

    kwargs = _get_kwargs(
        template_id=template_id,
        member_id=member_id,
        language=language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    template_id: int,
    *,
    client: AuthenticatedClient,
    member_id: int | None | Unset = UNSET,
    language: None | str | Unset = UNSET,
) -> Error | Preview | None:
    """Preview Message Template

     The template rendered for a member (links untracked, nothing sent or recorded).

    Args:
        template_id (int): The template's id.
        member_id (int | None | Unset):
        language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Preview
    """

    return sync_detailed(
        template_id=template_id,
        client=client,
        member_id=member_id,
        language=language,
    ).parsed


async def asyncio_detailed(
    template_id: int,
    *,
    client: AuthenticatedClient,
    member_id: int | None | Unset = UNSET,
    language: None | str | Unset = UNSET,
) -> Response[Error | Preview]:
    """Preview Message Template

     The template rendered for a member (links untracked, nothing sent or recorded).

    Args:
        template_id (int): The template's id.
        member_id (int | None | Unset):
        language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Preview]
    """

    kwargs = _get_kwargs(
        template_id=template_id,
        member_id=member_id,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    template_id: int,
    *,
    client: AuthenticatedClient,
    member_id: int | None | Unset = UNSET,
    language: None | str | Unset = UNSET,
) -> Error | Preview | None:
    """Preview Message Template

     The template rendered for a member (links untracked, nothing sent or recorded).

    Args:
        template_id (int): The template's id.
        member_id (int | None | Unset):
        language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Preview
    """

    return (
        await asyncio_detailed(
            template_id=template_id,
            client=client,
            member_id=member_id,
            language=language,
        )
    ).parsed
