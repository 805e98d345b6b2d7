from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.channel_settings_read import ChannelSettingsRead
from ...models.channel_settings_write import ChannelSettingsWrite
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    channel: str,
    *,
    body: ChannelSettingsWrite,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/message-channels/{channel}".format(
            channel=quote(str(channel), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ChannelSettingsRead | Error | None:
    if response.status_code == 200:
        response_200 = ChannelSettingsRead.from_dict(response.json())

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
) -> Response[ChannelSettingsRead | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    channel: str,
    *,
    client: AuthenticatedClient,
    body: ChannelSettingsWrite,
) -> Response[ChannelSettingsRead | Error]:
    """Replace Message Channel

     Set a channel's frequency cap (`cap_count` per `cap_days` rolling days) and quiet hours.

    Args:
        channel (str):
        body (ChannelSettingsWrite): At most `cap_count` messages per member in `cap_days` rolling
            days (null: no cap); no
            sending from `quiet_start` to `quiet_end` ("21:00", "08:00"; null: none) in the member's
            time.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChannelSettingsRead | Error]
    """

    kwargs = _get_kwargs(
        channel=channel,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    channel: str,
    *,
    client: AuthenticatedClient,
    body: ChannelSettingsWrite,
) -> ChannelSettingsRead | Error | None:
    """Replace Message Channel

     Set a channel's frequency cap (`cap_count` per `cap_days` rolling days) and quiet hours.

    Args:
        channel (str):
        body (ChannelSettingsWrite): At most `cap_count` messages per member in `cap_days` rolling
            days (null: no cap); no
            sending from `quiet_start` to `quiet_end` ("21:00", "08:00"; null: none) in the member's
            time.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChannelSettingsRead | Error
    """

    return sync_detailed(
        channel=channel,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    channel: str,
    *,
    client: AuthenticatedClient,
    body: ChannelSettingsWrite,
) -> Response[ChannelSettingsRead | Error]:
    """Replace Message Channel

     Set a channel's frequency cap (`cap_count` per `cap_days` rolling days) and quiet hours.

    Args:
        channel (str):
        body (ChannelSettingsWrite): At most `cap_count` messages per member in `cap_days` rolling
            days (null: no cap); no
            sending from `quiet_start` to `quiet_end` ("21:00", "08:00"; null: none) in the member's
            time.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChannelSettingsRead | Error]
    """

    kwargs = _get_kwargs(
        channel=channel,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    channel: str,
    *,
    client: AuthenticatedClient,
    body: ChannelSettingsWrite,
) -> ChannelSettingsRead | Error | None:
    """Replace Message Channel

     Set a channel's frequency cap (`cap_count` per `cap_days` rolling days) and quiet hours.

    Args:
        channel (str):
        body (ChannelSettingsWrite): At most `cap_count` messages per member in `cap_days` rolling
            days (null: no cap); no
            sending from `quiet_start` to `quiet_end` ("21:00", "08:00"; null: none) in the member's
            time.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChannelSettingsRead | Error
    """

    return (
        await asyncio_detailed(
            channel=channel,
            client=client,
            body=body,
        )
    ).parsed
