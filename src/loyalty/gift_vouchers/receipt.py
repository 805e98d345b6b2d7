"""The electronic receipt of a gift redemption: the rewards receipt's look (same font, same
letters, same money format) with the gift's own rows, since its holder is not a member."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from loyalty.rewards.receipt import KIND_LABELS, render_document


@dataclass(frozen=True)
class GiftReceiptData:
    receipt_number: str
    program_name: str
    timezone: str
    issued_at: datetime
    paid_with: str
    label: str
    reward_name: str
    kind: str
    status: str
    points: int
    balance_after: int | None
    code: str | None = None
    cause_name: str | None = None
    recipient_name: str | None = None
    delivery_address: Sequence[str] = ()


def rows(data: GiftReceiptData) -> list[tuple[str, str]]:
    local = data.issued_at.astimezone(ZoneInfo(data.timezone))
    out = [
        ("Receipt number", data.receipt_number),
        ("Date", f"{local:%Y-%m-%d %H:%M} ({data.timezone})"),
        ("Paid with", data.paid_with),
        ("Gift from", data.label),
        ("Reward", data.reward_name),
        ("Type", KIND_LABELS.get(data.kind, data.kind)),
        ("Points", f"{data.points:,} points"),
    ]
    if data.balance_after is not None:
        out.append(("Balance left", f"{data.balance_after:,} points"))
    if data.code:
        out.append(("Your code", data.code))
    if data.cause_name:
        out.append(("Donated to", data.cause_name))
    if data.recipient_name:
        out.append(("Deliver to", data.recipient_name))
    for index, line in enumerate(data.delivery_address):
        out.append(("Delivery address" if index == 0 and not data.recipient_name else "", line))
    out.append(("Status", data.status))
    return out


def render(data: GiftReceiptData) -> bytes:
    """The receipt as PDF bytes (the rewards receipt's layout)."""
    return render_document(receipt_number=data.receipt_number, subject=f"{data.reward_name} - {data.program_name}",
                           program_name=data.program_name, heading="Gift redemption receipt",
                           issued_at=data.issued_at, rows=rows(data))
