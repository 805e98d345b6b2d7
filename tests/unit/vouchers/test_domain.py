from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from loyalty.kernel.errors import Invalid
from loyalty.vouchers import domain
from loyalty.vouchers.domain import Basket, BasketLine, BasketState, CodeState, Discount, Terms

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)


def line(line_no: int, sku: str, unit_price: int, quantity: int = 1, category: str | None = None) -> BasketLine:
    return BasketLine(line_no=line_no, sku=sku, quantity=quantity, unit_price_minor=unit_price,
                      amount_minor=quantity * unit_price, category=category)


def basket(*lines: BasketLine, total: int | None = None) -> Basket:
    return Basket(lines=lines, total_minor=total if total is not None else sum(x.amount_minor for x in lines),
                  channel="pos", store="WAW-01", occurred_at=NOW)


def facts_of(the_basket: Basket, **extra: Any) -> dict[str, Any]:
    return {"purchase.total": the_basket.total_minor, "purchase.channel": the_basket.channel,
            "purchase.store": the_basket.store, "lines": [x.flat() for x in the_basket.lines], **extra}


def discount(terms: Terms, the_basket: Basket, state: BasketState | None = None, **kwargs: Any) -> Discount:
    return domain.discount_for(terms, the_basket, state or BasketState.of(the_basket), facts_of(the_basket),
                               **kwargs)


# --- codes and patterns ----------------------------------------------------------------------


def test_codes_are_stored_upper_case_without_whitespace() -> None:
    assert domain.normalize_code(" xmas-ab12 \t cd34\n") == "XMAS-AB12CD34"


@pytest.mark.parametrize(("code", "problem"), [
    ("AB", "a code has 3 to 64 characters; 'AB' has 2"),
    ("A" * 65, f"a code has 3 to 64 characters; {'A' * 65!r} has 65"),
    ("XMAS#1", "code 'XMAS#1' has '#': use letters, digits, '-' and '_'"),
    ("ZAŻÓŁĆ", "code 'ZAŻÓŁĆ' has 'Ó', 'Ć', 'Ł', 'Ż': use letters, digits, '-' and '_'"),
])
def test_a_code_that_cannot_be_stored_says_why(code: str, problem: str) -> None:
    assert domain.code_problem(code) == problem


def test_a_pattern_from_a_template_or_from_prefix_length_and_postfix_is_the_same() -> None:
    from_template = domain.build_pattern(pattern="xmas-####-####", charset="numeric")
    from_parts = domain.build_pattern(prefix="XMAS-", length=4, postfix="-####", charset="numeric")
    assert from_template.pattern == "XMAS-####-####"
    assert from_parts.pattern == "XMAS-####-####"
    assert from_template.space == 10**8


def test_the_default_charset_leaves_out_characters_people_confuse() -> None:
    pattern = domain.build_pattern(length=8)
    assert pattern.charset == "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    assert not set("0O1IL") & set(pattern.charset)


def test_a_custom_charset_is_upper_cased_and_deduplicated() -> None:
    assert domain.build_pattern(length=4, charset="abcabc123").charset == "ABC123"


