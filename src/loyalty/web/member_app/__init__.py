"""The member app (/app): an installable web app with the member's card, balance, rewards,
coupons, tier progress, referral link, products and offers picked for them ("For you"),
messages, profile, consents and notifications. Each part is a module with its own router; this
one joins them under /app."""

from __future__ import annotations

from fastapi import APIRouter

from loyalty.web.member_app import (
    access,
    contests,
    for_you,
    gamification,
    inbox,
    leaderboards,
    notifications,
    pwa,
    screens,
    surveys,
)

router = APIRouter(include_in_schema=False)  # each part names its paths under /app
for part in (access, pwa, screens, gamification, for_you, inbox, notifications, leaderboards, contests,
             surveys):
    router.include_router(part.router)
