"""API key scopes. `admin` grants every scope; a few grant another as well (INCLUDED)."""

from __future__ import annotations

SCOPES: dict[str, str] = {
    "admin": "everything, including program settings and API keys",
    "members:read": "read members, balances, ledgers and timelines",
    "members:write": "enrol and update members, cards and consents",
    "purchases:write": "record purchases, refunds and claims",
    "points:spend": "spend a member's points at the till",
    "points:adjust": "manual point adjustments (audited)",
    "points:transfer": "transfer points between members",
    "rules:read": "read earning rules and dry-run them",
    "rules:write": "create, change and deactivate earning rules",
    "events:write": "post custom events",
    "cards:write": "generate card batches",
    "referrals:write": "read and change the referral programme's settings",
    "tiers:write": "create and change tier levels and the tier policy; assign tiers by hand (audited)",
    "rewards:write": "manage rewards, stock, code pools and causes; move redemptions through fulfilment",
    "rewards:redeem": "redeem catalogue rewards on behalf of a member",
    "vouchers:read": "read voucher campaigns with their terms and usage counts (not their codes)",
    "vouchers:write": "manage voucher campaigns; generate, import, publish and export their codes",
    "vouchers:redeem": "validate, redeem and roll back voucher codes at checkout (POS and e-shop keys)",
    "campaigns:read": "read campaigns and their results",
    "campaigns:write": "create, change, launch and stop campaigns",
    "webhooks:write": "manage webhook endpoints and their secrets; read their delivery logs and replay deliveries",
    "messages:read": "read message templates and the status of messages sent to members",
    "messages:write": "manage message templates, the suppression list and channel settings",
    "journeys:read": "read journeys with their counts, and members' enrolments in them",
    "journeys:write": "create, change, activate and pause journeys; enrol members into them",
    "segments:read": "read segments, their members (ids; names and e-mail only with members:read too) and "
                     "their size over time; count a condition's members",
    "segments:write": "create, change, archive and recompute segments; import static segments' lists",
    "browsing:read": "read the e-shop's web behaviour: the view-cart-purchase funnel, sources, campaigns that "
                     "brought members back, a member's web visits",
    "gamification:read": "read badges and challenges, their statistics, and members' badges and challenges with "
                         "their progress",
    "gamification:write": "create and change badges and challenges; join members to challenges",
    "leaderboards:read": "read leaderboards, their standings and a member's rank (members by public name only)",
    "leaderboards:write": "create, change and deactivate leaderboards",
    "contests:read": "read contests, their entries (by member id), the draw's audit record and the winners",
    "contests:write": "create contests and draw their winners",
    "surveys:read": "read surveys and quizzes with their answer summaries and NPS; members' responses",
    "surveys:write": "create, change, open and close surveys; submit a member's answers (points paid once)",
    "reviews:read": "read product reviews (approved ones by SKU for the shop; any state for moderation)",
    "reviews:write": "submit a member's product review and moderate reviews",
    "content:read": "read members-only content and early access as a member sees it (may this member buy now?)",
    "content:write": "create, change and archive members-only content and early-access items",
    "analytics:read": "read the dashboard's figures and run pivots over the program's receipts (aggregates only)",
}

POS_SCOPES = ("members:read", "members:write", "purchases:write", "points:spend", "events:write")


# Managing a thing means reading it too; a key made before a read scope existed keeps what it could do.
INCLUDED: dict[str, str] = {"vouchers:write": "vouchers:read", "rules:write": "rules:read",
                            "campaigns:write": "campaigns:read", "messages:write": "messages:read",
                            "journeys:write": "journeys:read", "segments:write": "segments:read",
                            "gamification:write": "gamification:read",
                            "leaderboards:write": "leaderboards:read", "contests:write": "contests:read",
                            "surveys:write": "surveys:read", "reviews:write": "reviews:read",
                            "content:write": "content:read"}


def grants(held: list[str], needed: str) -> bool:
    return "admin" in held or needed in held or any(INCLUDED.get(scope) == needed for scope in held)