@pytest.mark.parametrize(("arguments", "field", "message"), [
    ({}, "pattern", "Give either a pattern such as 'XMAS-####-####' or a length"),
    ({"pattern": "XMAS-####", "length": 4}, "pattern", "Give either a pattern"),
    ({"pattern": "XMAS-2026"}, "pattern", "A pattern needs at least one '#' for a random character."),
    ({"pattern": "XMAS-####", "prefix": "A"}, "prefix", "prefix and postfix go with length"),
    ({"pattern": "X!##"}, "pattern", "The pattern makes codes that cannot be stored: code 'X!AA' has '!'"),
    ({"length": 4, "charset": "a"}, "charset", "charset is one of unambiguous, alphanumeric, alphabetic, numeric"),
    ({"length": 4, "charset": "AB-"}, "charset", "charset is one of"),
])
def test_a_bad_pattern_is_refused_naming_the_field(arguments: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(Invalid) as refused:
        domain.build_pattern(**arguments)
    assert refused.value.code == "invalid_code_pattern"
    assert refused.value.field == field
    assert refused.value.message.startswith(message)


def test_generated_codes_follow_the_pattern_and_draw_from_the_charset() -> None:
    pattern = domain.build_pattern(pattern="XMAS-####-##", charset="AB")
    drawn = itertools.cycle("ABBAAB")
    assert domain.generate_code(pattern, choice=lambda chars: next(drawn)) == "XMAS-ABBA-AB"
    assert all(code[:5] == "XMAS-" and set(code[5:9] + code[10:]) <= {"A", "B"}
               for code in (domain.generate_code(pattern) for _ in range(50)))


def test_a_batch_that_makes_guessing_easy_is_refused_with_the_odds() -> None:
    pattern = domain.build_pattern(pattern="XMAS-####", charset="numeric")
    with pytest.raises(Invalid) as refused:
        domain.check_code_space(pattern, existing=0, count=10)
    assert refused.value.code == "code_space_too_small"
    assert refused.value.field == "count"
    assert refused.value.message == (
        "With 10 valid codes of pattern XMAS-#### over 10 characters (10,000 possible codes), a random guess "
        "would hit a valid code once in 1,000 tries; at least 1,000,000 are required. Use a longer pattern, a "
        "larger charset or a smaller batch.")
    assert refused.value.details == {"guesses_per_hit": 1000, "minimum": 1_000_000, "possible_codes": 10_000,
                                     "valid_codes": 10}


def test_codes_already_issued_with_the_pattern_count_against_the_space() -> None:
    pattern = domain.build_pattern(length=8, charset="numeric")  # 10^8 possible codes
    assert domain.check_code_space(pattern, existing=0, count=100) == 1_000_000
    with pytest.raises(Invalid) as refused:
        domain.check_code_space(pattern, existing=100, count=1)
    assert "With 101 valid codes (100 already issued) of pattern ######## over 10 characters" in \
        refused.value.message
    assert "once in 990,099 tries" in refused.value.message


def test_the_documented_example_pattern_holds_a_large_campaign() -> None:
    pattern = domain.build_pattern(pattern="XMAS-####-####")  # 31^8 codes
    assert domain.check_code_space(pattern, existing=0, count=100_000) == 8_528_910


# --- CSV import ------------------------------------------------------------------------------


def test_csv_codes_are_normalized_and_blank_lines_skipped() -> None:
    codes = domain.parse_codes_csv("\ufeffCode\nsummer-10\n\n  abc 123 \n", is_gift_card=False)
    assert codes == [domain.ImportedCode(line=2, code="SUMMER-10"), domain.ImportedCode(line=4, code="ABC123")]


def test_gift_card_codes_may_carry_their_own_balance() -> None:
    codes = domain.parse_codes_csv("code,balance\nGIFT-1,5000\nGIFT-2,\n", is_gift_card=True)
    assert codes == [domain.ImportedCode(line=2, code="GIFT-1", balance_minor=5000),
                     domain.ImportedCode(line=3, code="GIFT-2", balance_minor=None)]


def test_every_bad_line_of_a_csv_is_named() -> None:
    text = "code\nGOOD-1\nAB\nGOOD-1\nBAD#CODE\nGOOD-2,extra\n"
    with pytest.raises(Invalid) as refused:
        domain.parse_codes_csv(text, is_gift_card=False)
    assert refused.value.code == "invalid_csv"
    assert refused.value.field == "csv"
    assert refused.value.message == "line 3: a code has 3 to 64 characters; 'AB' has 2 (and 3 more problem(s))."
    assert refused.value.details["errors"] == [
        {"line": 3, "message": "a code has 3 to 64 characters; 'AB' has 2"},
        {"line": 4, "message": "code 'GOOD-1' repeats line 2"},
        {"line": 5, "message": "code 'BAD#CODE' has '#': use letters, digits, '-' and '_'"},
        {"line": 6, "message": "expected 1 column(s), found 2"},
    ]


@pytest.mark.parametrize(("text", "is_gift_card", "message"), [
    ("", False, "The file is empty: the first line must name the columns, e.g. 'code'."),
    ("voucher\nA-1\n", False, "line 1: the header must have a 'code' column; found 'voucher' "
                              "(and 1 more problem(s))."),
    ("code,balance\nA-1,5\n", False, "line 1: unknown column(s) 'balance'; allowed: code."),
    ("code\n", False, "line 1: the file has a header but no codes."),
    ("code,balance\nGIFT-1,12.50\n", True, "line 2: balance is a whole number of minor units above 0; got '12.50'."),
])
def test_a_csv_without_usable_codes_is_refused(text: str, is_gift_card: bool, message: str) -> None:
    with pytest.raises(Invalid) as refused:
        domain.parse_codes_csv(text, is_gift_card=is_gift_card)
    assert refused.value.message == message


def test_a_csv_over_the_row_limit_is_refused_at_the_first_extra_line() -> None:
    with pytest.raises(Invalid) as refused:
        domain.parse_codes_csv("code\nAAA\nBBB\nCCC\n", is_gift_card=False, max_rows=2)
    assert refused.value.message == "line 4: a file may hold at most 2 codes."


# --- campaign terms --------------------------------------------------------------------------


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"kind": "fixed_amount"}, "amount", "A fixed_amount voucher needs 'amount'."),
    ({"kind": "percent", "percent": Decimal(10), "amount_minor": 5}, "amount",
     "'amount' is not used by a percent voucher."),
    ({"kind": "free_product"}, "sku", "A free_product voucher needs 'sku'."),
    ({"kind": "points_multiplier", "factor": Decimal(2), "line_condition": {"field": "line.sku", "op": "eq",
                                                                          "value": "A"}},
     "line_condition", "'line_condition' is not used by a points_multiplier voucher."),
    ({"kind": "gift_card", "amount_minor": 5000, "max_discount_minor": 10}, "max_discount",
     "'max_discount' is not used by a gift_card voucher."),
    ({"kind": "fixed_amount", "amount_minor": 5, "condition": {"field": "purchase.totl", "op": "gte", "value": 1}},
     "condition.field", "unknown field 'purchase.totl' (did you mean 'purchase.total'?)"),
    ({"kind": "fixed_amount", "amount_minor": 5, "line_condition": {"field": "purchase.total", "op": "gte",
                                                                    "value": 1},
      "starts_at": NOW, "ends_at": NOW}, "ends_at", "ends_at must be after starts_at."),
])
def test_campaign_terms_that_do_not_fit_the_kind_are_refused(fields: dict[str, Any], field: str,
                                                            message: str) -> None:
    with pytest.raises(Invalid) as refused:
        domain.check_campaign(fields)
    assert refused.value.field == field
    assert refused.value.message == message


