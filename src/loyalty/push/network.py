"""Posting to a push service without being turned against our own network (SSRF), within a
deadline.

The endpoint is a member's choice, so it is treated as webhooks treat an operator's URL
(loyalty.webhooks.network, the same address rule: loyalty.kernel.addresses): its host is
resolved once, every address it resolves to must pass or none is used, and the request then
connects to the address that was checked, not to the name: the URL's host is replaced by the
address, while the `Host` header and TLS's SNI and certificate check keep the name (httpcore's
`sni_hostname`). A DNS answer that changes between the check and the connection (DNS
rebinding) changes nothing; a name that does not resolve is not posted to. Redirects are not
followed and proxies from the environment are ignored.

Time: everything (resolving, connecting, TLS, sending, reading the answer) ends by one
deadline. httpx's own timeouts are per operation, so a push service answering one byte at a
time could hold a send for minutes; here each socket operation gets only what is left of the
deadline.
"""

from __future__ import annotations

import socket
import time
import typing
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

import httpcore
import httpx

from loyalty.kernel.addresses import AddressPolicy, IpAddress, address_refusal, parse

ANSWER_BYTES_READ = 2000  # of a push service's answer, kept for the failure's detail

# getaddrinfo cannot be interrupted: it runs here, and the send waits for it only until its deadline.
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="push-resolve")


class Refused(Exception):
    """Not posted: the endpoint is not one the server may reach (`reason`: scheme, credentials,
    or the refused address's class)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class Unresolvable(Exception):
    """Not posted: the endpoint's host did not resolve (in time): maybe later."""


def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to (tests replace socket.getaddrinfo to map names)."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


@dataclass(frozen=True)
class Target:
    """A checked endpoint: the address to connect to, and the name the request still carries."""

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


def check(endpoint: str, policy: AddressPolicy, *, deadline: float) -> Target:
    """The endpoint's target if every address its host resolves to may be reached (Refused
    otherwise; Unresolvable when the name gives no address before `deadline`, a monotonic time)."""
    try:
        parts = urlsplit(endpoint)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise Refused("url", f"not a URL: {error}") from error
    schemes = ("https", "http") if policy.allow_private_networks or policy.allowed_networks else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        raise Refused("scheme", "the endpoint is not an https:// URL")
    if parts.username or parts.password:
        raise Refused("credentials", "the endpoint carries a user name or password")
    host = parts.hostname
    try:
        addresses = [parse(host)]
    except ValueError:
        future = _resolver.submit(resolve, host, port)
        try:
            addresses = [parse(found) for found in future.result(timeout=max(deadline - time.monotonic(), 0.0))]
        except FutureTimeout as error:
            future.cancel()
            raise Unresolvable(f"the host {host} did not resolve in time") from error
        except (OSError, UnicodeError, ValueError) as error:
            raise Unresolvable(f"the host {host} could not be resolved") from error
    if not addresses:
        raise Unresolvable(f"the host {host} could not be resolved")
    for address in addresses:
        reason = address_refusal(address, policy)
        if reason is not None:
            raise Refused(reason, f"the endpoint resolves to a {reason.replace('_', '-')} address")
    return Target(host=host, port=port, address=addresses[0], parts=parts)


@dataclass(frozen=True)
class Answer:
    """What the push service answered: its status and the start of its body."""

    status: int
    text: str


def post(target: Target, *, body: bytes, headers: dict[str, str], deadline: float,
         transport: httpx.BaseTransport | None = None) -> Answer:
    """POSTs `body` to the checked target's address, done by `deadline` (a monotonic time).
    Raises httpx.TimeoutException when the deadline passes, httpx.HTTPError for other failures."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpx.TimeoutException("no time left for this device")
    extensions = {"sni_hostname": target.host} if target.parts.scheme == "https" else {}
    with httpx.Client(timeout=left, follow_redirects=False, trust_env=False,
                      transport=transport or _DeadlineTransport(deadline)) as client:
        request = client.build_request("POST", target.pinned_url(), content=body,
                                       headers={**headers, "host": target.host_header()}, extensions=extensions)
        response = client.send(request, stream=True)
        try:
            read = bytearray()
            for chunk in response.iter_bytes():
                read += chunk
                if len(read) >= ANSWER_BYTES_READ or time.monotonic() > deadline:
                    break
        finally:
            response.close()
        return Answer(response.status_code, read.decode(response.encoding or "utf-8", errors="replace"))


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every operation waits at most until the deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def _left(self, timeout: float | None, error: type[Exception]) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise error("the send's deadline passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: typing.Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        stream = self._stream.start_tls(ssl_context, server_hostname, self._left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, deadline: float) -> None:
        self._backend = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ConnectTimeout("the send's deadline passed")
        stream = self._backend.connect_tcp(host, port, left if timeout is None else min(timeout, left),
                                           local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("a push service is reached over TCP only")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport (its error mapping, its TLS context: certificates checked against the
    name given as `sni_hostname`) over sockets bounded by the deadline."""

    def __init__(self, deadline: float) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             max_connections=1, network_backend=_DeadlineBackend(deadline))
