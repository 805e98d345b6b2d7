"""Tables of the tiers domain."""

from __future__ import annotations
