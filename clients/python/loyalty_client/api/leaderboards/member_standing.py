import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.my_standing_read import MyStandingRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    leaderboard_id: int,
    member_id: int,
    *,
    day: datetime.date | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_day: None | str | Unset
    if isinstance(day, Unset):
        json_day = UNSET
    elif isinstance(day, datetime.date):
        json_day = day.isoformat()
    else:
        json_day = day
    params["day"] = json_day

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/leaderboards/{leaderboard_id}/members/{member_id}".format(
            leaderboard_id=quote(str(leaderboard_id), safe=""),
            member_id=quote(str(member_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | MyStandingRead | None:
    if response.status_code == 200:
        response_200 = MyStandingRead.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | MyStandingRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    leaderboard_id: int,
    member_id: int,
    *,
    client: AuthenticatedClient,
    day: datetime.date | None | Unset = UNSET,
) -> Response[Error | MyStandingRead]:
    """Member Standing

     One member's rank and score in the period holding `day` (rank null: no score yet).

    Args:
        leaderboard_id (int): The leaderboard's id.
        member_id (int): The member's id.
        day (datetime.date | None | Unset): A day of the period to show (the program's time zone);
            today by default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MyStandingRead]
    """

    kwargs = _get_kwargs(
        leaderboard_id=leaderboard_id,
        member_id=member_id,
        day=day,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    leaderboard_id: int,
    member_id: int,
    *,
    client: AuthenticatedClient,
    day: datetime.date | None | Unset = UNSET,
) -> Error | MyStandingRead | None:
    """Member Standing

     One member's rank and score in the period holding `day` (rank null: no score yet).

    Args:
        leaderboard_id (int): The leaderboard's id.
        member_id (int): The member's id.
        day (datetime.date | None | Unset): A day of the period to show (the program's time zone);
            today by default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MyStandingRead
    """

    return sync_detailed(
        leaderboard_id=leaderboard_id,
        member_id=member_id,
        client=client,
        day=day,
    ).parsed


async def asyncio_detailed(
    leaderboard_id: int,
    member_id: int,
    *,
    client: AuthenticatedClient,
    day: datetime.date | None | Unset = UNSET,
) -> Response[Error | MyStandingRead]:
    """Member Standing

     One member's rank and score in the period holding `day` (rank null: no score yet).

    Args:
        leaderboard_id (int): The leaderboard's id.
        member_id (int): The member's id.
        day (datetime.date | None | Unset): A day of the period to show (the program's time zone);
            today by default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MyStandingRead]
    """

    kwargs = _get_kwargs(
        leaderboard_id=leaderboard_id,
        member_id=member_id,
        day=day,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    leaderboard_id: int,
    member_id: int,
    *,
    client: AuthenticatedClient,
    day: datetime.date | None | Unset = UNSET,
) -> Error | MyStandingRead | None:
    """Member Standing

     One member's rank and score in the period holding `day` (rank null: no score yet).

    Args:
        leaderboard_id (int): The leaderboard's id.
        member_id (int): The member's id.
        day (datetime.date | None | Unset): A day of the period to show (the program's time zone);
            today by default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MyStandingRead
    """

    return (
        await asyncio_detailed(
            leaderboard_id=leaderboard_id,
            member_id=member_id,
            client=client,
            day=day,
        )
    ).parsed
