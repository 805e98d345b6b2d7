"""Tables of the referrals domain."""

from __future__ import annotations
