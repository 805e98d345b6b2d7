"""Tables of the vouchers domain."""

from __future__ import annotations
