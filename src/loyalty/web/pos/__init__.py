"""The POS screen (/pos): a cashier finds the member, records the purchase, applies a coupon,
lets the member pay part with points, and sees what was earned."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/pos", include_in_schema=False)
