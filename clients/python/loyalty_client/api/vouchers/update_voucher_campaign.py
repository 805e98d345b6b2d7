from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.campaign_read import CampaignRead
from ...models.campaign_update import CampaignUpdate
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    campaign_id: int,
    *,
    body: CampaignUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/voucher-campaigns/{campaign_id}".format(
            campaign_id=quote(str(campaign_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CampaignRead | Error | None:
    if response.status_code == 200:
        response_200 = CampaignRead.from_dict(response.json())

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
) -> Response[CampaignRead | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    campaign_id: int,
    *,
    client: AuthenticatedClient,
    body: CampaignUpdate,
) -> Response[CampaignRead | Error]:
    """Update Voucher Campaign

     Change any of the campaign's fields but its kind; in force for every code from now on.
    A `member.tier` comparison naming a code the program has no tier level for is 422
    `unknown_tier` (the value's path in `field`, the program's codes in `details.known`).

    Args:
        campaign_id (int):
        body (CampaignUpdate): Any subset of the campaign's fields; null clears an optional one.
            The kind cannot change.
            A new max_uses_per_code applies to every code of the campaign.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CampaignRead | Error]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    campaign_id: int,
    *,
    client: AuthenticatedClient,
    body: CampaignUpdate,
) -> CampaignRead | Error | None:
    """Update Voucher Campaign

     Change any of the campaign's fields but its kind; in force for every code from now on.
    A `member.tier` comparison naming a code the program has no tier level for is 422
    `unknown_tier` (the value's path in `field`, the program's codes in `details.known`).

    Args:
        campaign_id (int):
        body (CampaignUpdate): Any subset of the campaign's fields; null clears an optional one.
            The kind cannot change.
            A new max_uses_per_code applies to every code of the campaign.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CampaignRead | Error
    """

    return sync_detailed(
        campaign_id=campaign_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    campaign_id: int,
    *,
    client: AuthenticatedClient,
    body: CampaignUpdate,
) -> Response[CampaignRead | Error]:
    """Update Voucher Campaign

     Change any of the campaign's fields but its kind; in force for every code from now on.
    A `member.tier` comparison naming a code the program has no tier level for is 422
    `unknown_tier` (the value's path in `field`, the program's codes in `details.known`).

    Args:
        campaign_id (int):
        body (CampaignUpdate): Any subset of the campaign's fields; null clears an optional one.
            The kind cannot change.
            A new max_uses_per_code applies to every code of the campaign.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CampaignRead | Error]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    campaign_id: int,
    *,
    client: AuthenticatedClient,
    body: CampaignUpdate,
) -> CampaignRead | Error | None:
    """Update Voucher Campaign

     Change any of the campaign's fields but its kind; in force for every code from now on.
    A `member.tier` comparison naming a code the program has no tier level for is 422
    `unknown_tier` (the value's path in `field`, the program's codes in `details.known`).

    Args:
        campaign_id (int):
        body (CampaignUpdate): Any subset of the campaign's fields; null clears an optional one.
            The kind cannot change.
            A new max_uses_per_code applies to every code of the campaign.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CampaignRead | Error
    """

    return (
        await asyncio_detailed(
            campaign_id=campaign_id,
            client=client,
            body=body,
        )
    ).parsed
