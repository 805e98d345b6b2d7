from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.member_challenge_read import MemberChallengeRead
from ...types import Response


def _get_kwargs(
    member_id: int,
    challenge_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/members/{member_id}/challenges/{challenge_id}/join".format(
            member_id=quote(str(member_id), safe=""),
            challenge_id=quote(str(challenge_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | MemberChallengeRead | None:
    if response.status_code == 200:
        response_200 = MemberChallengeRead.from_dict(response.json())

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
) -> Response[Error | MemberChallengeRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    member_id: int,
    challenge_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Error | MemberChallengeRead]:
    """Join Challenge

     Join the member to the challenge (joining again changes nothing). Their activity counts
    from now, or from the start when it has not started yet.

    Args:
        member_id (int): The member's id.
        challenge_id (int): The challenge's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemberChallengeRead]
    """

    kwargs = _get_kwargs(
        member_id=member_id,
        challenge_id=challenge_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    member_id: int,
    challenge_id: int,
    *,
    client: AuthenticatedClient,
) -> Error | MemberChallengeRead | None:
    """Join Challenge

     Join the member to the challenge (joining again changes nothing). Their activity counts
    from now, or from the start when it has not started yet.

    Args:
        member_id (int): The member's id.
        challenge_id (int): The challenge's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemberChallengeRead
    """

    return sync_detailed(
        member_id=member_id,
        challenge_id=challenge_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    member_id: int,
    challenge_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Error | MemberChallengeRead]:
    """Join Challenge

     Join the member to the challenge (joining again changes nothing). Their activity counts
    from now, or from the start when it has not started yet.

    Args:
        member_id (int): The member's id.
        challenge_id (int): The challenge's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemberChallengeRead]
    """

    kwargs = _get_kwargs(
        member_id=member_id,
        challenge_id=challenge_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    member_id: int,
    challenge_id: int,
    *,
    client: AuthenticatedClient,
) -> Error | MemberChallengeRead | None:
    """Join Challenge

     Join the member to the challenge (joining again changes nothing). Their activity counts
    from now, or from the start when it has not started yet.

    Args:
        member_id (int): The member's id.
        challenge_id (int): The challenge's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemberChallengeRead
    """

    return (
        await asyncio_detailed(
            member_id=member_id,
            challenge_id=challenge_id,
            client=client,
        )
    ).parsed
