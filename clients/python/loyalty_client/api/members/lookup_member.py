from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.member_read import MemberRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    id: int | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    phone: None | str | Unset = UNSET,
    card_number: None | str | Unset = UNSET,
    external_id: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_id: int | None | Unset
    if isinstance(id, Unset):
        json_id = UNSET
    else:
        json_id = id
    params["id"] = json_id

    json_email: None | str | Unset
    if isinstance(email, Unset):
        json_email = UNSET
    else:
        json_email = email
    params["email"] = json_email

    json_phone: None | str | Unset
    if isinstance(phone, Unset):
        json_phone = UNSET
    else:
        json_phone = phone
    params["phone"] = json_phone

    json_card_number: None | str | Unset
    if isinstance(card_number, Unset):
        json_card_number = UNSET
    else:
        json_card_number = card_number
    params["card_number"] = json_card_number

    json_external_id: None | str | Unset
    if isinstance(external_id, Unset):
        json_external_id = UNSET
    else:
        json_external_id = external_id
    params["external_id"] = json_external_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/members/lookup",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | MemberRead | None:
    if response.status_code == 200:
        response_200 = MemberRead.from_dict(response.json())

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
    id: int | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    phone: None | str | Unset = UNSET,
    card_number: None | str | Unset = UNSET,
    external_id: None | str | Unset = UNSET,
) -> Response[Error | MemberRead]:
    """Lookup Member

     Find a member by exactly one of `email`, `phone`, `card_number`, `external_id`.

    A blocked card is 409 `card_blocked`; a printed card nobody registered is 404
    `card_not_registered`; a card number failing its check digit is 422 `invalid_card_number`.

    Args:
        id (int | None | Unset):
        email (None | str | Unset):
        phone (None | str | Unset):
        card_number (None | str | Unset):
        external_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemberRead]
    """

    kwargs = _get_kwargs(
        id=id,
        email=email,
        phone=phone,
        card_number=card_number,
        external_id=external_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    id: int | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    phone: None | str | Unset = UNSET,
    card_number: None | str | Unset = UNSET,
    external_id: None | str | Unset = UNSET,
) -> Error | MemberRead | None:
    """Lookup Member

     Find a member by exactly one of `email`, `phone`, `card_number`, `external_id`.

    A blocked card is 409 `card_blocked`; a printed card nobody registered is 404
    `card_not_registered`; a card number failing its check digit is 422 `invalid_card_number`.

    Args:
        id (int | None | Unset):
        email (None | str | Unset):
        phone (None | str | Unset):
        card_number (None | str | Unset):
        external_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemberRead
    """

    return sync_detailed(
        client=client,
        id=id,
        email=email,
        phone=phone,
        card_number=card_number,
        external_id=external_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    id: int | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    phone: None | str | Unset = UNSET,
    card_number: None | str | Unset = UNSET,
    external_id: None | str | Unset = UNSET,
) -> Response[Error | MemberRead]:
    """Lookup Member

     Find a member by exactly one of `email`, `phone`, `card_number`, `external_id`.

    A blocked card is 409 `card_blocked`; a printed card nobody registered is 404
    `card_not_registered`; a card number failing its check digit is 422 `invalid_card_number`.

    Args:
        id (int | None | Unset):
        email (None | str | Unset):
        phone (None | str | Unset):
        card_number (None | str | Unset):
        external_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemberRead]
    """

    kwargs = _get_kwargs(
        id=id,
        email=email,
        phone=phone,
        card_number=card_number,
        external_id=external_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    id: int | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    phone: None | str | Unset = UNSET,
    card_number: None | str | Unset = UNSET,
    external_id: None | str | Unset = UNSET,
) -> Error | MemberRead | None:
    """Lookup Member

     Find a member by exactly one of `email`, `phone`, `card_number`, `external_id`.

    A blocked card is 409 `card_blocked`; a printed card nobody registered is 404
    `card_not_registered`; a card number failing its check digit is 422 `invalid_card_number`.

    Args:
        id (int | None | Unset):
        email (None | str | Unset):
        phone (None | str | Unset):
        card_number (None | str | Unset):
        external_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemberRead
    """

    return (
        await asyncio_detailed(
            client=client,
            id=id,
            email=email,
            phone=phone,
            card_number=card_number,
            external_id=external_id,
        )
    ).parsed
