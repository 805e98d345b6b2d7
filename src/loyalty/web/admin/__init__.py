"""The admin panel (/admin): the program manager's, marketer's, analyst's and contact-center
agent's screens. Each area is a module with its own router; this one joins them."""

from __future__ import annotations

from fastapi import APIRouter

from loyalty.web.admin import (
    analytics,
    api_keys,
    audit_log,
    automation,
    campaigns,
    cases,
    contests,
    dashboard,
    gamification,
    gift_vouchers,
    imports,
    journeys,
    leaderboards,
    members,
    messaging,
    referrals,
    rewards,
    rules,
    scoring,
    segments,
    settings,
    surveys,
    tiers,
    users,
    vouchers,
    web_behaviour,
    webhooks,
)

router = APIRouter(include_in_schema=False)  # each area names its paths under /admin
for area in (dashboard, analytics, scoring, members, cases, rules, rewards, vouchers, campaigns, segments, gamification,
             leaderboards, contests, journeys, messaging, surveys, gift_vouchers, tiers, referrals, web_behaviour,
             imports, users, api_keys, webhooks, automation, settings, audit_log):
    router.include_router(area.router)
