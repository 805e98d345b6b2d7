from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from loyalty.referrals import domain
from loyalty.referrals.domain import Decision, Identity, Reward, Terms

SIGNUP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TERMS = Terms(is_active=True, min_purchase_minor=5000, qualifying_days=30, referrer_reward=Reward("points", 500),
              referee_reward=Reward("points", 250), cap_count=10, cap_period_days=30)


def _decide(*, terms: Terms = TERMS, occurred_at: datetime = SIGNUP + timedelta(days=1), total: int = 5000,
            self_referral: str | None = None, referrer_is_active: bool = True, rewarded: int = 0) -> Decision:
    return domain.decide(terms=terms, signed_up_at=SIGNUP, occurred_at=occurred_at, total_minor=total,
                         self_referral=self_referral, referrer_is_active=referrer_is_active,
                         rewarded_in_cap_window=rewarded)


@pytest.mark.parametrize(("typed", "mailbox"), [
    ("Anna.Kowalska@gmail.com", "annakowalska@gmail.com"),
    ("a.n.n.a.kowalska+promo@googlemail.com", "annakowalska@gmail.com"),
    ("ANNAKOWALSKA+x+y@GMAIL.COM", "annakowalska@gmail.com"),
    ("anna.kowalska+shop@example.com", "anna.kowalska@example.com"),
    ("Anna.Kowalska@Example.com", "anna.kowalska@example.com"),
])
def test_email_identity_folds_case_tags_and_gmail_dots(typed: str, mailbox: str) -> None:
    assert domain.email_identity(typed) == mailbox


def test_dots_matter_outside_gmail() -> None:
    assert domain.email_identity("a.nna@example.com") != domain.email_identity("anna@example.com")


def test_address_identity_ignores_case_accents_punctuation_and_spacing() -> None:
    written = {"line1": "ul. Długa 1/3", "city": "Gdańsk", "postal_code": "80-001", "country": "PL"}
    typed = {"line1": "UL DLUGA  1 3", "city": "gdansk", "postal_code": "80001", "country": "PL"}
    assert domain.address_identity(written) == domain.address_identity(typed) == "pl|80001|ul dluga 1 3"


def test_another_flat_in_the_same_building_is_another_address() -> None:
    first = {"line1": "Długa 1", "line2": "flat 3", "postal_code": "80-001", "country": "PL"}
    second = {"line1": "Długa 1", "line2": "flat 4", "postal_code": "80-001", "country": "PL"}
    assert domain.address_identity(first) != domain.address_identity(second)


@pytest.mark.parametrize("address", [None, {}, {"city": "Gdańsk", "country": "PL"}, {"line1": "Długa 1"}])
def test_an_address_without_street_and_place_names_no_dwelling(address: dict[str, str] | None) -> None:
    assert domain.address_identity(address) is None


def test_self_referral_reasons() -> None:
    referrer = Identity(email="anna.kowalska@gmail.com", phone="+48601234567",
                        address={"line1": "Długa 1", "postal_code": "80-001", "country": "PL"})
    assert domain.self_referral_reason(referrer, Identity("annakowalska+2@gmail.com", None, None)) \
        == "self_referral_email"
    assert domain.self_referral_reason(referrer, Identity(None, "+48601234567", None)) == "self_referral_phone"
    assert domain.self_referral_reason(
        referrer, Identity("someone@example.com", None, {"line1": "DŁUGA 1", "postal_code": "80001",
                                                         "country": "PL"})) == "self_referral_address"
    assert domain.self_referral_reason(referrer, Identity("friend@gmail.com", "+48601234568", None)) is None
    assert domain.self_referral_reason(Identity(None, None, None), Identity(None, None, None)) is None


def test_qualifying_purchase_rewards_both() -> None:
    assert _decide() == Decision(settle=True, status="rewarded", reward_referrer=True, reward_referee=True)


def test_small_or_earlier_purchases_change_nothing() -> None:
    assert _decide(total=4999) == domain.NO_CHANGE
    assert _decide(occurred_at=SIGNUP - timedelta(hours=1)) == domain.NO_CHANGE


def test_a_till_clock_slightly_behind_still_counts() -> None:
    assert _decide(occurred_at=SIGNUP - timedelta(minutes=10)).status == "rewarded"


def test_the_window_is_inclusive_and_then_closes() -> None:
    assert _decide(occurred_at=SIGNUP + timedelta(days=30)).status == "rewarded"
    assert _decide(occurred_at=SIGNUP + timedelta(days=30, seconds=1), total=1) == Decision(
        settle=True, status="rejected", reason="qualifying_window_closed")


def test_paused_programme_and_self_referral_reward_nobody() -> None:
    paused = Terms(**{**TERMS.__dict__, "is_active": False})
    assert _decide(terms=paused) == Decision(settle=True, status="rejected", reason="referral_program_inactive")
    assert _decide(self_referral="self_referral_address") == Decision(settle=True, status="rejected",
                                                                      reason="self_referral_address")


def test_referrer_limits_cost_only_the_referrer() -> None:
    assert _decide(rewarded=10) == Decision(settle=True, status="rejected", reason="referral_cap_reached",
                                            reward_referee=True)
    assert _decide(rewarded=9).status == "rewarded"
    assert _decide(referrer_is_active=False) == Decision(settle=True, status="rejected", reason="referrer_blocked",
                                                         reward_referee=True)
    uncapped = Terms(**{**TERMS.__dict__, "cap_count": None, "cap_period_days": None})
    assert _decide(terms=uncapped, rewarded=1000).status == "rewarded"


def test_link_rejection() -> None:
    paused = Terms(**{**TERMS.__dict__, "is_active": False})
    assert domain.link_rejection(terms=paused, self_referral=None) == "referral_program_inactive"
    assert domain.link_rejection(terms=TERMS, self_referral="self_referral_email") == "self_referral_email"
    assert domain.link_rejection(terms=TERMS, self_referral=None) is None


def test_a_refund_is_judged_against_the_threshold() -> None:
    assert domain.still_qualifies(remaining_total_minor=5000, threshold_minor=5000)
    assert not domain.still_qualifies(remaining_total_minor=4999, threshold_minor=5000)


def test_codes_are_read_forgivingly() -> None:
    assert domain.normalize_code(" abcd-2345 ") == "ABCD2345"


def test_links() -> None:
    assert domain.referral_link("https://loyalty.example.com/", "ABCD2345") == "https://loyalty.example.com/r/ABCD2345"
    assert domain.referral_link("https://l.example.com", "ABCD2345", program_id=7) \
        == "https://l.example.com/r/ABCD2345?program=7"
    assert domain.signup_redirect("https://shop.example.com/join?lang=pl&referral_code=OLD", "ABCD2345") \
        == "https://shop.example.com/join?lang=pl&referral_code=ABCD2345"


@pytest.mark.parametrize("url", ["shop.example.com/join", "ftp://shop.example.com", "https://", "/join"])
def test_signup_url_must_be_absolute_http(url: str) -> None:
    with pytest.raises(ValueError, match="absolute"):
        domain.check_signup_url(url)
