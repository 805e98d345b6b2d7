from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.validation_read import ValidationRead
from ...models.voucher_check import VoucherCheck
from ...types import Response


def _get_kwargs(
    *,
    body: VoucherCheck,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/vouchers/validate",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ValidationRead | None:
    if response.status_code == 200:
        response_200 = ValidationRead.from_dict(response.json())

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
) -> Response[Error | ValidationRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: VoucherCheck,
) -> Response[Error | ValidationRead]:
    """Validate Voucher

     Is this code good for this basket and this member now, and exactly what does it take off:
    in total and per line (the shares add up to the total; no line goes below zero). Nothing
    is used up. A refused code answers 200 with `valid: false` and the refusal's `code`:
    `voucher_not_found` (unknown, or published to someone else: the two look the same),
    `voucher_inactive`, `voucher_not_yet_valid`, `voucher_expired`, `voucher_used_up`,
    `voucher_member_limit_reached`, `voucher_not_for_member` or `voucher_not_applicable`
    (with the condition's trace in `why`).

    Attempts are limited per API key and per member (configurable; 600 and 30 a minute by
    default): over the limit is 429 `rate_limited` with Retry-After.

    Args:
        body (VoucherCheck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ValidationRead]
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
    body: VoucherCheck,
) -> Error | ValidationRead | None:
    """Validate Voucher

     Is this code good for this basket and this member now, and exactly what does it take off:
    in total and per line (the shares add up to the total; no line goes below zero). Nothing
    is used up. A refused code answers 200 with `valid: false` and the refusal's `code`:
    `voucher_not_found` (unknown, or published to someone else: the two look the same),
    `voucher_inactive`, `voucher_not_yet_valid`, `voucher_expired`, `voucher_used_up`,
    `voucher_member_limit_reached`, `voucher_not_for_member` or `voucher_not_applicable`
    (with the condition's trace in `why`).

    Attempts are limited per API key and per member (configurable; 600 and 30 a minute by
    default): over the limit is 429 `rate_limited` with Retry-After.

    Args:
        body (VoucherCheck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ValidationRead
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: VoucherCheck,
) -> Response[Error | ValidationRead]:
    """Validate Voucher

     Is this code good for this basket and this member now, and exactly what does it take off:
    in total and per line (the shares add up to the total; no line goes below zero). Nothing
    is used up. A refused code answers 200 with `valid: false` and the refusal's `code`:
    `voucher_not_found` (unknown, or published to someone else: the two look the same),
    `voucher_inactive`, `voucher_not_yet_valid`, `voucher_expired`, `voucher_used_up`,
    `voucher_member_limit_reached`, `voucher_not_for_member` or `voucher_not_applicable`
    (with the condition's trace in `why`).

    Attempts are limited per API key and per member (configurable; 600 and 30 a minute by
    default): over the limit is 429 `rate_limited` with Retry-After.

    Args:
        body (VoucherCheck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ValidationRead]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: VoucherCheck,
) -> Error | ValidationRead | None:
    """Validate Voucher

     Is this code good for this basket and this member now, and exactly what does it take off:
    in total and per line (the shares add up to the total; no line goes below zero). Nothing
    is used up. A refused code answers 200 with `valid: false` and the refusal's `code`:
    `voucher_not_found` (unknown, or published to someone else: the two look the same),
    `voucher_inactive`, `voucher_not_yet_valid`, `voucher_expired`, `voucher_used_up`,
    `voucher_member_limit_reached`, `voucher_not_for_member` or `voucher_not_applicable`
    (with the condition's trace in `why`).

    Attempts are limited per API key and per member (configurable; 600 and 30 a minute by
    default): over the limit is 429 `rate_limited` with Retry-After.

    Args:
        body (VoucherCheck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ValidationRead
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
