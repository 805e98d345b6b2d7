"""The member app (/app): an installable web app with the member's card, balance, rewards,
coupons, tier progress, referral link, profile and consents."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/app", include_in_schema=False)
