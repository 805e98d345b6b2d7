from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
import pytest

from loyalty.demo.catalogue import PRODUCTS, STORES
from loyalty.demo.generator import DemoData, MemberSpec, PurchaseSpec, RefundSpec, generate
from loyalty.demo.specs import FulfilmentSpec, MailingSpec, RedemptionSpec, ReviewSpec

NOW = datetime(2026, 6, 15, 10, 30, tzinfo=UTC)
WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate(members=2000, purchases=30000, seed=42, now=NOW)


def buyers(data: DemoData) -> Counter[int]:
    return Counter(p.member_index for p in data.purchases if p.member_index is not None)


def test_same_seed_gives_the_same_data_and_another_seed_does_not() -> None:
    first = generate(members=300, purchases=4000, seed=42, now=NOW)
    again = generate(members=300, purchases=4000, seed=42, now=NOW)
    other = generate(members=300, purchases=4000, seed=43, now=NOW)
    assert again == first
    assert other.members != first.members and other.purchases != first.purchases


def test_exact_counts_and_time_order(demo: DemoData) -> None:
    assert len(demo.members) == 2000 and len(demo.purchases) == 30000
    times = [p.occurred_at for p in demo.purchases]
    assert times == sorted(times)
    assert NOW - timedelta(days=365) <= times[0] and times[-1] < NOW
    assert len({p.external_id for p in demo.purchases}) == 30000


def test_long_tail_many_buy_once_and_the_top_5_percent_buy_a_lot(demo: DemoData) -> None:
    counts = buyers(demo)
    one_off_share = sum(1 for n in counts.values() if n == 1) / len(counts)
    top = sorted(counts.values(), reverse=True)[: round(len(counts) * 0.05)]
    assert 0.40 <= one_off_share <= 0.50
    assert sum(top) / sum(counts.values()) > 0.30
    # nobody visits more than about twice a day all year
    assert max(counts.values()) < 700


def test_december_peaks_at_about_1_8_times_an_average_month(demo: DemoData) -> None:
    per_month = Counter(p.occurred_at.astimezone(WARSAW).month for p in demo.purchases)
    average_month = len(demo.purchases) / 12
    assert 1.6 <= per_month[12] / average_month <= 2.0
    assert per_month[12] == max(per_month.values())


def test_weekends_are_busier_and_stores_ring_up_between_8_and_21(demo: DemoData) -> None:
    per_weekday = Counter(p.occurred_at.astimezone(WARSAW).weekday() for p in demo.purchases)
    assert per_weekday[5] > 1.3 * per_weekday[1]  # Saturday vs Tuesday
    store_hours = {p.occurred_at.astimezone(WARSAW).hour for p in demo.purchases if p.channel == "pos"}
    assert min(store_hours) == 8 and max(store_hours) == 20


def test_receipts_have_2_to_6_lines_mostly_2_or_3_with_quantities_1_to_3(demo: DemoData) -> None:
    line_counts = Counter(len(p.lines) for p in demo.purchases)
    assert set(line_counts) == {2, 3, 4, 5, 6}
    assert (line_counts[2] + line_counts[3]) / len(demo.purchases) > 0.55
    assert {line.quantity for p in demo.purchases for line in p.lines} == {1, 2, 3}
    assert all([line.line_no for line in p.lines] == list(range(1, len(p.lines) + 1)) for p in demo.purchases)
    assert all(len({line.sku for line in p.lines}) == len(p.lines) for p in demo.purchases)


def test_channel_mix_anonymous_receipts_and_stores(demo: DemoData) -> None:
    total = len(demo.purchases)
    anonymous = sum(1 for p in demo.purchases if p.member_index is None)
    online = [p for p in demo.purchases if p.channel == "online"]
    assert anonymous / total == pytest.approx(0.15, abs=0.005)
    assert len(online) / total == pytest.approx(0.30, abs=0.02)
    assert all(p.store_code is None for p in online)
    in_store_only = {product.sku for product in PRODUCTS if product.in_store_only}
    assert not any(line.sku in in_store_only for p in online for line in p.lines)
    assert {p.store_code for p in demo.purchases if p.channel == "pos"} == {store.code for store in STORES}


def test_about_3_percent_are_refunded_later_within_the_return_window(demo: DemoData) -> None:
    by_id = {p.external_id: p for p in demo.purchases}
    refunds = demo.refunds
    assert 0.025 <= len(refunds) / len(demo.purchases) <= 0.035
    assert any(r.is_whole for r in refunds) and any(not r.is_whole for r in refunds)
    for refund in refunds:
        purchase = by_id[refund.purchase_external_id]
        quantities = {line.line_no: line.quantity for line in purchase.lines}
        assert purchase.occurred_at < refund.occurred_at < min(purchase.occurred_at + timedelta(days=14), NOW)
        assert all(1 <= quantity <= quantities[line_no] for line_no, quantity in refund.lines)
        assert 0 < refund.amount_minor <= purchase.total_minor


