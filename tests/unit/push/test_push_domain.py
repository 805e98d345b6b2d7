"""The pure rules of web push: which endpoints are posted to, and what a notification shows."""

from __future__ import annotations

import pytest

from loyalty.inbox.channels import notification
from loyalty.kernel.errors import Invalid
from loyalty.messaging.channels import Outgoing
from loyalty.push.domain import check_endpoint, is_public_address


@pytest.mark.parametrize(("address", "public"), [("8.8.8.8", True), ("2a00:1450:4001::1", True),
                                                 ("127.0.0.1", False), ("10.0.0.1", False), ("192.168.1.1", False),
                                                 ("169.254.169.254", False), ("::1", False), ("fd00::1", False),
                                                 ("::ffff:127.0.0.1", False), ("0.0.0.0", False)])
def test_only_addresses_on_the_public_internet_are_public(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_a_push_services_https_address_is_taken_as_it_is() -> None:
    endpoint = "https://fcm.googleapis.com/fcm/send/abc:def"
    assert check_endpoint(f"  {endpoint} ", allow_private=False) == endpoint


def test_private_endpoints_pass_only_when_the_operator_allows_them() -> None:
    with pytest.raises(Invalid):
        check_endpoint("http://127.0.0.1:9000/push/1", allow_private=False)
    assert check_endpoint("http://127.0.0.1:9000/push/1", allow_private=True) == "http://127.0.0.1:9000/push/1"


def test_a_notification_shows_the_subject_the_start_of_the_text_and_opens_the_message() -> None:
    outgoing = Outgoing(message_id=42, program_id=1, member_id=7, channel="push", address="app",
                        subject="Double points", text="Word " * 100)
    shown = notification(outgoing)
    assert shown["title"] == "Double points" and shown["url"] == "/app/messages/42" and shown["tag"] == "message-42"
    assert len(shown["body"]) == 240 and shown["body"].endswith("…") and "  " not in shown["body"]
