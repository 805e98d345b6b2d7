from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.custom_event_create import CustomEventCreate
from ...models.custom_event_read import CustomEventRead
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CustomEventCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/events",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CustomEventRead | Error | None:
    if response.status_code == 201:
        response_201 = CustomEventRead.from_dict(response.json())

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
) -> Response[CustomEventRead | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CustomEventCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CustomEventRead | Error]:
    """Record Event

     Record a custom event on the member's timeline (`custom_event.received`) and award the
    custom_event rules whose event_type equals `type`, within their caps (a rule with
    `once_per: "event.payload.product_id"` gives once per product). Send an Idempotency-Key
    to make a retry return the first answer instead of recording the event twice.

    Args:
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (CustomEventCreate): Something a member did that earning rules may reward (a review,
            a referral, a check-in).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomEventRead | Error]
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
    body: CustomEventCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> CustomEventRead | Error | None:
    """Record Event

     Record a custom event on the member's timeline (`custom_event.received`) and award the
    custom_event rules whose event_type equals `type`, within their caps (a rule with
    `once_per: "event.payload.product_id"` gives once per product). Send an Idempotency-Key
    to make a retry return the first answer instead of recording the event twice.

    Args:
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (CustomEventCreate): Something a member did that earning rules may reward (a review,
            a referral, a check-in).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomEventRead | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CustomEventCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CustomEventRead | Error]:
    """Record Event

     Record a custom event on the member's timeline (`custom_event.received`) and award the
    custom_event rules whose event_type equals `type`, within their caps (a rule with
    `once_per: "event.payload.product_id"` gives once per product). Send an Idempotency-Key
    to make a retry return the first answer instead of recording the event twice.

    Args:
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (CustomEventCreate): Something a member did that earning rules may reward (a review,
            a referral, a check-in).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomEventRead | Error]
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
    body: CustomEventCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> CustomEventRead | Error | None:
    """Record Event

     Record a custom event on the member's timeline (`custom_event.received`) and award the
    custom_event rules whose event_type equals `type`, within their caps (a rule with
    `once_per: "event.payload.product_id"` gives once per product). Send an Idempotency-Key
    to make a retry return the first answer instead of recording the event twice.

    Args:
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (CustomEventCreate): Something a member did that earning rules may reward (a review,
            a referral, a check-in).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomEventRead | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
