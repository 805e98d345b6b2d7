from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.enrol_request import EnrolRequest
from ...models.enrolment_read import EnrolmentRead
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    journey_id: int,
    *,
    body: EnrolRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/journeys/{journey_id}/enrolments".format(
            journey_id=quote(str(journey_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EnrolmentRead | Error | None:
    if response.status_code == 201:
        response_201 = EnrolmentRead.from_dict(response.json())

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
) -> Response[EnrolmentRead | Error]:
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
    body: EnrolRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[EnrolmentRead | Error]:
    """Enrol

     Enter a member into the journey now (an `api` entry; any active journey accepts it).
    `payload` is what the journey's branches see as `entry.payload.*`. Sent again with the same
    Idempotency-Key, the first answer is replayed instead of 409 `journey_entry_refused`.

    Args:
        journey_id (int): The journey's id.
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (EnrolRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrolmentRead | Error]
    """

    kwargs = _get_kwargs(
        journey_id=journey_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    journey_id: int,
    *,
    client: AuthenticatedClient,
    body: EnrolRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> EnrolmentRead | Error | None:
    """Enrol

     Enter a member into the journey now (an `api` entry; any active journey accepts it).
    `payload` is what the journey's branches see as `entry.payload.*`. Sent again with the same
    Idempotency-Key, the first answer is replayed instead of 409 `journey_entry_refused`.

    Args:
        journey_id (int): The journey's id.
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (EnrolRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrolmentRead | Error
    """

    return sync_detailed(
        journey_id=journey_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    journey_id: int,
    *,
    client: AuthenticatedClient,
    body: EnrolRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[EnrolmentRead | Error]:
    """Enrol

     Enter a member into the journey now (an `api` entry; any active journey accepts it).
    `payload` is what the journey's branches see as `entry.payload.*`. Sent again with the same
    Idempotency-Key, the first answer is replayed instead of 409 `journey_entry_refused`.

    Args:
        journey_id (int): The journey's id.
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (EnrolRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrolmentRead | Error]
    """

    kwargs = _get_kwargs(
        journey_id=journey_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    journey_id: int,
    *,
    client: AuthenticatedClient,
    body: EnrolRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> EnrolmentRead | Error | None:
    """Enrol

     Enter a member into the journey now (an `api` entry; any active journey accepts it).
    `payload` is what the journey's branches see as `entry.payload.*`. Sent again with the same
    Idempotency-Key, the first answer is replayed instead of 409 `journey_entry_refused`.

    Args:
        journey_id (int): The journey's id.
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (EnrolRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrolmentRead | Error
    """

    return (
        await asyncio_detailed(
            journey_id=journey_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
