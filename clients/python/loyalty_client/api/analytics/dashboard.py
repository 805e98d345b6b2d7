from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.dashboard_response_dashboard import DashboardResponseDashboard
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    days: int | Unset = 30,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["days"] = days

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/dashboard",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DashboardResponseDashboard | Error | None:
    if response.status_code == 200:
        response_200 = DashboardResponseDashboard.from_dict(response.json())

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
) -> Response[DashboardResponseDashboard | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    days: int | Unset = 30,
) -> Response[DashboardResponseDashboard | Error]:
    """Dashboard

     Every figure of the admin dashboard for the `days` ending today (program time zone),
    each with the previous period's value. Money in minor units; `liability` as a decimal in
    the program's currency; rates as fractions (null where undefined). As fresh as the last
    sync (`synced_at`, every minute). docs/analytics.md defines each figure.

    Args:
        days (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DashboardResponseDashboard | Error]
    """

    kwargs = _get_kwargs(
        days=days,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    days: int | Unset = 30,
) -> DashboardResponseDashboard | Error | None:
    """Dashboard

     Every figure of the admin dashboard for the `days` ending today (program time zone),
    each with the previous period's value. Money in minor units; `liability` as a decimal in
    the program's currency; rates as fractions (null where undefined). As fresh as the last
    sync (`synced_at`, every minute). docs/analytics.md defines each figure.

    Args:
        days (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DashboardResponseDashboard | Error
    """

    return sync_detailed(
        client=client,
        days=days,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    days: int | Unset = 30,
) -> Response[DashboardResponseDashboard | Error]:
    """Dashboard

     Every figure of the admin dashboard for the `days` ending today (program time zone),
    each with the previous period's value. Money in minor units; `liability` as a decimal in
    the program's currency; rates as fractions (null where undefined). As fresh as the last
    sync (`synced_at`, every minute). docs/analytics.md defines each figure.

    Args:
        days (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DashboardResponseDashboard | Error]
    """

    kwargs = _get_kwargs(
        days=days,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    days: int | Unset = 30,
) -> DashboardResponseDashboard | Error | None:
    """Dashboard

     Every figure of the admin dashboard for the `days` ending today (program time zone),
    each with the previous period's value. Money in minor units; `liability` as a decimal in
    the program's currency; rates as fractions (null where undefined). As fresh as the last
    sync (`synced_at`, every minute). docs/analytics.md defines each figure.

    Args:
        days (int | Unset):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DashboardResponseDashboard | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            days=days,
        )
    ).parsed
