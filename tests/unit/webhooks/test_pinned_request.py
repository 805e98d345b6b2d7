"""The request goes to the checked address while it still names the host (Host header, TLS SNI),
and a receiver's long answer is cut."""

from __future__ import annotations

import httpx
import pytest

from loyalty.webhooks import network
from loyalty.webhooks.domain import RESPONSE_BODY_KEPT, AddressPolicy
from loyalty.webhooks.network import check_url, post


def test_https_connects_to_the_checked_address_with_the_name_for_sni_and_host(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "resolve", lambda host, port: ["2606:2800:220:1::1"])
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    target = check_url("https://hooks.example.com/in?a=1", AddressPolicy())
    result = post(target, body='{"x":1}', headers={"webhook-id": "msg_1"}, transport=httpx.MockTransport(answer))
    [request] = seen
    assert (str(request.url), request.headers["host"], request.extensions["sni_hostname"]) == (
        "https://[2606:2800:220:1::1]/in?a=1", "hooks.example.com", "hooks.example.com")
    assert (request.content, request.headers["webhook-id"]) == (b'{"x":1}', "msg_1")
    assert (result.status_code, result.succeeded, result.error) == (204, True, None)


def test_a_long_answer_is_kept_truncated_and_a_failure_named() -> None:
    target = check_url("http://127.0.0.1:8080/", AddressPolicy(allow_private_networks=True))
    result = post(target, body="{}", headers={},
                  transport=httpx.MockTransport(lambda request: httpx.Response(500, text="x" * 100_000)))
    assert (result.status_code, result.succeeded, result.error) == (500, False, "HTTP 500")
    assert result.response_body == "x" * RESPONSE_BODY_KEPT


def test_a_connection_error_is_a_failed_attempt_not_an_exception() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    target = check_url("http://127.0.0.1:9/", AddressPolicy(allow_private_networks=True))
    result = post(target, body="{}", headers={}, transport=httpx.MockTransport(refuse))
    assert (result.status_code, result.error) == (None, "ConnectError: connection refused")
