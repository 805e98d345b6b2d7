"""Which addresses a webhook may reach: every refused class, by literal address and by a name
that resolves to it, and what the operator's settings open."""

from __future__ import annotations

import ipaddress

import pytest

from loyalty.webhooks import network
from loyalty.webhooks.domain import AddressPolicy, address_refusal, retry_schedule
from loyalty.webhooks.network import AddressRefused, check_url

PUBLIC = AddressPolicy()

REFUSED = [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("172.31.255.254", "private"), ("192.168.1.1", "private"),
    ("fc00::1", "private"), ("fd12:3456::1", "private"),
    ("169.254.1.1", "link_local"), ("fe80::1", "link_local"),
    ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"), ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"),
    ("100.64.0.1", "cgnat"), ("100.127.255.254", "cgnat"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"), ("::ffff:169.254.169.254", "metadata"),
    ("64:ff9b::a00:1", "private"), ("2002:7f00:1::", "loopback"),
    ("192.0.2.10", "private"),  # documentation (TEST-NET-1)
]


@pytest.mark.parametrize(("address", "reason"), REFUSED)
def test_literal_addresses_of_every_refused_class_are_refused(address: str, reason: str) -> None:
    literal = f"[{address}]" if ":" in address else address
    with pytest.raises(AddressRefused) as refused:
        check_url(f"https://{literal}/hook", PUBLIC)
    assert refused.value.details["reason"] == reason
    assert refused.value.code == "webhook_address_refused" and refused.value.field == "url"


@pytest.mark.parametrize(("address", "reason"), REFUSED)
def test_names_resolving_to_a_refused_class_are_refused(monkeypatch: pytest.MonkeyPatch, address: str,
                                                         reason: str) -> None:
    monkeypatch.setattr(network, "resolve", lambda host, port: {"hooks.example.com": [address]}[host])
    with pytest.raises(AddressRefused) as refused:
        check_url("https://hooks.example.com/hook", PUBLIC)
    assert refused.value.details == {"reason": reason}
    assert address not in refused.value.message  # what an internal name resolves to is not told


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "resolve", lambda host, port: ["93.184.216.34", "10.0.0.7"])
    with pytest.raises(AddressRefused) as refused:
        check_url("https://hooks.example.com/", PUBLIC)
    assert refused.value.details == {"reason": "private"}
    assert "10.0.0.7" not in refused.value.message


def test_a_public_name_is_pinned_to_the_address_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "resolve", lambda host, port: ["93.184.216.34", "2606:2800:220:1::1"])
    target = check_url("https://hooks.example.com:8443/in?x=1", PUBLIC)
    assert (target.pinned_url(), target.host_header()) == ("https://93.184.216.34:8443/in?x=1",
                                                           "hooks.example.com:8443")


@pytest.mark.parametrize("url", ["ftp://hooks.example.com/", "file:///etc/passwd", "gopher://x/", "hooks.example.com",
                                 "javascript:alert(1)", "http:///nohost"])
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(AddressRefused) as refused:
        check_url(url, PUBLIC)
    assert refused.value.details["reason"] == "scheme"


def test_credentials_in_the_url_are_refused() -> None:
    with pytest.raises(AddressRefused):
        check_url("https://user:pass@93.184.216.34/", PUBLIC)


def test_an_unresolvable_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(host: str, port: int) -> list[str]:
        raise OSError("no such host")

    monkeypatch.setattr(network, "resolve", fail)
    with pytest.raises(AddressRefused) as refused:
        check_url("https://nowhere.example/", PUBLIC)
    assert refused.value.details["reason"] == "unresolvable"


def test_allowing_private_networks_opens_loopback_and_private_but_never_metadata() -> None:
    local = AddressPolicy(allow_private_networks=True)
    assert check_url("http://127.0.0.1:9/x", local).address == ipaddress.ip_address("127.0.0.1")
    assert address_refusal(ipaddress.ip_address("10.0.0.1"), local) is None
    assert address_refusal(ipaddress.ip_address("169.254.169.254"), local) == "metadata"
    assert address_refusal(ipaddress.ip_address("::ffff:169.254.169.254"), local) == "metadata"


def test_an_allowed_network_opens_only_itself() -> None:
    policy = AddressPolicy.of(False, ["10.20.0.0/16"])
    assert address_refusal(ipaddress.ip_address("10.20.3.4"), policy) is None
    assert address_refusal(ipaddress.ip_address("::ffff:10.20.3.4"), policy) is None
    assert address_refusal(ipaddress.ip_address("10.21.0.1"), policy) == "private"
    assert address_refusal(ipaddress.ip_address("127.0.0.1"), policy) == "loopback"


def test_public_addresses_pass() -> None:
    for address in ("93.184.216.34", "8.8.8.8", "2606:2800:220:1::1"):
        assert address_refusal(ipaddress.ip_address(address), PUBLIC) is None


def test_retries_wait_longer_each_time_over_about_a_day() -> None:
    waits = [int(wait.total_seconds()) for wait in retry_schedule()]
    assert waits == [5, 25, 125, 625, 3125, 15625, 78125]


def test_every_subscribable_type_is_in_the_event_catalogue() -> None:
    from loyalty.events import catalogue
    from loyalty.webhooks.domain import SUBSCRIBABLE_TYPES

    assert [name for name in SUBSCRIBABLE_TYPES if not catalogue.is_defined(name)] == []
