from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.response_create import ResponseCreate
from ...models.response_read import ResponseRead
from ...types import Response


def _get_kwargs(
    survey_id: int,
    *,
    body: ResponseCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/surveys/{survey_id}/responses".format(
            survey_id=quote(str(survey_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ResponseRead | None:
    if response.status_code == 201:
        response_201 = ResponseRead.from_dict(response.json())

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
) -> Response[Error | ResponseRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    survey_id: int,
    *,
    client: AuthenticatedClient,
    body: ResponseCreate,
) -> Response[Error | ResponseRead]:
    """Submit Response

     A member's answers, e.g. from the shop's own form. The survey's points are paid once; answers
    mapped to profile attributes are copied only with the member's `profiling` consent.

    Args:
        survey_id (int): The survey's id.
        body (ResponseCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ResponseRead]
    """

    kwargs = _get_kwargs(
        survey_id=survey_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    survey_id: int,
    *,
    client: AuthenticatedClient,
    body: ResponseCreate,
) -> Error | ResponseRead | None:
    """Submit Response

     A member's answers, e.g. from the shop's own form. The survey's points are paid once; answers
    mapped to profile attributes are copied only with the member's `profiling` consent.

    Args:
        survey_id (int): The survey's id.
        body (ResponseCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ResponseRead
    """

    return sync_detailed(
        survey_id=survey_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    survey_id: int,
    *,
    client: AuthenticatedClient,
    body: ResponseCreate,
) -> Response[Error | ResponseRead]:
    """Submit Response

     A member's answers, e.g. from the shop's own form. The survey's points are paid once; answers
    mapped to profile attributes are copied only with the member's `profiling` consent.

    Args:
        survey_id (int): The survey's id.
        body (ResponseCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ResponseRead]
    """

    kwargs = _get_kwargs(
        survey_id=survey_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    survey_id: int,
    *,
    client: AuthenticatedClient,
    body: ResponseCreate,
) -> Error | ResponseRead | None:
    """Submit Response

     A member's answers, e.g. from the shop's own form. The survey's points are paid once; answers
    mapped to profile attributes are copied only with the member's `profiling` consent.

    Args:
        survey_id (int): The survey's id.
        body (ResponseCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ResponseRead
    """

    return (
        await asyncio_detailed(
            survey_id=survey_id,
            client=client,
            body=body,
        )
    ).parsed