def test_timeline_enrols_before_buying_and_refunds_and_reviews_follow_their_receipt(demo: DemoData) -> None:
    enrolled: set[str] = set()
    recorded: set[str] = set()
    bought: set[tuple[int, str]] = set()
    redeemed: set[str] = set()
    timeline = demo.timeline()
    assert len(timeline) == (len(demo.members) + len(demo.mailings) + len(demo.purchases) + len(demo.refunds)
                             + len(demo.reviews) + len(demo.redemptions) + len(demo.fulfilments))
    for item in timeline:
        if isinstance(item, MemberSpec):
            enrolled.add(item.external_id)
        elif isinstance(item, PurchaseSpec):
            assert item.member_index is None or demo.members[item.member_index].external_id in enrolled
            recorded.add(item.external_id)
            bought.update((item.member_index, line.sku) for line in item.lines if item.member_index is not None)
        elif isinstance(item, RefundSpec):
            assert item.purchase_external_id in recorded
        elif isinstance(item, ReviewSpec):
            assert (item.member_index, item.sku) in bought
        elif isinstance(item, MailingSpec):
            assert all(demo.members[index].external_id in enrolled for index in item.member_indexes)
        elif isinstance(item, RedemptionSpec):
            assert demo.members[item.member_index].external_id in enrolled
            redeemed.add(item.external_id)
        else:
            assert isinstance(item, FulfilmentSpec) and item.redemption_external_id in redeemed


def test_some_members_review_what_they_bought(demo: DemoData) -> None:
    member_receipts = sum(1 for p in demo.purchases if p.member_index is not None)
    assert 0.02 <= len(demo.reviews) / member_receipts <= 0.04
    assert {review.stars for review in demo.reviews} == {1, 2, 3, 4, 5}
    assert all(review.occurred_at < NOW for review in demo.reviews)


def test_members_look_like_people(demo: DemoData) -> None:
    members = demo.members
    today = NOW.astimezone(WARSAW).date()
    assert len({m.email for m in members}) == len(members)
    assert all(m.email.split("@")[1] in ("example.com", "example.org", "example.net") for m in members)
    phones = [m.phone for m in members if m.phone]
    assert len(set(phones)) == len(phones)
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(phone)) for phone in phones)
    ages = [(today - m.birth_date).days // 365.2425 for m in members]
    assert min(ages) >= 18 and max(ages) <= 80
    assert all(NOW - timedelta(days=730) <= m.enrolled_at <= NOW for m in members)
    assert sum(m.email_consent for m in members) / len(members) == pytest.approx(0.70, abs=0.04)
    assert sum(m.sms_consent for m in members) / len(members) == pytest.approx(0.35, abs=0.04)
    assert all(m.phone for m in members if m.sms_consent)
    assert {m.preferred_language for m in members} == {"pl", "en"}
    assert {m.enrolment_channel for m in members} == {"pos", "online", "app"}
    assert any(m.last_name.endswith("ska") for m in members) and any(m.last_name == "Smith" for m in members)


def test_members_only_buy_while_they_are_members(demo: DemoData) -> None:
    for purchase in demo.purchases:
        if purchase.member_index is None:
            continue
        member = demo.members[purchase.member_index]
        assert member.enrolled_at < purchase.occurred_at
        assert member.lapsed_at is None or purchase.occurred_at <= member.lapsed_at


def test_small_and_degenerate_sizes() -> None:
    small = generate(members=50, purchases=300, seed=1, now=NOW)
    assert len(small.purchases) == 300 and len(buyers(small)) > 20
    assert len(generate(members=0, purchases=40, seed=1, now=NOW).purchases) == 40
    assert all(p.member_index is None for p in generate(members=0, purchases=40, seed=1, now=NOW).purchases)
    assert len(generate(members=10, purchases=3, seed=1, now=NOW).purchases) == 3
    assert generate(members=10, purchases=0, seed=1, now=NOW).purchases == ()


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        generate(members=1, purchases=1, now=datetime(2026, 1, 1))


def test_birthdays_fall_on_real_dates(demo: DemoData) -> None:
    assert all(isinstance(m.birth_date, date) for m in demo.members)
    assert len({m.birth_date.strftime("%m-%d") for m in demo.members}) > 300