def test_voucher_conditions_know_the_basket_the_member_and_the_tier() -> None:
    domain.check_campaign({"kind": "percent", "percent": Decimal(10), "condition": {"all": [
        {"field": "purchase.total", "op": "gte", "value": 5000},
        {"field": "purchase.channel", "op": "eq", "value": "online"},
        {"field": "purchase.store", "op": "in", "value": ["WAW-01"]},
        {"field": "purchase.is_first_purchase", "op": "eq", "value": True},
        {"field": "member.tier", "op": "eq", "value": "gold"},
        {"any_line": {"field": "line.category", "op": "eq", "value": "coffee"}},
    ]}})


# --- may the code be used ----------------------------------------------------------------------


def refusal(terms: Terms, code: CodeState | None = None, *, member_id: int | None = 7, member_uses: int = 0,
            member_is_active: bool = True, facts: dict[str, Any] | None = None) -> domain.Refusal | None:
    return domain.refusal(terms=terms, code=code or CodeState(code_id=1, code="C-1"), member_id=member_id,
                          member_is_active=member_is_active, member_uses=member_uses, now=NOW, facts=facts or {})


FIXED = Terms(campaign_id=1, kind="fixed_amount", amount_minor=500)


def test_a_code_published_to_another_member_looks_like_no_code_at_all() -> None:
    someone_elses = CodeState(code_id=1, code="C-1", member_id=8)
    assert refusal(FIXED, someone_elses, member_id=7) == domain.NOT_FOUND
    assert refusal(FIXED, someone_elses, member_id=None) == domain.NOT_FOUND
    assert refusal(FIXED, someone_elses, member_id=8) is None


