"""Sending e-mail: over SMTP when a server is configured, else into a local outbox folder and
the server log, so a demo with no network still shows every message it would have sent."""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Protocol

from loyalty.config import MailSettings

log = logging.getLogger("loyalty.mail")


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str
    html: str | None = None


class Mailer(Protocol):
    def send(self, message: Message) -> None: ...


def _email(message: Message, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(">") or None)
    email.set_content(message.text)
    if message.html is not None:
        email.add_alternative(message.html, subtype="html")
    return email


@dataclass(frozen=True)
class SmtpMailer:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    # "starttls" (port 587), "tls" (implicit TLS, port 465) or "none" (a relay on the same host or a test server).
    security: str = "starttls"
    timeout_seconds: float = 10.0

    def send(self, message: Message) -> None:
        email = _email(message, self.sender)
        if self.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout_seconds,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout_seconds)
        with client:
            if self.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if self.username:
                client.login(self.username, self.password or "")
            client.send_message(email)
        # Never the subject or the body: they may carry a sign-in code.
        log.info("mail sent to %s, Message-ID %s", message.to, email["Message-ID"])


@dataclass(frozen=True)
class OutboxMailer:
    """The development outbox, for a server with no SMTP configured: writes each message as an .eml
    file (and a .json of its fields) into `folder`, and logs it whole, saying it is the outbox."""

    folder: Path
    sender: str

    def send(self, message: Message) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # One reading of the clock for both parts: two readings could name a later message before
        # an earlier one (newest_in_outbox goes by the name).
        now_ns = time.time_ns()
        stem = f"{time.strftime('%Y%m%d-%H%M%S', time.localtime(now_ns // 1_000_000_000))}-{now_ns % 1_000_000_000:09d}"
        (self.folder / f"{stem}.eml").write_bytes(bytes(_email(message, self.sender)))
        (self.folder / f"{stem}.json").write_text(json.dumps(
            {"to": message.to, "subject": message.subject, "text": message.text}, ensure_ascii=False, indent=2),
            encoding="utf-8")
        # The development outbox (no SMTP server configured) shows the whole message, codes included.
        log.warning("outbox (no SMTP server set, development only): mail to %s kept in %s/%s.eml\n  Subject: %s\n%s",
                    message.to, self.folder, stem, message.subject, message.text)


def newest_in_outbox(folder: Path, to: str) -> dict[str, str] | None:
    """The newest message the outbox holds for `to` (the demo and the tests read codes this way)."""
    for path in sorted(folder.glob("*.json"), reverse=True):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("to", "").lower() == to.lower():
            return dict(data)
    return None


def mailer_from(settings: MailSettings) -> Mailer:
    """The mailer the settings ask for: SMTP when `smtp_host` is set, else the outbox folder."""
    if settings.smtp_host:
        return SmtpMailer(host=settings.smtp_host, port=settings.smtp_port, sender=settings.sender,
                          username=settings.smtp_username,
                          password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
                          security=settings.smtp_security)
    return OutboxMailer(folder=Path(settings.outbox_dir), sender=settings.sender)
