from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bonus_card_top_up import BonusCardTopUp
from ...models.error import Error
from ...models.gift_voucher_read import GiftVoucherRead
from ...types import Response


def _get_kwargs(
    card_id: int,
    *,
    body: BonusCardTopUp,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/bonus-cards/{card_id}/top-ups".format(
            card_id=quote(str(card_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GiftVoucherRead | None:
    if response.status_code == 200:
        response_200 = GiftVoucherRead.from_dict(response.json())

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
) -> Response[Error | GiftVoucherRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    card_id: int,
    *,
    client: AuthenticatedClient,
    body: BonusCardTopUp,
    idempotency_key: str,
) -> Response[Error | GiftVoucherRead]:
    """Top Up Bonus Card

     Add funds to a card (audited: a `top_up` movement and a `bonus_card.topped_up` event).
    Needs an Idempotency-Key: a retry with it never funds twice.

    Args:
        card_id (int):
        idempotency_key (str): Required. Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (BonusCardTopUp):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GiftVoucherRead]
    """

    kwargs = _get_kwargs(
        card_id=card_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    card_id: int,
    *,
    client: AuthenticatedClient,
    body: BonusCardTopUp,
    idempotency_key: str,
) -> Error | GiftVoucherRead | None:
    """Top Up Bonus Card

     Add funds to a card (audited: a `top_up` movement and a `bonus_card.topped_up` event).
    Needs an Idempotency-Key: a retry with it never funds twice.

    Args:
        card_id (int):
        idempotency_key (str): Required. Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (BonusCardTopUp):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GiftVoucherRead
    """

    return sync_detailed(
        card_id=card_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    card_id: int,
    *,
    client: AuthenticatedClient,
    body: BonusCardTopUp,
    idempotency_key: str,
) -> Response[Error | GiftVoucherRead]:
    """Top Up Bonus Card

     Add funds to a card (audited: a `top_up` movement and a `bonus_card.topped_up` event).
    Needs an Idempotency-Key: a retry with it never funds twice.

    Args:
        card_id (int):
        idempotency_key (str): Required. Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (BonusCardTopUp):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GiftVoucherRead]
    """

    kwargs = _get_kwargs(
        card_id=card_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    card_id: int,
    *,
    client: AuthenticatedClient,
    body: BonusCardTopUp,
    idempotency_key: str,
) -> Error | GiftVoucherRead | None:
    """Top Up Bonus Card

     Add funds to a card (audited: a `top_up` movement and a `bonus_card.topped_up` event).
    Needs an Idempotency-Key: a retry with it never funds twice.

    Args:
        card_id (int):
        idempotency_key (str): Required. Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (BonusCardTopUp):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GiftVoucherRead
    """

    return (
        await asyncio_detailed(
            card_id=card_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
