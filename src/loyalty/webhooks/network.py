"""Reaching a receiver without being turned against our own network (SSRF).

A URL is checked when it is subscribed and again before every attempt (its DNS may have
changed). The check resolves the host once; the request then connects to the address that
was checked, not to the name: the URL's host is replaced by the address, the `Host` header
and TLS's SNI and certificate check keep the name (httpcore's `sni_hostname`), so a DNS
answer that changes between the check and the connection (DNS rebinding) changes nothing.
Every address a name resolves to must pass, or none is used.

Redirects are not followed: a 3xx answer is a failed attempt (Standard Webhooks receivers
answer 2xx), so no redirect can lead a delivery to an address that was never checked.
Proxies from the environment are ignored for the same reason (`trust_env=False`).
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

import httpx

from loyalty.kernel.addresses import AddressPolicy, IpAddress, address_refusal
from loyalty.kernel.errors import Invalid
from loyalty.webhooks.domain import RESPONSE_BODY_KEPT, TIMEOUT_SECONDS

MAX_URL_LENGTH = 2000
_BODY_BYTES_READ = 4 * RESPONSE_BODY_KEPT


class AddressRefused(Invalid):
    code = "webhook_address_refused"


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context for every attempt (thread-safe): httpx builds a new one per client, which
    reads the whole CA bundle each time, about 50 ms an attempt, the bulk of a local delivery."""
    return httpx.create_ssl_context()


def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to (tests replace this function to map names)."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


@dataclass(frozen=True)
class Target:
    """A checked URL: the address to connect to, and the name the request still carries."""

    url: str
    host: str
    port: int
    address: IpAddress
    parts: SplitResult

    def pinned_url(self) -> str:
        literal = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        return urlunsplit((self.parts.scheme, f"{literal}:{self.port}", self.parts.path or "/", self.parts.query, ""))

    def host_header(self) -> str:
        default = 443 if self.parts.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"


def check_url(url: str, policy: AddressPolicy) -> Target:
    """The URL's target if every address its host resolves to may be reached; AddressRefused otherwise
    (`details.reason`: scheme, credentials, unresolvable, or the refused address's class)."""
    if len(url) > MAX_URL_LENGTH:
        raise Invalid(f"A webhook URL has at most {MAX_URL_LENGTH} characters.", code="invalid_url", field="url")
    try:
        parts = urlsplit(url.strip())
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise Invalid(f"Not a URL: {error}.", code="invalid_url", field="url") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused("A webhook URL is http:// or https:// with a host name.", field="url",
                             details={"reason": "scheme"})
    if parts.username or parts.password:
        raise AddressRefused("A webhook URL carries no user name or password.", field="url",
                             details={"reason": "credentials"})
    host = parts.hostname
    literal = True
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        literal = False
        try:
            addresses = [ipaddress.ip_address(found.split("%", 1)[0]) for found in resolve(host, port)]
        except (OSError, UnicodeError, ValueError) as error:
            raise AddressRefused(f"The host {host} could not be resolved.", field="url",
                                 details={"reason": "unresolvable"}) from error
    if not addresses:
        raise AddressRefused(f"The host {host} could not be resolved.", field="url", details={"reason": "unresolvable"})
    for address in addresses:
        reason = address_refusal(address, policy)
        if reason is not None:
            # A name's private address is not told: whoever may subscribe would map the internal DNS.
            kind = reason.replace("_", "-")
            told = f"it is a {kind} address" if literal else f"it resolves to a {kind} address"
            raise AddressRefused(f"Webhooks may not be sent to {host}: {told}.", field="url",
                                 details={"reason": reason})
    return Target(url=url, host=host, port=port, address=addresses[0], parts=parts)


@dataclass(frozen=True)
class AttemptResult:
    """What one attempt got: an HTTP status (None: no answer) and what the receiver said or what went wrong."""

    status_code: int | None
    response_body: str | None
    error: str | None
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _client(timeout: float, transport: httpx.BaseTransport | None) -> httpx.Client:
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False, transport=transport,
                        verify=_tls_context())


def post(target: Target, *, body: str, headers: dict[str, str], timeout: float = TIMEOUT_SECONDS,
         transport: httpx.BaseTransport | None = None) -> AttemptResult:
    """POST `body` to the checked target's address; never raises for the receiver's or the network's failures."""
    with _client(timeout, transport) as client:
        return _post_with(client, target, body=body, headers=headers, timeout=timeout)


def post_many(target: Target, messages: Sequence[tuple[str, dict[str, str]]], *, timeout: float = TIMEOUT_SECONDS,
              deadline: float | None = None, transport: httpx.BaseTransport | None = None) -> list[AttemptResult]:
    """POST each (body, headers) in turn to one checked target over one keep-alive connection, each
    request with its own `timeout`. It stops at the first attempt that got no answer (the
    receiver is down: the rest would each wait a timeout) and before starting one after
    `deadline` (time.monotonic()); the results are those of the attempts made, in order."""
    results: list[AttemptResult] = []
    with _client(timeout, transport) as client:
        for body, headers in messages:
            if deadline is not None and time.monotonic() >= deadline:
                break
            result = _post_with(client, target, body=body, headers=headers, timeout=timeout)
            results.append(result)
            if result.status_code is None:
                break
    return results


def _post_with(client: httpx.Client, target: Target, *, body: str, headers: dict[str, str],
               timeout: float) -> AttemptResult:
    started = time.monotonic()
    extensions = {"sni_hostname": target.host} if target.parts.scheme == "https" else {}
    try:
        request = client.build_request("POST", target.pinned_url(), content=body.encode(),
                                       headers={**headers, "host": target.host_header(),
                                                "user-agent": "loyalty-webhooks/1"},
                                       extensions=extensions)
        response = client.send(request, stream=True)
        try:
            read = bytearray()
            for chunk in response.iter_bytes():
                read += chunk
                if len(read) >= _BODY_BYTES_READ or time.monotonic() - started > timeout:
                    break
        finally:
            response.close()
        text = read.decode(response.encoding or "utf-8", errors="replace")[:RESPONSE_BODY_KEPT]
        error = None
        if response.is_redirect:
            error = "redirect not followed (answer 2xx at the subscribed URL)"
        elif not response.is_success:
            error = f"HTTP {response.status_code}"
        return AttemptResult(response.status_code, text, error, _ms_since(started))
    except httpx.TimeoutException:
        return AttemptResult(None, None, f"no answer within {timeout:g} s", _ms_since(started))
    except httpx.HTTPError as error:
        return AttemptResult(None, None, f"{type(error).__name__}: {error}"[:500], _ms_since(started))


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
