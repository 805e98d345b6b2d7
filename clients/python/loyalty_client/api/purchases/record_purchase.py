from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.purchase_create import PurchaseCreate
from ...models.purchase_outcome import PurchaseOutcome
from ...types import Response


def _get_kwargs(
    *,
    body: PurchaseCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/purchases",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PurchaseOutcome | None:
    if response.status_code == 200:
        response_200 = PurchaseOutcome.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = PurchaseOutcome.from_dict(response.json())

        return response_201

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

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | PurchaseOutcome]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PurchaseCreate,
) -> Response[Error | PurchaseOutcome]:
    """Record Purchase

     Record a receipt and earn its points, in one transaction.

    Idempotent on `external_id`: the same body again returns 200 with the same result; a
    different body with the same `external_id` is 409 `external_id_conflict`. The response
    gives the points earned, pending and available, and which rules gave how many.

    Each code in `coupons` counts as one voucher attempt, per API key and per member, as
    `POST /vouchers/validate` does, before any code is checked: over the limit the purchase
    is refused with 429 `rate_limited` and Retry-After, and nothing of it is kept.

    Args:
        body (PurchaseCreate): A receipt. `total` defaults to the sum of the lines; given with
            lines, it must equal it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PurchaseOutcome]
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
    body: PurchaseCreate,
) -> Error | PurchaseOutcome | None:
    """Record Purchase

     Record a receipt and earn its points, in one transaction.

    Idempotent on `external_id`: the same body again returns 200 with the same result; a
    different body with the same `external_id` is 409 `external_id_conflict`. The response
    gives the points earned, pending and available, and which rules gave how many.

    Each code in `coupons` counts as one voucher attempt, per API key and per member, as
    `POST /vouchers/validate` does, before any code is checked: over the limit the purchase
    is refused with 429 `rate_limited` and Retry-After, and nothing of it is kept.

    Args:
        body (PurchaseCreate): A receipt. `total` defaults to the sum of the lines; given with
            lines, it must equal it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PurchaseOutcome
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PurchaseCreate,
) -> Response[Error | PurchaseOutcome]:
    """Record Purchase

     Record a receipt and earn its points, in one transaction.

    Idempotent on `external_id`: the same body again returns 200 with the same result; a
    different body with the same `external_id` is 409 `external_id_conflict`. The response
    gives the points earned, pending and available, and which rules gave how many.

    Each code in `coupons` counts as one voucher attempt, per API key and per member, as
    `POST /vouchers/validate` does, before any code is checked: over the limit the purchase
    is refused with 429 `rate_limited` and Retry-After, and nothing of it is kept.

    Args:
        body (PurchaseCreate): A receipt. `total` defaults to the sum of the lines; given with
            lines, it must equal it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PurchaseOutcome]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PurchaseCreate,
) -> Error | PurchaseOutcome | None:
    """Record Purchase

     Record a receipt and earn its points, in one transaction.

    Idempotent on `external_id`: the same body again returns 200 with the same result; a
    different body with the same `external_id` is 409 `external_id_conflict`. The response
    gives the points earned, pending and available, and which rules gave how many.

    Each code in `coupons` counts as one voucher attempt, per API key and per member, as
    `POST /vouchers/validate` does, before any code is checked: over the limit the purchase
    is refused with 429 `rate_limited` and Retry-After, and nothing of it is kept.

    Args:
        body (PurchaseCreate): A receipt. `total` defaults to the sum of the lines; given with
            lines, it must equal it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PurchaseOutcome
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
