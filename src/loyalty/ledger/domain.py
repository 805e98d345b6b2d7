"""Pure ledger arithmetic: which lots pay for a debit, and proportional splits."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class OpenLot:
    id: int
    remaining: int
    expires_at: datetime | None


@dataclass(frozen=True)
class LotDebit:
    lot_id: int
    points: int
    expires_at: datetime | None


def consumption_order(lot: OpenLot) -> tuple[int, datetime | None, int]:
    """Earliest expiry first, never-expiring lots last, then oldest lot first."""
    return (1, None, lot.id) if lot.expires_at is None else (0, lot.expires_at, lot.id)


def consume_lots(lots: Sequence[OpenLot], points: int) -> list[LotDebit]:
    """Take `points` from `lots`, earliest expiry first; at most what the lots hold.

    The caller compares the sum of the debits with `points`: a shortfall is a debt the
    member's wallet carries (a refund of points already spent), never a negative lot.
    """
    if points < 0:
        raise ValueError("points must not be negative")
    debits: list[LotDebit] = []
    left = points
    for lot in sorted(lots, key=consumption_order):
        if left == 0:
            break
        take = min(lot.remaining, left)
        if take > 0:
            debits.append(LotDebit(lot_id=lot.id, points=take, expires_at=lot.expires_at))
            left -= take
    return debits


def split_proportionally(total: int, weights: Mapping[K, int]) -> dict[K, int]:
    """Split `total` in proportion to `weights`, summing exactly (largest remainder).

    Ties in the remainders go to the earlier key, so the split is deterministic.
    """
    positive = {key: weight for key, weight in weights.items() if weight > 0}
    if total == 0 or not positive:
        return {key: 0 for key in weights} if positive or total == 0 else {}
    weight_sum = sum(positive.values())
    shares = {key: total * weight // weight_sum for key, weight in positive.items()}
    remainders = sorted(positive, key=lambda key: -(total * positive[key] % weight_sum))
    for key in remainders[: total - sum(shares.values())]:
        shares[key] += 1
    return {key: shares.get(key, 0) for key in weights}


def reversal_due(points: int, refunded_minor: int, amount_minor: int) -> int:
    """Points to have reversed once `refunded_minor` of `amount_minor` is refunded.

    Cumulative, so partial refunds never drift: refunding everything reverses everything.
    """
    if amount_minor <= 0:
        return points if refunded_minor > 0 else 0
    refunded_minor = min(refunded_minor, amount_minor)
    return points * refunded_minor // amount_minor


def debt_cover(amount: int, balance_before: int) -> int:
    """How much of newly available `amount` pays off a negative wallet balance."""
    return min(amount, max(0, -balance_before))


class UnitAvailable(Protocol):
    @property
    def unit(self) -> str: ...
    @property
    def available(self) -> int: ...


def available_points(balances: Iterable[UnitAvailable]) -> int:
    """The `points` unit's available balance among a member's balances (0 when there is none)."""
    return next((balance.available for balance in balances if balance.unit == "points"), 0)
