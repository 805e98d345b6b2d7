"""The electronic receipt of a redemption, as a one-page PDF.

Drawn in Roboto (Apache 2.0, from the `font-roboto` package), embedded as a subset: the
receipt prints names as they are written in Latin, Cyrillic and Greek scripts ("Łódź",
"Москва"), and its text can be searched and copied (the font carries a Unicode map). A
letter the font does not draw is spelled with its base letter, or "?" when it has none.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path
from zoneinfo import ZoneInfo

from fontTools.ttLib import TTFont
from fpdf import FPDF

from loyalty.kernel.money import minor_units

FONT = "roboto"
_FONT_FILES = {"": "Roboto-Regular.ttf", "B": "Roboto-Bold.ttf", "I": "Roboto-Italic.ttf"}


def _font_path(name: str) -> Path:
    return Path(str(files("font_roboto") / "files" / name))  # installed unpacked: a real file


@cache
def _drawable() -> frozenset[int]:
    """The code points every style of the font draws."""
    maps = [set(TTFont(_font_path(name), lazy=True).getBestCmap()) for name in _FONT_FILES.values()]
    return frozenset(set.intersection(*maps))


KIND_LABELS = {
    "physical": "Item delivered to you",
    "e_voucher": "Partner e-voucher",
    "coupon": "Discount coupon",
    "cashback": "Cashback",
    "donation": "Charity donation",
    "stamp_card": "Stamp card reward",
}


def printable(text: str) -> str:
    """`text` as the receipt prints it: on one line, without control characters, and with the
    letters the font lacks spelled by their base letter ("?" when there is none)."""
    drawable = _drawable()
    out: list[str] = []
    for char in text:
        if char in ("\n", "\t"):
            out.append(" ")
        elif unicodedata.category(char) == "Cc":
            continue
        elif ord(char) in drawable:
            out.append(char)
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char)
                           if ord(c) in drawable and not unicodedata.combining(c))
            out.append(base or "?")
    return "".join(out)


def format_money(amount_minor: int, currency: str) -> str:
    digits = minor_units(currency)
    value = Decimal(amount_minor).scaleb(-digits)
    return f"{value:,.{digits}f} {currency}"


@dataclass(frozen=True)
class ReceiptData:
    receipt_number: str
    program_name: str
    timezone: str
    issued_at: datetime
    member_name: str
    member_id: int
    reward_name: str
    kind: str
    status: str
    points: int
    unit: str
    money_minor: int
    currency: str
    code: str | None = None
    cashback_minor: int | None = None
    cashback_currency: str | None = None
    cause_name: str | None = None
    delivery_address: Sequence[str] = ()


def _rows(data: ReceiptData) -> list[tuple[str, str]]:
    local = data.issued_at.astimezone(ZoneInfo(data.timezone))
    rows = [
        ("Receipt number", data.receipt_number),
        ("Date", f"{local:%Y-%m-%d %H:%M} ({data.timezone})"),
        ("Member", f"{data.member_name} (no. {data.member_id})"),
        ("Reward", data.reward_name),
        ("Type", KIND_LABELS.get(data.kind, data.kind)),
        ("Points", f"{data.points:,} {data.unit}"),
        ("Money part", format_money(data.money_minor, data.currency) if data.money_minor else "none"),
    ]
    if data.code:
        rows.append(("Your code", data.code))
    if data.cashback_minor is not None:
        rows.append(("Cashback credited", format_money(data.cashback_minor, data.cashback_currency or data.currency)))
    if data.cause_name:
        rows.append(("Donated to", data.cause_name))
    for index, line in enumerate(data.delivery_address):
        rows.append(("Delivery address" if index == 0 else "", line))
    rows.append(("Status", data.status))
    return rows


def render(data: ReceiptData) -> bytes:
    """The receipt as PDF bytes."""
    return render_document(receipt_number=data.receipt_number, subject=f"{data.reward_name} - {data.program_name}",
                           program_name=data.program_name, heading="Reward redemption receipt",
                           issued_at=data.issued_at, rows=_rows(data))


def render_document(*, receipt_number: str, subject: str, program_name: str, heading: str, issued_at: datetime,
                    rows: list[tuple[str, str]]) -> bytes:
    """A one-page receipt of labelled rows, as PDF bytes. Shared by member and gift redemptions."""
    pdf = FPDF(format="A4")
    for style, name in _FONT_FILES.items():
        pdf.add_font(FONT, style=style, fname=_font_path(name))
    pdf.set_title(f"Receipt {receipt_number}")
    pdf.set_subject(subject)
    pdf.set_creator("loyalty")
    pdf.set_creation_date(issued_at)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font(FONT, style="B", size=18)
    pdf.multi_cell(width, 9, printable(program_name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=12)
    pdf.cell(width, 8, printable(heading), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    label_width = 50
    for label, value in rows:
        pdf.set_font(FONT, style="B", size=11)
        pdf.cell(label_width, 7, printable(label))
        pdf.set_font(FONT, size=11)
        pdf.multi_cell(width - label_width, 7, printable(value), new_x="LMARGIN", new_y="NEXT")

    pdf.ln(10)
    pdf.set_font(FONT, style="I", size=9)
    pdf.multi_cell(width, 5, "Keep this receipt: its number identifies the redemption if you contact us.",
                   new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
