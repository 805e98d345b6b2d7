"""The electronic receipt of a gift redemption: the rewards receipt's look (same font, same
letters, same money format) with the gift's own rows, since its holder is not a member."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from fpdf import FPDF

from loyalty.rewards.receipt import FONT, KIND_LABELS, printable


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
    """The receipt as PDF bytes (uncompressed: it is small, and its text stays searchable)."""
    pdf = FPDF(format="A4")
    pdf.set_compression(False)
    pdf.set_title(f"Receipt {data.receipt_number}")
    pdf.set_subject(f"{data.reward_name} - {data.program_name}")
    pdf.set_creator("loyalty")
    pdf.set_creation_date(data.issued_at)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font(FONT, style="B", size=18)
    pdf.multi_cell(width, 9, printable(data.program_name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=12)
    pdf.cell(width, 8, "Gift redemption receipt", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    label_width = 50
    for label, value in rows(data):
        pdf.set_font(FONT, style="B", size=11)
        pdf.cell(label_width, 7, printable(label))
        pdf.set_font(FONT, size=11)
        pdf.multi_cell(width - label_width, 7, printable(value), new_x="LMARGIN", new_y="NEXT")

    pdf.ln(10)
    pdf.set_font(FONT, style="I", size=9)
    pdf.multi_cell(width, 5, "Keep this receipt: its number identifies the redemption if you contact us.",
                   new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