@pytest.mark.parametrize(("terms", "code", "expected"), [
    (Terms(campaign_id=1, kind="fixed_amount", amount_minor=5, is_active=False), None,
     ("voucher_inactive", "This voucher is no longer offered.")),
    (Terms(campaign_id=1, kind="fixed_amount", amount_minor=5, starts_at=NOW + timedelta(days=1)), None,
     ("voucher_not_yet_valid", "This voucher is valid from 2026-12-11T12:00:00+00:00.")),
    (Terms(campaign_id=1, kind="fixed_amount", amount_minor=5, ends_at=NOW), None,
     ("voucher_expired", "This voucher expired at 2026-12-10T12:00:00+00:00.")),
    (FIXED, CodeState(code_id=1, code="C-1", uses=1, max_uses=1),
     ("voucher_used_up", "This code has already been used.")),
    (FIXED, CodeState(code_id=1, code="C-1", uses=3, max_uses=3),
     ("voucher_used_up", "This code has been used 3 times, its limit.")),
    (Terms(campaign_id=1, kind="gift_card", amount_minor=5000), CodeState(code_id=1, code="C-1", balance_minor=0),
     ("voucher_used_up", "This gift card has no balance left.")),
    (Terms(campaign_id=1, kind="fixed_amount", amount_minor=5, max_uses_total=10, uses_total=10), None,
     ("voucher_used_up", "This voucher campaign has been fully redeemed.")),
])
def test_each_reason_a_code_cannot_be_used_has_its_code(terms: Terms, code: CodeState | None,
                                                        expected: tuple[str, str]) -> None:
    refused = refusal(terms, code)
    assert refused is not None and (refused.code, refused.message) == expected


def test_the_window_includes_its_start_and_excludes_its_end() -> None:
    assert refusal(Terms(campaign_id=1, kind="fixed_amount", amount_minor=5, starts_at=NOW,
                         ends_at=NOW + timedelta(seconds=1))) is None


def test_per_member_limits_need_the_member_and_count_their_uses() -> None:
    limited = Terms(campaign_id=1, kind="fixed_amount", amount_minor=5, max_uses_per_member=2)
    assert refusal(limited, member_id=None) == domain.Refusal(
        "voucher_not_for_member", "This voucher is limited per member: say which member uses it.")
    assert refusal(limited, member_uses=1) is None
    assert refusal(limited, member_uses=2) == domain.Refusal(
        "voucher_member_limit_reached", "The member has used this voucher 2 time(s), the most allowed.")
    assert refusal(FIXED, member_is_active=False) == domain.Refusal("voucher_not_for_member", "The member is blocked.")


def test_a_condition_that_fails_is_explained() -> None:
    terms = Terms(campaign_id=1, kind="fixed_amount", amount_minor=5, condition={"all": [
        {"field": "purchase.total", "op": "gte", "value": 5000},
        {"field": "purchase.channel", "op": "eq", "value": "pos"},
        {"any_line": {"field": "line.category", "op": "eq", "value": "coffee"}},
    ]})
    small = basket(line(1, "CRO", 900, category="bakery"))
    refused = refusal(terms, facts=facts_of(small))
    assert refused is not None and refused.code == "voucher_not_applicable"
    assert refused.message == ("This voucher does not apply to this basket: purchase.total 900 gte 5000: no; "
                               "line.category 'bakery' eq 'coffee': no.")
    assert refused.why == ("all: no", "  purchase.total 900 gte 5000: no", "  purchase.channel 'pos' eq 'pos': yes",
                           "  any_line: no", "    line 1: no", "      line.category 'bakery' eq 'coffee': no")


