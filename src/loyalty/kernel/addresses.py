"""Which IP addresses the server may connect to on someone else's behalf (SSRF): the one rule
that webhooks (an operator's URL) and web push (a member's endpoint) both apply to every address
a host resolves to, before connecting to that very address.

An IPv6 address that carries an IPv4 address to the same host (IPv4-mapped, 6to4, Teredo,
NAT64) is judged by the IPv4 address it carries, so `64:ff9b::7f00:1` is loopback as 127.0.0.1 is.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Addresses never reached, even where private networks are allowed: cloud metadata services.
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
                                ipaddress.ip_address("100.100.100.200")})
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be reached besides public ones (the operator's setting).

    `allow_private_networks` opens every non-public address except the cloud metadata
    services; `allowed_networks` opens only the networks listed (the metadata addresses too,
    if a listed network holds them: that is asking for it by name).
    """

    allow_private_networks: bool = False
    allowed_networks: tuple[IpNetwork, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, allow_private_networks: bool, allowed_networks: Iterable[str]) -> AddressPolicy:
        return cls(allow_private_networks, tuple(ipaddress.ip_network(cidr, strict=False)
                                                 for cidr in allowed_networks))


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries to the same host (mapped, 6to4, Teredo, NAT64)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(address: IpAddress) -> str | None:
    """Why a connection to the public internet may not reach `address` (None: it may): the class
    it belongs to (metadata, loopback, private, link_local, cgnat, …)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = embedded_ipv4(address)
        if embedded is not None:
            return refusal(embedded)
    if address in METADATA_ADDRESSES:
        return "metadata"
    checks = (("unspecified", address.is_unspecified), ("loopback", address.is_loopback),
              ("link_local", address.is_link_local), ("multicast", address.is_multicast),
              ("cgnat", isinstance(address, ipaddress.IPv4Address) and address in _CGNAT),
              ("reserved", address.is_reserved), ("private", address.is_private),
              ("not_global", not address.is_global))
    return next((name for name, hit in checks if hit), None)


def address_refusal(address: IpAddress, policy: AddressPolicy) -> str | None:
    """Why a connection may not go to `address` under the operator's policy (None: it may)."""
    reason = refusal(address)
    if reason is None:
        return None
    candidates = [address]
    if isinstance(address, ipaddress.IPv6Address) and (embedded := embedded_ipv4(address)) is not None:
        candidates.append(embedded)
    if any(candidate in network for candidate in candidates for network in policy.allowed_networks
           if candidate.version == network.version):
        return None
    if policy.allow_private_networks and reason != "metadata":
        return None
    return reason


def parse(address: str) -> IpAddress:
    """An address as a resolver gives it (an IPv6 zone `%eth0` dropped); ValueError if it is none."""
    return ipaddress.ip_address(address.split("%", 1)[0])
