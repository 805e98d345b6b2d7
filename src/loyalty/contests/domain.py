"""Contest rules with no database: how many entries an action earns, and the draw.

The draw is a pure function of its recorded inputs. Each member holds as many tickets as
entries; ticket k of member m gets the key HMAC-SHA256(seed, "m:k"); tickets are taken in key
order and a member already drawn is passed over. A member with more entries so has more
chances, wins at most once, and the same seed and entries always give the same winners. The
seed comes from `secrets.token_bytes` (the operating system's secure source) and is recorded
with a digest of the ordered entries, so an auditor can check both the list and the result.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ALGORITHM = "hmac-sha256-tickets/v1"
# A best-score contest: the highest scores win; equal scores are ordered by HMAC-SHA256(seed, "m").
BEST_SCORE_ALGORITHM = "best-score/hmac-sha256-tiebreak/v1"
SEED_BYTES = 32


@dataclass(frozen=True)
class Holding:
    member_id: int
    entries: int


def new_seed() -> bytes:
    return secrets.token_bytes(SEED_BYTES)


def ordered(holdings: Sequence[Holding]) -> list[Holding]:
    """The entrants as the draw takes them: by member id, without members holding no entry."""
    return sorted((holding for holding in holdings if holding.entries > 0), key=lambda holding: holding.member_id)


def entries_digest(holdings: Sequence[Holding]) -> str:
    """SHA-256 of the ordered entries, one `member_id:entries` line each."""
    text = "".join(f"{holding.member_id}:{holding.entries}\n" for holding in ordered(holdings))
    return hashlib.sha256(text.encode()).hexdigest()


def draw(seed: bytes, holdings: Sequence[Holding], winners_count: int) -> list[int]:
    """The winners' member ids, first drawn first (see the module's docstring)."""
    tickets = [(hmac.new(seed, f"{holding.member_id}:{ticket}".encode(), hashlib.sha256).digest(), holding.member_id)
               for holding in ordered(holdings) for ticket in range(holding.entries)]
    tickets.sort()
    winners: list[int] = []
    drawn: set[int] = set()
    for _key, member_id in tickets:
        if len(winners) == winners_count:
            break
        if member_id not in drawn:
            drawn.add(member_id)
            winners.append(member_id)
    return winners


def best_scores(seed: bytes, holdings: Sequence[Holding], winners_count: int) -> list[int]:
    """The winners of a best-score contest (`entries` holds each contender's score): highest
    first, ties in the order of their HMAC keys."""
    ranked = sorted(ordered(holdings), key=lambda holding: (
        -holding.entries, hmac.new(seed, str(holding.member_id).encode(), hashlib.sha256).digest()))
    return [holding.member_id for holding in ranked[:winners_count]]


def repeat(algorithm: str, seed: bytes, holdings: Sequence[Holding], winners_count: int) -> list[int] | None:
    """The draw `algorithm` names, repeated; None for an algorithm this version does not know."""
    if algorithm == ALGORITHM:
        return draw(seed, holdings, winners_count)
    if algorithm == BEST_SCORE_ALGORITHM:
        return best_scores(seed, holdings, winners_count)
    return None


def entries_for_purchase(*, total: int, entries_per_action: int, amount_per_entry: int | None) -> int:
    """Entries a purchase of `total` (minor units) earns: one per `amount_per_entry`, else a fixed number."""
    if amount_per_entry:
        return max(total, 0) // amount_per_entry
    return entries_per_action


def earned(*, entry_action: str, custom_event_type: str | None, entries_per_action: int,
           amount_per_entry: int | None, event_type: str, payload: Mapping[str, Any]) -> int:
    """Entries the event earns in a contest of these rules (0: none)."""
    if entry_action == "purchase" and event_type == "purchase.recorded":
        return entries_for_purchase(total=int(payload.get("total", 0)), entries_per_action=entries_per_action,
                                    amount_per_entry=amount_per_entry)
    if entry_action == "custom_event" and event_type == "custom_event.received":
        return entries_per_action if payload.get("type") == custom_event_type else 0
    if entry_action == "custom_event" and event_type == custom_event_type:
        return entries_per_action  # a member's action named by its own type: survey.answered, review.submitted
    return 0


def granted(*, held: int, wanted: int, maximum: int) -> int:
    """What may be added to `held` entries without passing `maximum`."""
    return max(0, min(wanted, maximum - held))
