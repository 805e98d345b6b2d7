from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.member_recommendations_shelf import MemberRecommendationsShelf
from ...models.recommendation_page import RecommendationPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    member_id: int,
    *,
    shelf: MemberRecommendationsShelf | Unset = MemberRecommendationsShelf.PRODUCTS,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_shelf: str | Unset = UNSET
    if not isinstance(shelf, Unset):
        json_shelf = shelf.value

    params["shelf"] = json_shelf

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/members/{member_id}/recommendations".format(
            member_id=quote(str(member_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RecommendationPage | None:
    if response.status_code == 200:
        response_200 = RecommendationPage.from_dict(response.json())

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
) -> Response[Error | RecommendationPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    member_id: int,
    *,
    client: AuthenticatedClient,
    shelf: MemberRecommendationsShelf | Unset = MemberRecommendationsShelf.PRODUCTS,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | RecommendationPage]:
    """Member Recommendations

     The member's ranked list from the latest nightly run (docs/recommendations.md): products
    chosen from what customers who buy like them bought (`source: similar`), or the program's
    popular products for a member with little history (`source: popular`); never a product they
    bought that customers do not buy again. Empty for a member who never bought anything or
    before the first run. Paged by rank.

    Args:
        member_id (int): The member's id.
        shelf (MemberRecommendationsShelf | Unset): `products`: products for the member; `offers`:
            the program's rewards and coupons (and challenges) ranked for them. Default:
            MemberRecommendationsShelf.PRODUCTS.
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RecommendationPage]
    """

    kwargs = _get_kwargs(
        member_id=member_id,
        shelf=shelf,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    member_id: int,
    *,
    client: AuthenticatedClient,
    shelf: MemberRecommendationsShelf | Unset = MemberRecommendationsShelf.PRODUCTS,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | RecommendationPage | None:
    """Member Recommendations

     The member's ranked list from the latest nightly run (docs/recommendations.md): products
    chosen from what customers who buy like them bought (`source: similar`), or the program's
    popular products for a member with little history (`source: popular`); never a product they
    bought that customers do not buy again. Empty for a member who never bought anything or
    before the first run. Paged by rank.

    Args:
        member_id (int): The member's id.
        shelf (MemberRecommendationsShelf | Unset): `products`: products for the member; `offers`:
            the program's rewards and coupons (and challenges) ranked for them. Default:
            MemberRecommendationsShelf.PRODUCTS.
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RecommendationPage
    """

    return sync_detailed(
        member_id=member_id,
        client=client,
        shelf=shelf,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    member_id: int,
    *,
    client: AuthenticatedClient,
    shelf: MemberRecommendationsShelf | Unset = MemberRecommendationsShelf.PRODUCTS,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | RecommendationPage]:
    """Member Recommendations

     The member's ranked list from the latest nightly run (docs/recommendations.md): products
    chosen from what customers who buy like them bought (`source: similar`), or the program's
    popular products for a member with little history (`source: popular`); never a product they
    bought that customers do not buy again. Empty for a member who never bought anything or
    before the first run. Paged by rank.

    Args:
        member_id (int): The member's id.
        shelf (MemberRecommendationsShelf | Unset): `products`: products for the member; `offers`:
            the program's rewards and coupons (and challenges) ranked for them. Default:
            MemberRecommendationsShelf.PRODUCTS.
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RecommendationPage]
    """

    kwargs = _get_kwargs(
        member_id=member_id,
        shelf=shelf,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    member_id: int,
    *,
    client: AuthenticatedClient,
    shelf: MemberRecommendationsShelf | Unset = MemberRecommendationsShelf.PRODUCTS,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Error | RecommendationPage | None:
    """Member Recommendations

     The member's ranked list from the latest nightly run (docs/recommendations.md): products
    chosen from what customers who buy like them bought (`source: similar`), or the program's
    popular products for a member with little history (`source: popular`); never a product they
    bought that customers do not buy again. Empty for a member who never bought anything or
    before the first run. Paged by rank.

    Args:
        member_id (int): The member's id.
        shelf (MemberRecommendationsShelf | Unset): `products`: products for the member; `offers`:
            the program's rewards and coupons (and challenges) ranked for them. Default:
            MemberRecommendationsShelf.PRODUCTS.
        cursor (None | str | Unset): The previous page's `next_cursor`, as it came (opaque); leave
            it out for the first page. A cursor this API did not return is 422 `invalid_cursor`.
        limit (int | Unset): Items per page, 1 to 200 (default 50). A shorter page does not mean
            the end: `next_cursor` null does. Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RecommendationPage
    """

    return (
        await asyncio_detailed(
            member_id=member_id,
            client=client,
            shelf=shelf,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
