from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.visitor_link import VisitorLink
from ...models.visitor_read import VisitorRead
from ...types import Response


def _get_kwargs(
    member_id: int,
    *,
    body: VisitorLink,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/members/{member_id}/visitors".format(
            member_id=quote(str(member_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | VisitorRead | None:
    if response.status_code == 200:
        response_200 = VisitorRead.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | VisitorRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: VisitorLink,
) -> Response[Error | VisitorRead]:
    """Link Visitor

     The shop's server says a visitor (the `loyalty_vid` cookie the tracking script set) is this
    member, e.g. when the customer signs in: the visitor's earlier visits join the member and
    `visitor.identified` is recorded (once; sending it again is harmless).

    Args:
        member_id (int): The member's id.
        body (VisitorLink):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VisitorRead]
    """

    kwargs = _get_kwargs(
        member_id=member_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: VisitorLink,
) -> Error | VisitorRead | None:
    """Link Visitor

     The shop's server says a visitor (the `loyalty_vid` cookie the tracking script set) is this
    member, e.g. when the customer signs in: the visitor's earlier visits join the member and
    `visitor.identified` is recorded (once; sending it again is harmless).

    Args:
        member_id (int): The member's id.
        body (VisitorLink):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VisitorRead
    """

    return sync_detailed(
        member_id=member_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: VisitorLink,
) -> Response[Error | VisitorRead]:
    """Link Visitor

     The shop's server says a visitor (the `loyalty_vid` cookie the tracking script set) is this
    member, e.g. when the customer signs in: the visitor's earlier visits join the member and
    `visitor.identified` is recorded (once; sending it again is harmless).

    Args:
        member_id (int): The member's id.
        body (VisitorLink):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VisitorRead]
    """

    kwargs = _get_kwargs(
        member_id=member_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    member_id: int,
    *,
    client: AuthenticatedClient,
    body: VisitorLink,
) -> Error | VisitorRead | None:
    """Link Visitor

     The shop's server says a visitor (the `loyalty_vid` cookie the tracking script set) is this
    member, e.g. when the customer signs in: the visitor's earlier visits join the member and
    `visitor.identified` is recorded (once; sending it again is harmless).

    Args:
        member_id (int): The member's id.
        body (VisitorLink):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VisitorRead
    """

    return (
        await asyncio_detailed(
            member_id=member_id,
            client=client,
            body=body,
        )
    ).parsed
