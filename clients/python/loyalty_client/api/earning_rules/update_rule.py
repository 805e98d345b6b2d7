from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.rule_read import RuleRead
from ...models.rule_update import RuleUpdate
from ...types import Response


def _get_kwargs(
    rule_id: int,
    *,
    body: RuleUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/rules/{rule_id}".format(
            rule_id=quote(str(rule_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | RuleRead | None:
    if response.status_code == 200:
        response_200 = RuleRead.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | RuleRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    rule_id: int,
    *,
    client: AuthenticatedClient,
    body: RuleUpdate,
) -> Response[Error | RuleRead]:
    """Update Rule

     Change any of the rule's fields: a new version, in force from now. Old versions stay as
    they were, and points already given keep naming the version that gave them.
    A `member.tier` comparison naming a code the program has no tier level for is 422
    `unknown_tier` (the value's path in `field`, the program's codes in `details.known`).

    Args:
        rule_id (int): The rule's id.
        body (RuleUpdate): Any subset of a rule's fields; saving writes a new version. null clears
            an optional field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RuleRead]
    """

    kwargs = _get_kwargs(
        rule_id=rule_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    rule_id: int,
    *,
    client: AuthenticatedClient,
    body: RuleUpdate,
) -> Error | RuleRead | None:
    """Update Rule

     Change any of the rule's fields: a new version, in force from now. Old versions stay as
    they were, and points already given keep naming the version that gave them.
    A `member.tier` comparison naming a code the program has no tier level for is 422
    `unknown_tier` (the value's path in `field`, the program's codes in `details.known`).

    Args:
        rule_id (int): The rule's id.
        body (RuleUpdate): Any subset of a rule's fields; saving writes a new version. null clears
            an optional field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RuleRead
    """

    return sync_detailed(
        rule_id=rule_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    rule_id: int,
    *,
    client: AuthenticatedClient,
    body: RuleUpdate,
) -> Response[Error | RuleRead]:
    """Update Rule

     Change any of the rule's fields: a new version, in force from now. Old versions stay as
    they were, and points already given keep naming the version that gave them.
    A `member.tier` comparison naming a code the program has no tier level for is 422
    `unknown_tier` (the value's path in `field`, the program's codes in `details.known`).

    Args:
        rule_id (int): The rule's id.
        body (RuleUpdate): Any subset of a rule's fields; saving writes a new version. null clears
            an optional field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RuleRead]
    """

    kwargs = _get_kwargs(
        rule_id=rule_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    rule_id: int,
    *,
    client: AuthenticatedClient,
    body: RuleUpdate,
) -> Error | RuleRead | None:
    """Update Rule

     Change any of the rule's fields: a new version, in force from now. Old versions stay as
    they were, and points already given keep naming the version that gave them.
    A `member.tier` comparison naming a code the program has no tier level for is 422
    `unknown_tier` (the value's path in `field`, the program's codes in `details.known`).

    Args:
        rule_id (int): The rule's id.
        body (RuleUpdate): Any subset of a rule's fields; saving writes a new version. null clears
            an optional field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RuleRead
    """

    return (
        await asyncio_detailed(
            rule_id=rule_id,
            client=client,
            body=body,
        )
    ).parsed
