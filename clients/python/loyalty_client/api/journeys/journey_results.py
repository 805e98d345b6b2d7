from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.journey_results import JourneyResults
from ...types import Response


def _get_kwargs(
    journey_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/journeys/{journey_id}/results".format(
            journey_id=quote(str(journey_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | JourneyResults | None:
    if response.status_code == 200:
        response_200 = JourneyResults.from_dict(response.json())

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
) -> Response[Error | JourneyResults]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    journey_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Error | JourneyResults]:
    """Journey Results

     Target and control side by side (the graph's `holdout`): entered, messages delivered,
    opened and clicked, converted, conversion revenue, points and coupons given and their cost;
    then the uplift in revenue per entrant with its 95 % confidence interval, the incremental
    revenue and the return on cost. Conversions count within the goal's attribution window.

    Args:
        journey_id (int): The journey's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JourneyResults]
    """

    kwargs = _get_kwargs(
        journey_id=journey_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    journey_id: int,
    *,
    client: AuthenticatedClient,
) -> Error | JourneyResults | None:
    """Journey Results

     Target and control side by side (the graph's `holdout`): entered, messages delivered,
    opened and clicked, converted, conversion revenue, points and coupons given and their cost;
    then the uplift in revenue per entrant with its 95 % confidence interval, the incremental
    revenue and the return on cost. Conversions count within the goal's attribution window.

    Args:
        journey_id (int): The journey's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JourneyResults
    """

    return sync_detailed(
        journey_id=journey_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    journey_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Error | JourneyResults]:
    """Journey Results

     Target and control side by side (the graph's `holdout`): entered, messages delivered,
    opened and clicked, converted, conversion revenue, points and coupons given and their cost;
    then the uplift in revenue per entrant with its 95 % confidence interval, the incremental
    revenue and the return on cost. Conversions count within the goal's attribution window.

    Args:
        journey_id (int): The journey's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JourneyResults]
    """

    kwargs = _get_kwargs(
        journey_id=journey_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    journey_id: int,
    *,
    client: AuthenticatedClient,
) -> Error | JourneyResults | None:
    """Journey Results

     Target and control side by side (the graph's `holdout`): entered, messages delivered,
    opened and clicked, converted, conversion revenue, points and coupons given and their cost;
    then the uplift in revenue per entrant with its 95 % confidence interval, the incremental
    revenue and the return on cost. Conversions count within the goal's attribution window.

    Args:
        journey_id (int): The journey's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JourneyResults
    """

    return (
        await asyncio_detailed(
            journey_id=journey_id,
            client=client,
        )
    ).parsed