# --- discounts -------------------------------------------------------------------------------


def test_a_fixed_amount_is_split_over_the_lines_in_proportion_and_adds_up_exactly() -> None:
    result = discount(FIXED, basket(line(1, "A", 1000), line(2, "B", 1000), line(3, "C", 1000)))
    assert result == Discount(500, {1: 167, 2: 167, 3: 166})


def test_a_fixed_amount_never_takes_more_than_the_basket() -> None:
    result = discount(Terms(campaign_id=1, kind="fixed_amount", amount_minor=5000), basket(line(1, "A", 300),
                                                                                           line(2, "B", 450)))
    assert result == Discount(750, {1: 300, 2: 450})


def test_a_percent_rounds_half_up_and_is_split_exactly() -> None:
    terms = Terms(campaign_id=1, kind="percent", percent=Decimal("12.5"))
    result = discount(terms, basket(line(1, "A", 999), line(2, "B", 1, quantity=5)))  # 1004 * 12.5% = 125.5
    assert result == Discount(126, {1: 125, 2: 1})


def test_a_percent_is_capped_at_its_maximum() -> None:
    terms = Terms(campaign_id=1, kind="percent", percent=Decimal(50), max_discount_minor=1000)
    assert discount(terms, basket(line(1, "A", 3000), line(2, "B", 1000))) == Discount(1000, {1: 750, 2: 250})


def test_a_line_condition_takes_the_discount_only_from_matching_lines() -> None:
    terms = Terms(campaign_id=1, kind="percent", percent=Decimal(20),
                  line_condition={"field": "line.category", "op": "eq", "value": "coffee"})
    the_basket = basket(line(1, "CAP", 1400, quantity=2, category="coffee"), line(2, "CRO", 900, category="bakery"),
                        line(3, "ESP", 700, category="coffee"))
    assert discount(terms, the_basket) == Discount(700, {1: 560, 3: 140})


def test_a_voucher_whose_lines_are_absent_gives_nothing_and_says_so() -> None:
    terms = Terms(campaign_id=1, kind="fixed_amount", amount_minor=500,
                  line_condition={"field": "line.category", "op": "eq", "value": "coffee"})
    assert discount(terms, basket(line(1, "CRO", 900, category="bakery"))) == Discount(
        0, why_nothing="no line of the basket is eligible for this voucher")


def test_a_free_product_discounts_the_cheapest_units_of_its_sku() -> None:
    terms = Terms(campaign_id=1, kind="free_product", sku="CAP", free_quantity=3)
    the_basket = basket(line(1, "CAP", 1400, quantity=2), line(2, "CRO", 900), line(3, "CAP", 1200))
    assert discount(terms, the_basket) == Discount(1200 + 2 * 1400, {3: 1200, 1: 2800})


def test_a_free_product_missing_from_the_basket_does_not_apply() -> None:
    terms = Terms(campaign_id=1, kind="free_product", sku="CAP", free_quantity=1)
    assert discount(terms, basket(line(1, "CRO", 900))) == Discount(0, why_nothing="the basket has no CAP")
    assert discount(terms, basket(total=5000)) == Discount(0, why_nothing="the basket has no CAP")


def test_a_gift_card_pays_what_is_left_up_to_its_balance() -> None:
    terms = Terms(campaign_id=1, kind="gift_card", amount_minor=5000)
    the_basket = basket(line(1, "A", 2000), line(2, "B", 1000))
    assert discount(terms, the_basket, gift_card_balance=1000) == Discount(1000, {1: 667, 2: 333})
    assert discount(terms, the_basket, gift_card_balance=8000) == Discount(3000, {1: 2000, 2: 1000})


