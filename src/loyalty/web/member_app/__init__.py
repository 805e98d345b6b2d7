"""The member app (/app): an installable web app with the member's card, balance, rewards,
coupons, tier progress, referral link, messages, profile, consents and notifications. Each part
is a module with its own router; this one joins them under /app."""

from __future__ import annotations

from fastapi import APIRouter

from loyalty.web.member_app import access, inbox, notifications, pwa, screens, surveys

router = APIRouter(include_in_schema=False)  # each part names its paths under /app
for part in (access, pwa, screens, inbox, notifications, surveys):
    router.include_router(part.router)
