from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.referral_program_read import ReferralProgramRead
from ...models.referral_program_update import ReferralProgramUpdate
from ...types import Response


def _get_kwargs(
    *,
    body: ReferralProgramUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/referral-program",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ReferralProgramRead | None:
    if response.status_code == 200:
        response_200 = ReferralProgramRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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
) -> Response[Error | ReferralProgramRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ReferralProgramUpdate,
) -> Response[Error | ReferralProgramRead]:
    """Replace Referral Program

     Replace the referral programme (a PUT: send it whole; repeating it is harmless).

    Units must be the program's (422 `unknown_unit` naming the field); an active programme
    must reward someone (422 `no_referral_reward`). New terms apply to referrals still
    pending; settled ones keep what they got.

    Args:
        body (ReferralProgramUpdate): The whole referral programme; PUT replaces it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReferralProgramRead]
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
    body: ReferralProgramUpdate,
) -> Error | ReferralProgramRead | None:
    """Replace Referral Program

     Replace the referral programme (a PUT: send it whole; repeating it is harmless).

    Units must be the program's (422 `unknown_unit` naming the field); an active programme
    must reward someone (422 `no_referral_reward`). New terms apply to referrals still
    pending; settled ones keep what they got.

    Args:
        body (ReferralProgramUpdate): The whole referral programme; PUT replaces it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReferralProgramRead
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ReferralProgramUpdate,
) -> Response[Error | ReferralProgramRead]:
    """Replace Referral Program

     Replace the referral programme (a PUT: send it whole; repeating it is harmless).

    Units must be the program's (422 `unknown_unit` naming the field); an active programme
    must reward someone (422 `no_referral_reward`). New terms apply to referrals still
    pending; settled ones keep what they got.

    Args:
        body (ReferralProgramUpdate): The whole referral programme; PUT replaces it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReferralProgramRead]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ReferralProgramUpdate,
) -> Error | ReferralProgramRead | None:
    """Replace Referral Program

     Replace the referral programme (a PUT: send it whole; repeating it is harmless).

    Units must be the program's (422 `unknown_unit` naming the field); an active programme
    must reward someone (422 `no_referral_reward`). New terms apply to referrals still
    pending; settled ones keep what they got.

    Args:
        body (ReferralProgramUpdate): The whole referral programme; PUT replaces it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReferralProgramRead
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
