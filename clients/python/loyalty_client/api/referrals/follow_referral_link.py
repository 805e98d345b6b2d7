from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.referral_link_read import ReferralLinkRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    code: str,
    *,
    program: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_program: int | None | Unset
    if isinstance(program, Unset):
        json_program = UNSET
    else:
        json_program = program
    params["program"] = json_program

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/r/{code}".format(
            code=quote(str(code), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | ReferralLinkRead | None:
    if response.status_code == 200:
        response_200 = ReferralLinkRead.from_dict(response.json())

        return response_200

    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Error | ReferralLinkRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    program: int | None | Unset = UNSET,
) -> Response[Any | Error | ReferralLinkRead]:
    """Follow Referral Link

     A member's shared referral link. No API key: anyone may follow it.

    With a signup page configured, 302 to it with `referral_code=<code>` in the query, so the
    signup form can send the code with the new member. Without one, the code and the program
    as JSON. 404 `unknown_referral_code`. Nothing about the referrer is revealed. Follows are
    limited per client address (LOYALTY_RATE_LIMIT__PUBLIC_LINK_PER_IP): over it, 429.

    Args:
        code (str):
        program (int | None | Unset): Only when the link names it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | ReferralLinkRead]
    """

    kwargs = _get_kwargs(
        code=code,
        program=program,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    program: int | None | Unset = UNSET,
) -> Any | Error | ReferralLinkRead | None:
    """Follow Referral Link

     A member's shared referral link. No API key: anyone may follow it.

    With a signup page configured, 302 to it with `referral_code=<code>` in the query, so the
    signup form can send the code with the new member. Without one, the code and the program
    as JSON. 404 `unknown_referral_code`. Nothing about the referrer is revealed. Follows are
    limited per client address (LOYALTY_RATE_LIMIT__PUBLIC_LINK_PER_IP): over it, 429.

    Args:
        code (str):
        program (int | None | Unset): Only when the link names it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | ReferralLinkRead
    """

    return sync_detailed(
        code=code,
        client=client,
        program=program,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    program: int | None | Unset = UNSET,
) -> Response[Any | Error | ReferralLinkRead]:
    """Follow Referral Link

     A member's shared referral link. No API key: anyone may follow it.

    With a signup page configured, 302 to it with `referral_code=<code>` in the query, so the
    signup form can send the code with the new member. Without one, the code and the program
    as JSON. 404 `unknown_referral_code`. Nothing about the referrer is revealed. Follows are
    limited per client address (LOYALTY_RATE_LIMIT__PUBLIC_LINK_PER_IP): over it, 429.

    Args:
        code (str):
        program (int | None | Unset): Only when the link names it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | ReferralLinkRead]
    """

    kwargs = _get_kwargs(
        code=code,
        program=program,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient | Client,
    program: int | None | Unset = UNSET,
) -> Any | Error | ReferralLinkRead | None:
    """Follow Referral Link

     A member's shared referral link. No API key: anyone may follow it.

    With a signup page configured, 302 to it with `referral_code=<code>` in the query, so the
    signup form can send the code with the new member. Without one, the code and the program
    as JSON. 404 `unknown_referral_code`. Nothing about the referrer is revealed. Follows are
    limited per client address (LOYALTY_RATE_LIMIT__PUBLIC_LINK_PER_IP): over it, 429.

    Args:
        code (str):
        program (int | None | Unset): Only when the link names it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | ReferralLinkRead
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
            program=program,
        )
    ).parsed
