from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.refund_create import RefundCreate
from ...models.refund_outcome import RefundOutcome
from ...types import UNSET, Response, Unset


def _get_kwargs(
    purchase_id: int,
    *,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/purchases/{purchase_id}/refunds".format(
            purchase_id=quote(str(purchase_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | RefundOutcome | None:
    if response.status_code == 200:
        response_200 = RefundOutcome.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = RefundOutcome.from_dict(response.json())

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

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | RefundOutcome]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    purchase_id: int,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Error | RefundOutcome]:
    """Refund Purchase

     Refund whole lines, some units, or an amount; the points earned on it are reversed proportionally.

    Points already spent leave the member's balance negative; spending is blocked until it
    is covered. The refund that leaves nothing of the purchase paid for also rolls back the
    vouchers the purchase recorded (its `coupons`, among them codes redeemed at checkout on
    its `external_id` as the order; not others redeemed on that order id): the codes are
    usable again and a gift card gets back what it paid; they are listed in
    `vouchers_rolled_back`. A partial refund keeps them used.

    Retry-safe two ways: by the refund's `external_id` (the same body again is 200 with the
    same result; another body is 409 `external_id_conflict`), or by an `Idempotency-Key`
    header (the same key and body replay the first answer with `Idempotent-Replayed: true`;
    the same key with another body is 409 `idempotency_mismatch`). Send one of them: a retry
    with neither refunds again.

    Args:
        purchase_id (int): The purchase's id.
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (RefundCreate): Refund whole lines, some units of lines, or an amount spread over
            what is not yet refunded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RefundOutcome]
    """

    kwargs = _get_kwargs(
        purchase_id=purchase_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    purchase_id: int,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Error | RefundOutcome | None:
    """Refund Purchase

     Refund whole lines, some units, or an amount; the points earned on it are reversed proportionally.

    Points already spent leave the member's balance negative; spending is blocked until it
    is covered. The refund that leaves nothing of the purchase paid for also rolls back the
    vouchers the purchase recorded (its `coupons`, among them codes redeemed at checkout on
    its `external_id` as the order; not others redeemed on that order id): the codes are
    usable again and a gift card gets back what it paid; they are listed in
    `vouchers_rolled_back`. A partial refund keeps them used.

    Retry-safe two ways: by the refund's `external_id` (the same body again is 200 with the
    same result; another body is 409 `external_id_conflict`), or by an `Idempotency-Key`
    header (the same key and body replay the first answer with `Idempotent-Replayed: true`;
    the same key with another body is 409 `idempotency_mismatch`). Send one of them: a retry
    with neither refunds again.

    Args:
        purchase_id (int): The purchase's id.
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (RefundCreate): Refund whole lines, some units of lines, or an amount spread over
            what is not yet refunded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RefundOutcome
    """

    return sync_detailed(
        purchase_id=purchase_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    purchase_id: int,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Error | RefundOutcome]:
    """Refund Purchase

     Refund whole lines, some units, or an amount; the points earned on it are reversed proportionally.

    Points already spent leave the member's balance negative; spending is blocked until it
    is covered. The refund that leaves nothing of the purchase paid for also rolls back the
    vouchers the purchase recorded (its `coupons`, among them codes redeemed at checkout on
    its `external_id` as the order; not others redeemed on that order id): the codes are
    usable again and a gift card gets back what it paid; they are listed in
    `vouchers_rolled_back`. A partial refund keeps them used.

    Retry-safe two ways: by the refund's `external_id` (the same body again is 200 with the
    same result; another body is 409 `external_id_conflict`), or by an `Idempotency-Key`
    header (the same key and body replay the first answer with `Idempotent-Replayed: true`;
    the same key with another body is 409 `idempotency_mismatch`). Send one of them: a retry
    with neither refunds again.

    Args:
        purchase_id (int): The purchase's id.
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (RefundCreate): Refund whole lines, some units of lines, or an amount spread over
            what is not yet refunded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RefundOutcome]
    """

    kwargs = _get_kwargs(
        purchase_id=purchase_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    purchase_id: int,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Error | RefundOutcome | None:
    """Refund Purchase

     Refund whole lines, some units, or an amount; the points earned on it are reversed proportionally.

    Points already spent leave the member's balance negative; spending is blocked until it
    is covered. The refund that leaves nothing of the purchase paid for also rolls back the
    vouchers the purchase recorded (its `coupons`, among them codes redeemed at checkout on
    its `external_id` as the order; not others redeemed on that order id): the codes are
    usable again and a gift card gets back what it paid; they are listed in
    `vouchers_rolled_back`. A partial refund keeps them used.

    Retry-safe two ways: by the refund's `external_id` (the same body again is 200 with the
    same result; another body is 409 `external_id_conflict`), or by an `Idempotency-Key`
    header (the same key and body replay the first answer with `Idempotent-Replayed: true`;
    the same key with another body is 409 `idempotency_mismatch`). Send one of them: a retry
    with neither refunds again.

    Args:
        purchase_id (int): The purchase's id.
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (RefundCreate): Refund whole lines, some units of lines, or an amount spread over
            what is not yet refunded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RefundOutcome
    """

    return (
        await asyncio_detailed(
            purchase_id=purchase_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
