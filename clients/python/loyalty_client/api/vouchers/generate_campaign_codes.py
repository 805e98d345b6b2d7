from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.code_batch_create import CodeBatchCreate
from ...models.code_batch_read import CodeBatchRead
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    campaign_id: int,
    *,
    body: CodeBatchCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/voucher-campaigns/{campaign_id}/code-batches".format(
            campaign_id=quote(str(campaign_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CodeBatchRead | Error | None:
    if response.status_code == 201:
        response_201 = CodeBatchRead.from_dict(response.json())

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
) -> Response[CodeBatchRead | Error]:
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
    body: CodeBatchCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CodeBatchRead | Error]:
    """Generate Campaign Codes

     Generate `count` (1 to 100 000) codes, unique in the program, from a pattern such as
    `XMAS-####-####` ('#' is a random character of `charset`), or from prefix + `length`
    random characters + postfix.

    A batch that would make guessing easy is refused: when the program's codes of this
    pattern would let a random guess hit a valid one more often than once in 1,000,000 tries,
    the answer is 422 `code_space_too_small` with the odds in the message.

    Args:
        campaign_id (int):
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (CodeBatchCreate): Codes drawn with a cryptographically secure generator from a
            pattern ('#' is a random
            character) or from prefix + length random characters + postfix.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodeBatchRead | Error]
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
    body: CodeBatchCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> CodeBatchRead | Error | None:
    """Generate Campaign Codes

     Generate `count` (1 to 100 000) codes, unique in the program, from a pattern such as
    `XMAS-####-####` ('#' is a random character of `charset`), or from prefix + `length`
    random characters + postfix.

    A batch that would make guessing easy is refused: when the program's codes of this
    pattern would let a random guess hit a valid one more often than once in 1,000,000 tries,
    the answer is 422 `code_space_too_small` with the odds in the message.

    Args:
        campaign_id (int):
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (CodeBatchCreate): Codes drawn with a cryptographically secure generator from a
            pattern ('#' is a random
            character) or from prefix + length random characters + postfix.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodeBatchRead | Error
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
    body: CodeBatchCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CodeBatchRead | Error]:
    """Generate Campaign Codes

     Generate `count` (1 to 100 000) codes, unique in the program, from a pattern such as
    `XMAS-####-####` ('#' is a random character of `charset`), or from prefix + `length`
    random characters + postfix.

    A batch that would make guessing easy is refused: when the program's codes of this
    pattern would let a random guess hit a valid one more often than once in 1,000,000 tries,
    the answer is 422 `code_space_too_small` with the odds in the message.

    Args:
        campaign_id (int):
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (CodeBatchCreate): Codes drawn with a cryptographically secure generator from a
            pattern ('#' is a random
            character) or from prefix + length random characters + postfix.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodeBatchRead | Error]
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
    body: CodeBatchCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> CodeBatchRead | Error | None:
    """Generate Campaign Codes

     Generate `count` (1 to 100 000) codes, unique in the program, from a pattern such as
    `XMAS-####-####` ('#' is a random character of `charset`), or from prefix + `length`
    random characters + postfix.

    A batch that would make guessing easy is refused: when the program's codes of this
    pattern would let a random guess hit a valid one more often than once in 1,000,000 tries,
    the answer is 422 `code_space_too_small` with the odds in the message.

    Args:
        campaign_id (int):
        idempotency_key (None | str | Unset): Makes a retry safe: the same key with the same body
            replays the first answer (with `Idempotent-Replayed: true`) and never applies the write
            twice; with another body it is 409 `idempotency_mismatch`. Any unique text, such as a
            UUID.
        body (CodeBatchCreate): Codes drawn with a cryptographically secure generator from a
            pattern ('#' is a random
            character) or from prefix + length random characters + postfix.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodeBatchRead | Error
    """

    return (
        await asyncio_detailed(
            campaign_id=campaign_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
