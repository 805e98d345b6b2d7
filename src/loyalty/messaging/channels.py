"""Channel adapters: how a rendered message leaves the platform, behind one small protocol.

Each channel ("email", "sms", "push", "inbox") has an adapter with a `name`, the consent channel
it needs (None: none, as for the app's inbox), how to find a member's address on it, and
`send(outgoing) -> SendResult`. Adapters are made from the settings by a factory registered
here (`register`), so an area adds a channel with one call and delivery never names one.

`send` runs outside any rule: the delivery service has already checked consent, suppression,
the frequency cap and quiet hours. It raises `TransientChannelError` for a failure worth
retrying (a connection refused, a 4xx SMTP answer, an HTTP 5xx) and `PermanentChannelError`
for one that never will (a refused recipient, an HTTP 4xx).
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from sqlalchemy.orm import Session

from loyalty.config import Settings
from loyalty.mail import smtp

log = logging.getLogger("loyalty.messaging")

KNOWN_CHANNELS = ("email", "sms", "push", "inbox")


@dataclass(frozen=True)
class Recipient:
    """What an adapter may know about the member it sends to."""

    member_id: int
    program_id: int
    email: str | None
    phone: str | None
    first_name: str | None
    language: str | None


@dataclass(frozen=True)
class Outgoing:
    """One rendered message, ready for its channel."""

    message_id: int
    program_id: int
    member_id: int
    channel: str
    address: str
    subject: str
    text: str
    html: str | None = None
    # E-mail headers (Message-ID, List-Unsubscribe, …); other channels ignore them.
    headers: dict[str, str] = field(default_factory=dict)
    # Channel-specific extras (a push's target URL, an inbox's source); JSON values.
    data: dict[str, Any] = field(default_factory=dict)


# Database writes a send leads to (a push service said a device is gone), run by delivery in
# the unit of work that records the message's outcome: the send itself has no transaction open.
Record = Callable[[Session], None]


@dataclass(frozen=True)
class SendResult:
    provider_id: str | None = None
    # The adapter knows the message arrived (the inbox stores it): a `message.delivered` follows at once.
    delivered: bool = False
    record: Record | None = None


class ChannelError(Exception):
    def __init__(self, message: str, *, record: Record | None = None) -> None:
        super().__init__(message)
        self.record = record


class TransientChannelError(ChannelError):
    """Worth trying again later."""


class PermanentChannelError(ChannelError):
    """Never worth trying again for this message."""


class Channel(Protocol):
    name: str
    # The member_consents channel that must be granted, or None when none is needed.
    consent_channel: str | None

    def address_of(self, recipient: Recipient) -> str | None: ...

    def send(self, outgoing: Outgoing) -> SendResult: ...


class SessionChannel(Channel, Protocol):
    """A channel that is only database writes (the app's inbox keeps its row): it works in the
    unit of work that records the batch's outcomes. `deliver` asks for `bound(session)` and uses
    what it returns for this one message. Never for a channel that waits on the network."""

    def bound(self, session: Session) -> Channel: ...


class PreparedChannel(Channel, Protocol):
    """A channel whose sending needs the database before (push: the member's live devices) and
    after (which device is gone) a network call. `prepare(session, recipients)` runs in the
    unit of work that claims the batch and returns the adapter the batch sends with; its `send`
    runs with no transaction open, like SMTP, and hands what it learned to the record unit of
    work as `SendResult.record` (or `ChannelError.record`)."""

    def prepare(self, session: Session, recipients: list[Recipient]) -> Channel: ...


class BatchingChannel(Channel, Protocol):
    """A channel that can keep a connection open across a batch (SMTP)."""

    def batch(self) -> contextlib.AbstractContextManager[None]: ...


ChannelFactory = Callable[[Settings], Channel]
_FACTORIES: dict[str, ChannelFactory] = {}


def register(name: str, factory: ChannelFactory) -> None:
    """Make `name` a channel whose adapter `factory(settings)` builds (a later call replaces it)."""
    _FACTORIES[name] = factory


def registered() -> list[str]:
    return sorted(_FACTORIES)


class Channels:
    """The adapters one process (or one batch) sends with, built once from the settings."""

    def __init__(self, settings: Settings, overrides: dict[str, Channel] | None = None) -> None:
        self._settings = settings
        self._built: dict[str, Channel] = dict(overrides or {})

    def get(self, name: str) -> Channel | None:
        if name not in self._built:
            factory = _FACTORIES.get(name)
            if factory is None:
                return None
            self._built[name] = factory(self._settings)
        return self._built[name]

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Adapters that can keep a connection across a batch keep it until the block ends."""
        with contextlib.ExitStack() as stack:
            for name in list(_FACTORIES):
                adapter = self.get(name)
                if adapter is not None and hasattr(adapter, "batch"):
                    stack.enter_context(adapter.batch())
            yield


# --- e-mail ------------------------------------------------------------------------------------

_TRANSIENT_SMTP = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPHeloError,
                   ConnectionError, TimeoutError, OSError)


class EmailChannel:
    """Multipart e-mail (plain text and HTML) over SMTP, with the settings of `mail.*`. Inside
    `batch()` one SMTP connection carries every message (TCP_NODELAY, PIPELINING when offered,
    see loyalty.mail.smtp); outside it each message opens its own."""

    name = "email"
    consent_channel: str | None = "email"

    def __init__(self, *, host: str, port: int, sender: str, username: str | None = None,
                 password: str | None = None, security: str = "starttls", timeout_seconds: float = 10.0) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.security = username, password, security
        self.timeout_seconds = timeout_seconds
        self.envelope_sender = smtp.envelope_address(sender)
        self._connection: smtp.SmtpConnection | None = None
        self._batching = False
        # How many SMTP sessions this adapter opened (a batch should open one).
        self.connections = 0

    def address_of(self, recipient: Recipient) -> str | None:
        return recipient.email

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            self._close()

    def _connect(self) -> smtp.SmtpConnection:
        self.connections += 1
        return smtp.SmtpConnection(host=self.host, port=self.port, security=self.security, username=self.username,
                                   password=self.password, timeout_seconds=self.timeout_seconds)

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def message_bytes(self, outgoing: Outgoing) -> bytes:
        return smtp.compose(sender=self.sender, to=outgoing.address, subject=outgoing.subject, text=outgoing.text,
                            html=outgoing.html, headers=outgoing.headers)

    def send(self, outgoing: Outgoing) -> SendResult:
        try:
            data = self.message_bytes(outgoing)
        except ValueError as error:  # a line break in a header: never sendable
            raise PermanentChannelError(f"message not composable: {error}") from error
        try:
            if self._connection is None:
                self._connection = self._connect()
            try:
                self._connection.send(self.envelope_sender, outgoing.address, data)
            except smtplib.SMTPServerDisconnected:
                # A connection kept across a batch may have been closed by the server meanwhile.
                self._close()
                self._connection = self._connect()
                self._connection.send(self.envelope_sender, outgoing.address, data)
        except smtplib.SMTPRecipientsRefused as error:
            self._close_unless_batching()
            codes = [code for code, _text in error.recipients.values()]
            if codes and all(400 <= code < 500 for code in codes):
                raise TransientChannelError(f"recipient deferred: {error.recipients}") from error
            raise PermanentChannelError(f"recipient refused: {error.recipients}") from error
        except smtplib.SMTPResponseException as error:
            self._close()
            if 400 <= error.smtp_code < 500:
                raise TransientChannelError(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
            raise PermanentChannelError(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
        except _TRANSIENT_SMTP as error:
            self._close()
            raise TransientChannelError(f"SMTP: {error}") from error
        self._close_unless_batching()
        return SendResult(provider_id=outgoing.headers.get("Message-ID"))

    def _close_unless_batching(self) -> None:
        if not self._batching:
            self._close()


def _email_channel(settings: Settings) -> Channel:
    mail = settings.mail
    if not mail.smtp_host:
        return LogChannel(name="email", consent_channel="email", address=lambda r: r.email)
    return EmailChannel(host=mail.smtp_host, port=mail.smtp_port, sender=mail.sender, username=mail.smtp_username,
                        password=mail.smtp_password.get_secret_value() if mail.smtp_password else None,
                        security=mail.smtp_security)


# --- SMS ---------------------------------------------------------------------------------------

class HttpSmsChannel:
    """One HTTP SMS provider: POST `{"to": "+48…", "text": "…"}` as JSON to `url` with the
    `auth_header` (e.g. "Authorization: Bearer …"); the answer's JSON `id`, if any, is kept."""

    name = "sms"
    consent_channel: str | None = "sms"

    def __init__(self, *, url: str, auth_header: str | None, sender: str | None = None,
                 timeout_seconds: float = 10.0) -> None:
        self.url, self.auth_header, self.sender, self.timeout_seconds = url, auth_header, sender, timeout_seconds

    def address_of(self, recipient: Recipient) -> str | None:
        return recipient.phone

    def send(self, outgoing: Outgoing) -> SendResult:
        body: dict[str, Any] = {"to": outgoing.address, "text": outgoing.text}
        if self.sender:
            body["from"] = self.sender
        headers = {"Idempotency-Key": f"message-{outgoing.message_id}"}
        if self.auth_header:
            name, _, value = self.auth_header.partition(":")
            headers[name.strip()] = value.strip()
        try:
            answer = httpx.post(self.url, json=body, headers=headers, timeout=self.timeout_seconds)
        except httpx.HTTPError as error:
            raise TransientChannelError(f"SMS provider unreachable: {error}") from error
        if answer.status_code >= 500 or answer.status_code == 429:
            raise TransientChannelError(f"SMS provider answered {answer.status_code}")
        if answer.status_code >= 400:
            raise PermanentChannelError(f"SMS provider answered {answer.status_code}")
        provider_id = None
        with contextlib.suppress(ValueError, AttributeError):
            found = answer.json().get("id")
            provider_id = None if found is None else str(found)
        return SendResult(provider_id=provider_id)


def _sms_channel(settings: Settings) -> Channel:
    sms = settings.sms
    if sms.provider == "http" and sms.url:
        return HttpSmsChannel(url=sms.url, auth_header=sms.auth_header.get_secret_value() if sms.auth_header else None,
                              sender=sms.sender)
    return LogChannel(name="sms", consent_channel="sms", address=lambda r: r.phone)


# --- development -----------------------------------------------------------------------------------

class LogChannel:
    """Development: writes the message to the log instead of sending it (SMS without a provider,
    e-mail without an SMTP server)."""

    def __init__(self, *, name: str, consent_channel: str | None,
                 address: Callable[[Recipient], str | None]) -> None:
        self.name, self.consent_channel, self._address = name, consent_channel, address
        self.sent: list[Outgoing] = []

    def address_of(self, recipient: Recipient) -> str | None:
        return self._address(recipient)

    def send(self, outgoing: Outgoing) -> SendResult:
        self.sent.append(outgoing)
        del self.sent[:-100]  # the newest hundred, for a look in a development shell
        log.warning("%s (log adapter, development only) to %s: %s\n%s", self.name, outgoing.address,
                    outgoing.subject, outgoing.text)
        return SendResult(provider_id=f"log-{outgoing.message_id}")


register("email", _email_channel)
register("sms", _sms_channel)