def test_a_points_multiplier_gives_no_discount() -> None:
    terms = Terms(campaign_id=1, kind="points_multiplier", factor=Decimal(2))
    assert discount(terms, basket(line(1, "A", 2000))) == Discount(0)


def test_a_basket_given_as_a_bare_total_is_discounted_as_a_whole() -> None:
    assert discount(FIXED, basket(total=300)) == Discount(300, {})
    percent = Terms(campaign_id=1, kind="percent", percent=Decimal(10))
    assert discount(percent, basket(total=4567)) == Discount(457, {})


def test_stacked_vouchers_each_discount_what_the_earlier_ones_left() -> None:
    the_basket = basket(line(1, "A", 1000), line(2, "B", 500))
    state = BasketState.of(the_basket)
    first = discount(Terms(campaign_id=1, kind="fixed_amount", amount_minor=1200), the_basket, state)
    state.take(first)
    second = discount(Terms(campaign_id=2, kind="percent", percent=Decimal(50)), the_basket, state)
    state.take(second)
    assert first == Discount(1200, {1: 800, 2: 400})
    assert second == Discount(150, {1: 100, 2: 50})
    assert state == BasketState(lines={1: 100, 2: 50}, total_minor=150)


def test_gift_cards_apply_after_every_discount() -> None:
    assert domain.application_order(["gift_card", "percent", "gift_card", "fixed_amount"]) == [1, 3, 0, 2]


def test_only_the_comparisons_that_made_the_condition_fail_are_reasons() -> None:
    tree = {"all": [
        {"any_line": {"field": "line.category", "op": "eq", "value": "coffee"}},
        {"field": "purchase.store", "op": "eq", "value": "KRK-02"},
        {"any": [{"field": "purchase.channel", "op": "eq", "value": "online"},
                 {"field": "purchase.total", "op": "gt", "value": 10_000}]},
        {"not": {"field": "purchase.channel", "op": "eq", "value": "pos"}},
    ]}
    the_basket = basket(line(1, "CAP", 1400, category="coffee"), line(2, "CRO", 900, category="bakery"))
    assert domain.failing_comparisons(tree, facts_of(the_basket)) == [
        "purchase.store 'WAW-01' eq 'KRK-02': no", "purchase.channel 'pos' eq 'online': no",
        "purchase.total 2300 gt 10000: no", "not (purchase.channel 'pos' eq 'pos': yes)"]


def test_a_line_condition_on_a_basket_without_lines_says_so() -> None:
    tree = {"all_lines": {"field": "line.sku", "op": "eq", "value": "A"}}
    assert domain.failing_comparisons(tree, facts_of(basket(total=500))) == ["the basket has no lines"]
    two_lines = basket(line(1, "A", 100), line(2, "B", 100), line(3, "C", 100))
    assert domain.failing_comparisons(tree, facts_of(two_lines)) == ["line.sku 'B' eq 'A': no",
                                                                     "line.sku 'C' eq 'A': no"]


def test_a_gift_card_with_less_left_pays_it_in_the_same_proportions() -> None:
    assert domain.shrink(Discount(3000, {1: 2000, 2: 1000}), 200) == Discount(200, {1: 133, 2: 67})
    assert domain.shrink(Discount(300, {}), 120) == Discount(120, {})


def test_a_stopped_or_ended_campaign_cannot_publish_and_one_not_yet_started_can() -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert domain.publish_refusal(is_active=True, ends_at=None, now=now) is None
    assert domain.publish_refusal(is_active=True, ends_at=now + timedelta(seconds=1), now=now) is None
    stopped = domain.publish_refusal(is_active=False, ends_at=None, now=now)
    ended = domain.publish_refusal(is_active=True, ends_at=now, now=now)
    assert stopped is not None and stopped.code == "voucher_campaign_inactive"
    assert ended == domain.Refusal("voucher_campaign_ended", "The campaign ended at 2026-11-22T12:00:00+00:00, "
                                                             "so its codes can no longer be used.")
