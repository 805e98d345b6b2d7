from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.run_pivot_format import RunPivotFormat
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    measures: list[str],
    dimensions: list[str] | None | Unset = UNSET,
    grain: str | Unset = "month",
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    filter_: list[str] | None | Unset = UNSET,
    format_: RunPivotFormat | Unset = RunPivotFormat.JSON,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_measures = measures

    params["measures"] = json_measures

    json_dimensions: list[str] | None | Unset
    if isinstance(dimensions, Unset):
        json_dimensions = UNSET
    elif isinstance(dimensions, list):
        json_dimensions = dimensions

    else:
        json_dimensions = dimensions
    params["dimensions"] = json_dimensions

    params["grain"] = grain

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    else:
        json_to = to
    params["to"] = json_to

    json_filter_: list[str] | None | Unset
    if isinstance(filter_, Unset):
        json_filter_ = UNSET
    elif isinstance(filter_, list):
        json_filter_ = filter_

    else:
        json_filter_ = filter_
    params["filter"] = json_filter_

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/pivot",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 200:
        response_200 = response.json()
        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    measures: list[str],
    dimensions: list[str] | None | Unset = UNSET,
    grain: str | Unset = "month",
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    filter_: list[str] | None | Unset = UNSET,
    format_: RunPivotFormat | Unset = RunPivotFormat.JSON,
) -> Response[Any | Error]:
    """Run Pivot

     Measures (receipts, revenue, average_receipt, items, members) by up to three dimensions
    (time, store, channel, category, tier, member_type, segment when segments exist), between
    `from` and `to` (local days, default the last 90), filtered by `filter=dimension:value`.
    `format=csv` or `xlsx` downloads the table (money in major units).

    Args:
        measures (list[str]):
        dimensions (list[str] | None | Unset):
        grain (str | Unset):  Default: 'month'.
        from_ (None | str | Unset):
        to (None | str | Unset):
        filter_ (list[str] | None | Unset):
        format_ (RunPivotFormat | Unset):  Default: RunPivotFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        measures=measures,
        dimensions=dimensions,
        grain=grain,
        from_=from_,
        to=to,
        filter_=filter_,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    measures: list[str],
    dimensions: list[str] | None | Unset = UNSET,
    grain: str | Unset = "month",
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    filter_: list[str] | None | Unset = UNSET,
    format_: RunPivotFormat | Unset = RunPivotFormat.JSON,
) -> Any | Error | None:
    """Run Pivot

     Measures (receipts, revenue, average_receipt, items, members) by up to three dimensions
    (time, store, channel, category, tier, member_type, segment when segments exist), between
    `from` and `to` (local days, default the last 90), filtered by `filter=dimension:value`.
    `format=csv` or `xlsx` downloads the table (money in major units).

    Args:
        measures (list[str]):
        dimensions (list[str] | None | Unset):
        grain (str | Unset):  Default: 'month'.
        from_ (None | str | Unset):
        to (None | str | Unset):
        filter_ (list[str] | None | Unset):
        format_ (RunPivotFormat | Unset):  Default: RunPivotFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        client=client,
        measures=measures,
        dimensions=dimensions,
        grain=grain,
        from_=from_,
        to=to,
        filter_=filter_,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    measures: list[str],
    dimensions: list[str] | None | Unset = UNSET,
    grain: str | Unset = "month",
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    filter_: list[str] | None | Unset = UNSET,
    format_: RunPivotFormat | Unset = RunPivotFormat.JSON,
) -> Response[Any | Error]:
    """Run Pivot

     Measures (receipts, revenue, average_receipt, items, members) by up to three dimensions
    (time, store, channel, category, tier, member_type, segment when segments exist), between
    `from` and `to` (local days, default the last 90), filtered by `filter=dimension:value`.
    `format=csv` or `xlsx` downloads the table (money in major units).

    Args:
        measures (list[str]):
        dimensions (list[str] | None | Unset):
        grain (str | Unset):  Default: 'month'.
        from_ (None | str | Unset):
        to (None | str | Unset):
        filter_ (list[str] | None | Unset):
        format_ (RunPivotFormat | Unset):  Default: RunPivotFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        measures=measures,
        dimensions=dimensions,
        grain=grain,
        from_=from_,
        to=to,
        filter_=filter_,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    measures: list[str],
    dimensions: list[str] | None | Unset = UNSET,
    grain: str | Unset = "month",
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    filter_: list[str] | None | Unset = UNSET,
    format_: RunPivotFormat | Unset = RunPivotFormat.JSON,
) -> Any | Error | None:
    """Run Pivot

     Measures (receipts, revenue, average_receipt, items, members) by up to three dimensions
    (time, store, channel, category, tier, member_type, segment when segments exist), between
    `from` and `to` (local days, default the last 90), filtered by `filter=dimension:value`.
    `format=csv` or `xlsx` downloads the table (money in major units).

    Args:
        measures (list[str]):
        dimensions (list[str] | None | Unset):
        grain (str | Unset):  Default: 'month'.
        from_ (None | str | Unset):
        to (None | str | Unset):
        filter_ (list[str] | None | Unset):
        format_ (RunPivotFormat | Unset):  Default: RunPivotFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            measures=measures,
            dimensions=dimensions,
            grain=grain,
            from_=from_,
            to=to,
            filter_=filter_,
            format_=format_,
        )
    ).parsed
