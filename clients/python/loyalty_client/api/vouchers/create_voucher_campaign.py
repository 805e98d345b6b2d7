from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.campaign_create import CampaignCreate
from ...models.campaign_read import CampaignRead
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: CampaignCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/voucher-campaigns",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CampaignRead | Error | None:
    if response.status_code == 201:
        response_201 = CampaignRead.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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
    *,
    client: AuthenticatedClient,
    body: CampaignCreate,
) -> Response[CampaignRead | Error]:
    """Create Voucher Campaign

     A voucher campaign, active at once. Its terms must fit its kind (422 naming the field):
    `fixed_amount` needs `amount`, `percent` needs `percent` (and may cap it with
    `max_discount`), `free_product` needs `sku`, `points_multiplier` needs `factor`,
    `gift_card` needs `amount` (each code's starting balance). A `member.tier` comparison
    naming a code the program has no tier level for is 422 `unknown_tier` (the value's path in
    `field`, the program's codes in `details.known`).

    Args:
        body (CampaignCreate): A voucher campaign: what its codes give, when, to whom, and how
            often.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CampaignRead | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CampaignCreate,
) -> CampaignRead | Error | None:
    """Create Voucher Campaign

     A voucher campaign, active at once. Its terms must fit its kind (422 naming the field):
    `fixed_amount` needs `amount`, `percent` needs `percent` (and may cap it with
    `max_discount`), `free_product` needs `sku`, `points_multiplier` needs `factor`,
    `gift_card` needs `amount` (each code's starting balance). A `member.tier` comparison
    naming a code the program has no tier level for is 422 `unknown_tier` (the value's path in
    `field`, the program's codes in `details.known`).

    Args:
        body (CampaignCreate): A voucher campaign: what its codes give, when, to whom, and how
            often.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CampaignRead | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CampaignCreate,
) -> Response[CampaignRead | Error]:
    """Create Voucher Campaign

     A voucher campaign, active at once. Its terms must fit its kind (422 naming the field):
    `fixed_amount` needs `amount`, `percent` needs `percent` (and may cap it with
    `max_discount`), `free_product` needs `sku`, `points_multiplier` needs `factor`,
    `gift_card` needs `amount` (each code's starting balance). A `member.tier` comparison
    naming a code the program has no tier level for is 422 `unknown_tier` (the value's path in
    `field`, the program's codes in `details.known`).

    Args:
        body (CampaignCreate): A voucher campaign: what its codes give, when, to whom, and how
            often.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CampaignRead | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CampaignCreate,
) -> CampaignRead | Error | None:
    """Create Voucher Campaign

     A voucher campaign, active at once. Its terms must fit its kind (422 naming the field):
    `fixed_amount` needs `amount`, `percent` needs `percent` (and may cap it with
    `max_discount`), `free_product` needs `sku`, `points_multiplier` needs `factor`,
    `gift_card` needs `amount` (each code's starting balance). A `member.tier` comparison
    naming a code the program has no tier level for is 422 `unknown_tier` (the value's path in
    `field`, the program's codes in `details.known`).

    Args:
        body (CampaignCreate): A voucher campaign: what its codes give, when, to whom, and how
            often.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CampaignRead | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
