from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.voucher_redeem import VoucherRedeem
from ...models.voucher_redemption_read import VoucherRedemptionRead
from ...types import Response


def _get_kwargs(
    *,
    body: VoucherRedeem,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/vouchers/redeem",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | VoucherRedemptionRead | None:
    if response.status_code == 201:
        response_201 = VoucherRedemptionRead.from_dict(response.json())

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
) -> Response[Error | VoucherRedemptionRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: VoucherRedeem,
    idempotency_key: str,
) -> Response[Error | VoucherRedemptionRead]:
    """Redeem Voucher

     Use the code on the order, atomically: the code's uses, the member's and the campaign's
    counters and a gift card's balance change together or not at all, each limit enforced by
    the statement that consumes it, so a single-use code raced by many tills is used once.

    Requires an Idempotency-Key: a retry with the same key and body replays the first answer
    (header `Idempotent-Replayed: true`) and never redeems twice. A refusal is 404/409 with the
    same codes validation gives.

    Args:
        idempotency_key (str): Required. Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (VoucherRedeem):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VoucherRedemptionRead]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: VoucherRedeem,
    idempotency_key: str,
) -> Error | VoucherRedemptionRead | None:
    """Redeem Voucher

     Use the code on the order, atomically: the code's uses, the member's and the campaign's
    counters and a gift card's balance change together or not at all, each limit enforced by
    the statement that consumes it, so a single-use code raced by many tills is used once.

    Requires an Idempotency-Key: a retry with the same key and body replays the first answer
    (header `Idempotent-Replayed: true`) and never redeems twice. A refusal is 404/409 with the
    same codes validation gives.

    Args:
        idempotency_key (str): Required. Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (VoucherRedeem):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VoucherRedemptionRead
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: VoucherRedeem,
    idempotency_key: str,
) -> Response[Error | VoucherRedemptionRead]:
    """Redeem Voucher

     Use the code on the order, atomically: the code's uses, the member's and the campaign's
    counters and a gift card's balance change together or not at all, each limit enforced by
    the statement that consumes it, so a single-use code raced by many tills is used once.

    Requires an Idempotency-Key: a retry with the same key and body replays the first answer
    (header `Idempotent-Replayed: true`) and never redeems twice. A refusal is 404/409 with the
    same codes validation gives.

    Args:
        idempotency_key (str): Required. Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (VoucherRedeem):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VoucherRedemptionRead]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: VoucherRedeem,
    idempotency_key: str,
) -> Error | VoucherRedemptionRead | None:
    """Redeem Voucher

     Use the code on the order, atomically: the code's uses, the member's and the campaign's
    counters and a gift card's balance change together or not at all, each limit enforced by
    the statement that consumes it, so a single-use code raced by many tills is used once.

    Requires an Idempotency-Key: a retry with the same key and body replays the first answer
    (header `Idempotent-Replayed: true`) and never redeems twice. A refusal is 404/409 with the
    same codes validation gives.

    Args:
        idempotency_key (str): Required. Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (VoucherRedeem):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VoucherRedemptionRead
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
