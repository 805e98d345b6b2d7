"""Where a visit came from, and the shop's signed identify tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from loyalty.browsing import domain
from loyalty.browsing.domain import Source

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def test_utm_parameters_win_over_the_referrer() -> None:
    assert domain.source_of(utm_source="Newsletter", utm_medium="EMAIL", utm_campaign="Spring-Sale",
                            referrer="https://mail.example/", page_host="shop.example") == Source(
        "newsletter", "email", "spring-sale", "mail.example")


def test_a_search_engine_is_organic_another_site_a_referral_and_the_shop_itself_direct() -> None:
    def of(referrer: str | None) -> tuple[str, str]:
        found = domain.source_of(utm_source=None, utm_medium=None, utm_campaign=None, referrer=referrer,
                                 page_host="www.shop.example")
        return found.source, found.medium

    assert of("https://www.google.com/search?q=boots") == ("google.com", "organic")
    assert of("https://blog.example/best-boots") == ("blog.example", "referral")
    assert of("https://shop.example/cart") == ("(direct)", "(none)")
    assert of(None) == ("(direct)", "(none)")


def test_only_the_path_of_a_page_is_kept() -> None:
    assert domain.path_of("https://shop.example/p/boot?email=anna@example.com") == "/p/boot"


VISITOR = "visitor-0001"


def test_a_token_signed_with_the_secret_names_its_member() -> None:
    token = domain.identify_token("s3cret", 42, VISITOR, NOW + timedelta(minutes=5))
    assert domain.check_identify_token("s3cret", token, VISITOR, NOW) == domain.TokenCheck(42, None)


def test_a_token_for_another_member_or_signed_with_another_secret_is_refused() -> None:
    token = domain.identify_token("s3cret", 42, VISITOR, NOW + timedelta(minutes=5))
    member, expires, signature = token.split(".")
    assert domain.check_identify_token("s3cret", f"43.{expires}.{signature}", VISITOR,
                                       NOW).problem == "invalid_identity_token"
    assert domain.check_identify_token("other", token, VISITOR, NOW).problem == "invalid_identity_token"
    assert domain.check_identify_token("s3cret", "42", VISITOR, NOW).problem == "invalid_identity_token"


def test_a_token_identifies_only_the_visitor_it_was_signed_for() -> None:
    token = domain.identify_token("s3cret", 42, VISITOR, NOW + timedelta(minutes=5))
    assert domain.check_identify_token("s3cret", token, "attacker-visitor", NOW).problem == "invalid_identity_token"


def test_malformed_tokens_are_refused_not_crashed_on() -> None:
    token = domain.identify_token("s3cret", 42, VISITOR, NOW + timedelta(minutes=5))
    member, expires, signature = token.split(".")
    for bad in (f"42.{expires}.\u00e9", f"\u00b2.{expires}.{signature}", f"42.{expires}.{signature.upper()}",
                f"42.{expires}.{signature}.", f"4\u0662.{expires}.{signature}", f"{'9' * 19}.{expires}.{signature}",
                "", "..", f"42.{expires}.{signature[:-1]}\u00e9"):
        assert domain.check_identify_token("s3cret", bad, VISITOR, NOW).problem == "invalid_identity_token", bad


def test_an_expired_token_or_one_valid_for_too_long_is_refused() -> None:
    expired = domain.identify_token("s3cret", 42, VISITOR, NOW - timedelta(seconds=1))
    too_long = domain.identify_token("s3cret", 42, VISITOR, NOW + timedelta(minutes=11))
    assert domain.check_identify_token("s3cret", expired, VISITOR, NOW).problem == "identity_token_expired"
    assert domain.check_identify_token("s3cret", too_long, VISITOR, NOW).problem == "identity_token_expired"


def test_origins_are_compared_exactly() -> None:
    allowed = [domain.normalize_origin("https://Shop.example/") or ""]
    assert domain.origin_allowed("https://shop.example", allowed)
    assert not domain.origin_allowed("https://shop.example.evil.com", allowed)
    assert not domain.origin_allowed("http://shop.example", allowed)
    assert not domain.origin_allowed(None, allowed)
    assert domain.normalize_origin("shop.example") is None
