from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.member_create import MemberCreate
from ...models.member_read import MemberRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: MemberCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/members",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | MemberRead | None:
    if response.status_code == 201:
        response_201 = MemberRead.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | MemberRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: MemberCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Error | MemberRead]:
    """Enrol Member

     Enrol a member.

    409 `member_exists` (with `field`) when the e-mail, phone or external id belongs to another
    member of the program; 422 naming the field for invalid input. With `card_number`, that
    unassigned printed card is registered to the new member at once. With `referral_code`, the
    member is linked to the code's owner (422 `unknown_referral_code` when no member has it).

    Args:
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (MemberCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemberRead]
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
    body: MemberCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Error | MemberRead | None:
    """Enrol Member

     Enrol a member.

    409 `member_exists` (with `field`) when the e-mail, phone or external id belongs to another
    member of the program; 422 naming the field for invalid input. With `card_number`, that
    unassigned printed card is registered to the new member at once. With `referral_code`, the
    member is linked to the code's owner (422 `unknown_referral_code` when no member has it).

    Args:
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (MemberCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemberRead
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: MemberCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Error | MemberRead]:
    """Enrol Member

     Enrol a member.

    409 `member_exists` (with `field`) when the e-mail, phone or external id belongs to another
    member of the program; 422 naming the field for invalid input. With `card_number`, that
    unassigned printed card is registered to the new member at once. With `referral_code`, the
    member is linked to the code's owner (422 `unknown_referral_code` when no member has it).

    Args:
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (MemberCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemberRead]
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
    body: MemberCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Error | MemberRead | None:
    """Enrol Member

     Enrol a member.

    409 `member_exists` (with `field`) when the e-mail, phone or external id belongs to another
    member of the program; 422 naming the field for invalid input. With `card_number`, that
    unassigned printed card is registered to the new member at once. With `referral_code`, the
    member is linked to the code's owner (422 `unknown_referral_code` when no member has it).

    Args:
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (MemberCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemberRead
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
