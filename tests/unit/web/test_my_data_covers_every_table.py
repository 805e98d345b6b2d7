"""Every table that keeps rows about a member is either in "download my data" or left out on
purpose, with the reason written here: a new table with a `member_id` cannot be forgotten.

So is every table whose rows hang on such a row (a case's comments, a receipt's lines). The
integration test (tests/integration/member_access/test_export_everything.py) checks that each key
named here is in a real export."""

from __future__ import annotations

from sqlalchemy import MetaData

from loyalty.migrate import all_tables

# table -> the export key that holds its rows (docs/members.md, "Download my data")
EXPORTED = {
    "members": "profile",  # referred_by_id: who referred them shows as their referral, role referee
    "member_consents": "consent_history",
    "cards": "cards",
    "accounts": "balances",
    "ledger_transactions": "ledger",
    "ledger_entries": "ledger",
    "lots": "point_lots",
    "events": "timeline",  # the member's timeline: who acted by kind only, other members' ids left out
    "purchases": "purchases",
    "reward_redemptions": "redemptions",
    "voucher_codes": "coupons",
    "voucher_redemptions": "coupon_uses",
    "member_tiers": "tier",
    "tier_activity": "tier_activity",
    "segment_members": "segments",
    "referrals": "referrals",
    "page_sessions": "app_sign_ins",
    "member_notes": "staff_notes",
    "service_cases": "service_cases",
    "member_scores": "scores",
    "lifecycle_marks": "lifecycle_marks",
    "member_rhythm": "purchase_rhythm",
    "lifecycle_carts": "carts",
    "messages": "messages",
    "campaign_members": "campaigns",
    "campaign_list_members": "campaign_lists",
    "journey_enrolments": "journeys",
    "web_visitors": "web_visitors",
    "web_events": "web_events",
    "inbox_messages": "app_messages",
    "push_subscriptions": "push_subscriptions",
    "member_recommendations": "recommendations",
    "badge_awards": "badges_earned",
    "challenge_participants": "challenges",
    "leaderboard_scores": "leaderboards",
    "member_public_names": "leaderboards",
    "contest_entries": "contest_entries",
    "contest_winners": "contest_wins",
    "survey_responses": "survey_responses",
    "product_reviews": "product_reviews",
}

# Tables without a member column whose rows hang on a member's row (a case's comments, a receipt's
# lines): table -> the export key that holds them.
EXPORTED_WITH_THEIR_PARENT = {
    "case_comments": "service_cases",
    "journey_step_visits": "journeys",
    "message_link_clicks": "messages",
    "purchase_lines": "purchase_lines",
    "purchase_awards": "purchase_points",
    "refunds": "refunds",
    "survey_answers": "survey_responses",
}

# table -> why its rows stay out of the export
EXCLUDED = {
    # A summary of the member's receipts (count, value, first and last purchase) for segment
    # counts: it repeats what the exported receipts say.
    "member_activity": "derived",
    # Secrets: a password's hash and one-time sign-in codes would help nobody and sign someone in.
    "member_passwords": "secret",
    "member_sign_in_codes": "secret",
    # Idempotency keys of a form or an app redemption: they repeat a redemption or adjustment
    # already in `redemptions` and `ledger`.
    "member_app_redemption_keys": "idempotency",
    "staff_adjustment_keys": "idempotency",
    # Counters and locks derived from rows that are exported (redemptions, coupon uses, ledger,
    # contest entries): they add no fact of their own.
    "reward_member_usage": "counter of redemptions",
    "voucher_member_usage": "counter of coupon uses",
    "rule_daily_usage": "counter of the ledger's earnings per rule and day",
    "rule_grants": "once-only marker of an earning already in the ledger",
    "contest_tallies": "lock row summing contest_entries",
    # The worker's log of events a subscriber failed to handle: technical, and each event is in
    # the timeline.
    "event_failures": "worker log",
}


def _tables_about_members(metadata: MetaData) -> set[str]:
    """Tables with a `member_id` column or any other column referring to members.id."""
    return {name for name, table in metadata.tables.items()
            if "member_id" in table.columns
            or any(key.column.table.name == "members" for column in table.columns for key in column.foreign_keys)}


def _tables_hanging_on(metadata: MetaData, parents: set[str]) -> set[str]:
    """Tables outside `parents` with a foreign key to one of them (members itself aside: every
    table about a member refers to it)."""
    return {name for name, table in metadata.tables.items() if name not in parents
            and any(key.column.table.name in parents - {"members"}
                    for column in table.columns for key in column.foreign_keys)}


def test_every_table_about_a_member_is_exported_or_excluded_on_purpose() -> None:
    about_members = _tables_about_members(all_tables())
    forgotten = about_members - EXPORTED.keys() - EXCLUDED.keys()
    assert forgotten == set(), f"tables neither in the member's export nor excluded on purpose: {sorted(forgotten)}"
    assert EXPORTED.keys() & EXCLUDED.keys() == set()
    assert (EXPORTED.keys() | EXCLUDED.keys()) - about_members == set()  # no stale name hides a renamed table


def test_every_table_hanging_on_a_members_row_is_exported_with_it() -> None:
    metadata = all_tables()
    children = _tables_hanging_on(metadata, _tables_about_members(metadata))
    assert children == EXPORTED_WITH_THEIR_PARENT.keys(), (
        "tables whose rows hang on a member's row, not listed as exported with it: "
        f"{sorted(children - EXPORTED_WITH_THEIR_PARENT.keys())}; listed but no longer such a table: "
        f"{sorted(EXPORTED_WITH_THEIR_PARENT.keys() - children)}")
