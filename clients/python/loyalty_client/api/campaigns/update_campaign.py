from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.marketing_campaign_read import MarketingCampaignRead
from ...models.marketing_campaign_update import MarketingCampaignUpdate
from ...types import Response


def _get_kwargs(
    campaign_id: int,
    *,
    body: MarketingCampaignUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/campaigns/{campaign_id}".format(
            campaign_id=quote(str(campaign_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | MarketingCampaignRead | None:
    if response.status_code == 200:
        response_200 = MarketingCampaignRead.from_dict(response.json())

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
) -> Response[Error | MarketingCampaignRead]:
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
    body: MarketingCampaignUpdate,
) -> Response[Error | MarketingCampaignRead]:
    """Update Campaign

     Change a draft or scheduled campaign. The control group's seed stays, so everyone stays
    in the group they were in.

    Args:
        campaign_id (int): The campaign's id.
        body (MarketingCampaignUpdate): Any subset of a draft or scheduled campaign's fields; null
            clears message, offer, budget,
            condition, starts_at (back to a draft) or ends_at. `members` replaces the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MarketingCampaignRead]
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
    body: MarketingCampaignUpdate,
) -> Error | MarketingCampaignRead | None:
    """Update Campaign

     Change a draft or scheduled campaign. The control group's seed stays, so everyone stays
    in the group they were in.

    Args:
        campaign_id (int): The campaign's id.
        body (MarketingCampaignUpdate): Any subset of a draft or scheduled campaign's fields; null
            clears message, offer, budget,
            condition, starts_at (back to a draft) or ends_at. `members` replaces the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MarketingCampaignRead
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
    body: MarketingCampaignUpdate,
) -> Response[Error | MarketingCampaignRead]:
    """Update Campaign

     Change a draft or scheduled campaign. The control group's seed stays, so everyone stays
    in the group they were in.

    Args:
        campaign_id (int): The campaign's id.
        body (MarketingCampaignUpdate): Any subset of a draft or scheduled campaign's fields; null
            clears message, offer, budget,
            condition, starts_at (back to a draft) or ends_at. `members` replaces the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MarketingCampaignRead]
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
    body: MarketingCampaignUpdate,
) -> Error | MarketingCampaignRead | None:
    """Update Campaign

     Change a draft or scheduled campaign. The control group's seed stays, so everyone stays
    in the group they were in.

    Args:
        campaign_id (int): The campaign's id.
        body (MarketingCampaignUpdate): Any subset of a draft or scheduled campaign's fields; null
            clears message, offer, budget,
            condition, starts_at (back to a draft) or ends_at. `members` replaces the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MarketingCampaignRead
    """

    return (
        await asyncio_detailed(
            campaign_id=campaign_id,
            client=client,
            body=body,
        )
    ).parsed
