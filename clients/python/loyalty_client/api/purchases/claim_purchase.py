from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.claim_outcome import ClaimOutcome
from ...models.error import Error
from ...models.purchase_claim import PurchaseClaim
from ...types import Response


def _get_kwargs(
    *,
    body: PurchaseClaim,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/purchases/claim",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ClaimOutcome | Error | None:
    if response.status_code == 200:
        response_200 = ClaimOutcome.from_dict(response.json())

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
) -> Response[ClaimOutcome | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PurchaseClaim,
) -> Response[ClaimOutcome | Error]:
    """Claim Purchase

     A member claims a receipt recorded without them, within the program's claim window.

    Points, tier progress and a referral count what is left of the receipt after the refunds
    made before the claim (`refunded_before_claim` says how much that was); refunding the
    rest later takes back exactly what the claim earned. Retry-safe: claiming a receipt that
    is already the member's answers 200 with the stored result and earns nothing again; a
    receipt another member claimed is 409 `purchase_already_claimed`.

    Args:
        body (PurchaseClaim): A member claims a receipt recorded without them: by receipt number
            and total, or the shop's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClaimOutcome | Error]
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
    body: PurchaseClaim,
) -> ClaimOutcome | Error | None:
    """Claim Purchase

     A member claims a receipt recorded without them, within the program's claim window.

    Points, tier progress and a referral count what is left of the receipt after the refunds
    made before the claim (`refunded_before_claim` says how much that was); refunding the
    rest later takes back exactly what the claim earned. Retry-safe: claiming a receipt that
    is already the member's answers 200 with the stored result and earns nothing again; a
    receipt another member claimed is 409 `purchase_already_claimed`.

    Args:
        body (PurchaseClaim): A member claims a receipt recorded without them: by receipt number
            and total, or the shop's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClaimOutcome | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PurchaseClaim,
) -> Response[ClaimOutcome | Error]:
    """Claim Purchase

     A member claims a receipt recorded without them, within the program's claim window.

    Points, tier progress and a referral count what is left of the receipt after the refunds
    made before the claim (`refunded_before_claim` says how much that was); refunding the
    rest later takes back exactly what the claim earned. Retry-safe: claiming a receipt that
    is already the member's answers 200 with the stored result and earns nothing again; a
    receipt another member claimed is 409 `purchase_already_claimed`.

    Args:
        body (PurchaseClaim): A member claims a receipt recorded without them: by receipt number
            and total, or the shop's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClaimOutcome | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PurchaseClaim,
) -> ClaimOutcome | Error | None:
    """Claim Purchase

     A member claims a receipt recorded without them, within the program's claim window.

    Points, tier progress and a referral count what is left of the receipt after the refunds
    made before the claim (`refunded_before_claim` says how much that was); refunding the
    rest later takes back exactly what the claim earned. Retry-safe: claiming a receipt that
    is already the member's answers 200 with the stored result and earns nothing again; a
    receipt another member claimed is 409 `purchase_already_claimed`.

    Args:
        body (PurchaseClaim): A member claims a receipt recorded without them: by receipt number
            and total, or the shop's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClaimOutcome | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
