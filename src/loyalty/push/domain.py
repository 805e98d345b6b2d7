"""Pure rules of web push: what a subscription sent by a browser must look like, and which push
service addresses the server will post to."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlsplit

from loyalty.kernel.addresses import AddressPolicy, address_refusal, parse, refusal
from loyalty.kernel.errors import Invalid

MAX_ENDPOINT_LENGTH = 2048
# A member's live subscriptions at most (one per browser and device): an 11th marks the oldest gone.
MAX_LIVE_SUBSCRIPTIONS = 10
# One notification to all of a member's devices together takes at most this long (resolving,
# connecting, sending, reading the answer): a device not reached by then is a failed send.
SEND_BUDGET_SECONDS = 10.0
P256_POINT_BYTES = 65  # uncompressed: 0x04, x, y
AUTH_SECRET_BYTES = 16


def b64url_decode(value: str) -> bytes:
    """Base64url with or without padding (browsers send it without)."""
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def b64url_encode(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).decode("ascii").rstrip("=")


def check_keys(*, p256dh: str, auth: str) -> tuple[str, str]:
    """The browser's public key and auth secret, refused unless they are what the Push API gives
    (a P-256 point and 16 random bytes): garbage here would only fail at every send."""
    try:
        point = b64url_decode(p256dh.strip())
        secret = b64url_decode(auth.strip())
    except (binascii.Error, ValueError) as error:
        raise Invalid("The subscription's keys are not base64url.", code="invalid_push_keys",
                      field="keys") from error
    if len(point) != P256_POINT_BYTES or point[0] != 4:
        raise Invalid("keys.p256dh must be an uncompressed P-256 public key.", code="invalid_push_keys",
                      field="keys.p256dh")
    if len(secret) != AUTH_SECRET_BYTES:
        raise Invalid("keys.auth must be 16 bytes.", code="invalid_push_keys", field="keys.auth")
    return b64url_encode(point), b64url_encode(secret)


def address_policy(allow_private: bool) -> AddressPolicy:
    """The addresses a push may reach: public ones, or (the setting) private ones too; never the
    cloud metadata services. The same rule as webhooks' (loyalty.kernel.addresses)."""
    return AddressPolicy(allow_private_networks=allow_private)


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, link-local,
    multicast, reserved or unspecified, nor an IPv6 form carrying such an IPv4 address: mapped,
    6to4, Teredo, NAT64)."""
    return refusal(parse(address)) is None


def check_endpoint(endpoint: str, *, allow_private: bool) -> str:
    """The push service URL a browser gave, refused unless it is an https:// address that is not
    an IP literal of a private network. Push services are public https servers; anything else
    would let a member make the server post to its own network. (Host names are resolved and
    checked again at each send, and the send connects to the address it checked.) `allow_private`
    (a setting, for tests and closed networks) accepts http:// and private addresses too, but
    never a cloud metadata service's."""
    endpoint = endpoint.strip()
    if not endpoint or len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise Invalid(f"The endpoint must be 1 to {MAX_ENDPOINT_LENGTH} characters.", code="invalid_push_endpoint",
                      field="endpoint")
    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError as error:
        raise Invalid("The endpoint is not a URL.", code="invalid_push_endpoint", field="endpoint") from error
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes or not parts.hostname or parts.username or parts.password:
        raise Invalid("The endpoint must be an https:// address of a push service.", code="invalid_push_endpoint",
                      field="endpoint")
    try:
        literal = parse(parts.hostname)
    except ValueError:
        literal = None
    if literal is not None and address_refusal(literal, address_policy(allow_private)) is not None:
        raise Invalid("The endpoint's address is not a public one.", code="invalid_push_endpoint",
                      field="endpoint")
    if not allow_private and (parts.hostname == "localhost" or parts.hostname.endswith(".localhost")):
        raise Invalid("The endpoint's address is not a public one.", code="invalid_push_endpoint",
                      field="endpoint")
    return endpoint
