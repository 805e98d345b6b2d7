"""The MIME composer and the SMTP connection: what a mail client reads back, and pipelining
when the server offers it (a real aiosmtpd server on a free local port)."""

from __future__ import annotations

import email
import email.policy
import smtplib
from collections.abc import Iterator
from email.message import EmailMessage, MIMEPart
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from loyalty.mail.smtp import SmtpConnection, compose
from tests.integration.messaging.smtp import free_port


def _content(part: MIMEPart | None) -> str:
    """A part's text as a mail client shows it (the wire's CRLF line ends as newlines)."""
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def _parsed(data: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_a_composed_message_reads_back_with_non_ascii_headers_and_parts() -> None:
    long_line = "ż" * 300
    data = compose(sender="Sklep Żółw <news@shop.example>", to="ola@example.com", subject="Cześć Ola, 150 pkt",
                   text=f"Hello\n.starts with a dot\n{long_line}\n", html="<p>Cześć <b>Ola</b></p>",
                   headers={"Message-ID": "<message-1@loyalty.test>", "List-Unsubscribe": "<https://x/u/1>"})
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    assert b"\n" not in data.replace(b"\r\n", b"")
    mail = _parsed(data)
    assert mail["Subject"] == "Cześć Ola, 150 pkt"
    assert mail["From"].addresses[0].display_name == "Sklep Żółw"
    assert mail["Message-ID"] == "<message-1@loyalty.test>"
    assert _content(mail.get_body(("plain",))) == f"Hello\n.starts with a dot\n{long_line}\n"
    assert _content(mail.get_body(("html",))) == "<p>Cześć <b>Ola</b></p>\n"


def test_a_plain_text_message_has_one_part() -> None:
    mail = _parsed(compose(sender="a@b.c", to="d@e.f", subject="Hi", text="Only text"))
    assert mail.get_content_type() == "text/plain" and _content(mail) == "Only text\n"


def test_a_line_break_in_a_header_is_refused() -> None:
    with pytest.raises(ValueError, match="line break"):
        compose(sender="a@b.c", to="d@e.f", subject="Hi\r\nBcc: x@y.z", text="x")


class _Server:
    def __init__(self, pipelining: bool) -> None:
        self.pipelining = pipelining
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,  # noqa: N802
                          responses: list[str]) -> list[str]:
        session.host_name = hostname
        if self.pipelining:
            responses.insert(1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          rcpt_options: list[str]) -> str:
        if address.startswith("refused@"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


@pytest.fixture(params=[False, True], ids=["stepwise", "pipelining"])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[_Server, int]]:
    handler, port = _Server(request.param), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def test_one_connection_sends_several_messages_and_survives_a_refused_recipient(server: tuple[_Server, int]) -> None:
    handler, port = server
    connection = SmtpConnection(host="127.0.0.1", port=port, security="none")
    assert connection.pipelining is handler.pipelining
    first = compose(sender="a@b.c", to="x@y.z", subject="1", text=".\n..two dots\nend")
    connection.send("a@b.c", "x@y.z", first)
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        connection.send("a@b.c", "refused@y.z", first)
    connection.send("a@b.c", "w@y.z", compose(sender="a@b.c", to="w@y.z", subject="2", text="second"))
    connection.close()
    assert [(sender, rcpts) for sender, rcpts, _data in handler.received] == [
        ("a@b.c", ["x@y.z"]), ("a@b.c", ["w@y.z"])]
    assert _content(_parsed(handler.received[0][2])) == ".\n..two dots\nend\n"
