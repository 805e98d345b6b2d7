import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.brought_back_report import BroughtBackReport
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    start: datetime.date | None | Unset = UNSET,
    end: datetime.date | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_start: None | str | Unset
    if isinstance(start, Unset):
        json_start = UNSET
    elif isinstance(start, datetime.date):
        json_start = start.isoformat()
    else:
        json_start = start
    params["start"] = json_start

    json_end: None | str | Unset
    if isinstance(end, Unset):
        json_end = UNSET
    elif isinstance(end, datetime.date):
        json_end = end.isoformat()
    else:
        json_end = end
    params["end"] = json_end

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/browsing/brought-back",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BroughtBackReport | Error | None:
    if response.status_code == 200:
        response_200 = BroughtBackReport.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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
) -> Response[BroughtBackReport | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    start: datetime.date | None | Unset = UNSET,
    end: datetime.date | None | Unset = UNSET,
) -> Response[BroughtBackReport | Error]:
    """Read Brought Back

     Per utm_campaign: visitors and members who came through it, members whose purchase it was
    the last campaign visit before (within 7 days), and those purchases' revenue. Tag a
    campaign's links `utm_campaign=campaign-<id>` and a message's with its template key.

    Args:
        start (datetime.date | None | Unset): First day (UTC); 29 days before `end` by default
        end (datetime.date | None | Unset): Last day (UTC), included; today by default

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BroughtBackReport | Error]
    """

    kwargs = _get_kwargs(
        start=start,
        end=end,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    start: datetime.date | None | Unset = UNSET,
    end: datetime.date | None | Unset = UNSET,
) -> BroughtBackReport | Error | None:
    """Read Brought Back

     Per utm_campaign: visitors and members who came through it, members whose purchase it was
    the last campaign visit before (within 7 days), and those purchases' revenue. Tag a
    campaign's links `utm_campaign=campaign-<id>` and a message's with its template key.

    Args:
        start (datetime.date | None | Unset): First day (UTC); 29 days before `end` by default
        end (datetime.date | None | Unset): Last day (UTC), included; today by default

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BroughtBackReport | Error
    """

    return sync_detailed(
        client=client,
        start=start,
        end=end,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    start: datetime.date | None | Unset = UNSET,
    end: datetime.date | None | Unset = UNSET,
) -> Response[BroughtBackReport | Error]:
    """Read Brought Back

     Per utm_campaign: visitors and members who came through it, members whose purchase it was
    the last campaign visit before (within 7 days), and those purchases' revenue. Tag a
    campaign's links `utm_campaign=campaign-<id>` and a message's with its template key.

    Args:
        start (datetime.date | None | Unset): First day (UTC); 29 days before `end` by default
        end (datetime.date | None | Unset): Last day (UTC), included; today by default

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BroughtBackReport | Error]
    """

    kwargs = _get_kwargs(
        start=start,
        end=end,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    start: datetime.date | None | Unset = UNSET,
    end: datetime.date | None | Unset = UNSET,
) -> BroughtBackReport | Error | None:
    """Read Brought Back

     Per utm_campaign: visitors and members who came through it, members whose purchase it was
    the last campaign visit before (within 7 days), and those purchases' revenue. Tag a
    campaign's links `utm_campaign=campaign-<id>` and a message's with its template key.

    Args:
        start (datetime.date | None | Unset): First day (UTC); 29 days before `end` by default
        end (datetime.date | None | Unset): Last day (UTC), included; today by default

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BroughtBackReport | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            start=start,
            end=end,
        )
    ).parsed
