from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.publish_request import PublishRequest
from ...models.published_codes_read import PublishedCodesRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    campaign_id: int,
    *,
    body: PublishRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/voucher-campaigns/{campaign_id}/publish".format(
            campaign_id=quote(str(campaign_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PublishedCodesRead | None:
    if response.status_code == 201:
        response_201 = PublishedCodesRead.from_dict(response.json())

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
) -> Response[Error | PublishedCodesRead]:
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
    body: PublishRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Error | PublishedCodesRead]:
    """Publish Campaign Codes

     Give each member one of the campaign's unused, unpublished codes (409 `not_enough_codes`
    when there are too few), or give one member the `code` named. Only the holder can use a
    published code; to anyone else it does not exist. Each member gets a `voucher.published`
    event on their timeline.

    Args:
        campaign_id (int):
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (PublishRequest): Publish the campaign's next unused codes, one to each member, or
            one given code to one member.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PublishedCodesRead]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    campaign_id: int,
    *,
    client: AuthenticatedClient,
    body: PublishRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Error | PublishedCodesRead | None:
    """Publish Campaign Codes

     Give each member one of the campaign's unused, unpublished codes (409 `not_enough_codes`
    when there are too few), or give one member the `code` named. Only the holder can use a
    published code; to anyone else it does not exist. Each member gets a `voucher.published`
    event on their timeline.

    Args:
        campaign_id (int):
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (PublishRequest): Publish the campaign's next unused codes, one to each member, or
            one given code to one member.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PublishedCodesRead
    """

    return sync_detailed(
        campaign_id=campaign_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    campaign_id: int,
    *,
    client: AuthenticatedClient,
    body: PublishRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Error | PublishedCodesRead]:
    """Publish Campaign Codes

     Give each member one of the campaign's unused, unpublished codes (409 `not_enough_codes`
    when there are too few), or give one member the `code` named. Only the holder can use a
    published code; to anyone else it does not exist. Each member gets a `voucher.published`
    event on their timeline.

    Args:
        campaign_id (int):
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (PublishRequest): Publish the campaign's next unused codes, one to each member, or
            one given code to one member.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PublishedCodesRead]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    campaign_id: int,
    *,
    client: AuthenticatedClient,
    body: PublishRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Error | PublishedCodesRead | None:
    """Publish Campaign Codes

     Give each member one of the campaign's unused, unpublished codes (409 `not_enough_codes`
    when there are too few), or give one member the `code` named. Only the holder can use a
    published code; to anyone else it does not exist. Each member gets a `voucher.published`
    event on their timeline.

    Args:
        campaign_id (int):
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (PublishRequest): Publish the campaign's next unused codes, one to each member, or
            one given code to one member.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PublishedCodesRead
    """

    return (
        await asyncio_detailed(
            campaign_id=campaign_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
