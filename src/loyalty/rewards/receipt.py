"""The electronic receipt of a redemption, as a one-page PDF.

Drawn with fpdf2's built-in Helvetica, so nothing is shipped or looked up on the host and
every machine renders the same bytes' worth of text. That font only has Latin-1, so other
letters are spelled with the nearest Latin ones ("Łódź" prints as "Lódz", Cyrillic is
transliterated); the document's metadata keeps the exact Unicode title and subject.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from fpdf import FPDF

from loyalty.kernel.money import minor_units

FONT = "helvetica"

_NEAREST_LATIN = {
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Œ": "OE", "œ": "oe",
    "ß": "ss", "€": "EUR", "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'",
    "–": "-", "—": "-", "…": "...", "•": "*", "™": "(TM)",
}
_CYRILLIC = dict(zip(
    "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяІіЇїЄєҐґ",
    ["A", "B", "V", "G", "D", "E", "E", "Zh", "Z", "I", "Y", "K", "L", "M", "N", "O", "P", "R", "S", "T", "U",
     "F", "Kh", "Ts", "Ch", "Sh", "Shch", "", "Y", "", "E", "Yu", "Ya",
     "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
     "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "I", "i", "Yi", "yi", "Ye", "ye", "G", "g"],
    strict=True,
))

KIND_LABELS = {
    "physical": "Item delivered to you",
    "e_voucher": "Partner e-voucher",
    "coupon": "Discount coupon",
    "cashback": "Cashback",
    "donation": "Charity donation",
    "stamp_card": "Stamp card reward",
}


def printable(text: str) -> str:
    """`text` in the letters the built-in PDF font has (Latin-1), the nearest Latin ones for the rest."""
    out: list[str] = []
    for char in text:
        if char in ("\n", "\t"):
            out.append(" ")
        elif ord(char) < 256:
            if unicodedata.category(char) != "Cc":
                out.append(char)
        elif char in _NEAREST_LATIN:
            out.append(_NEAREST_LATIN[char])
        elif char in _CYRILLIC:
            out.append(_CYRILLIC[char])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) < 256
                           and not unicodedata.combining(c))
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
    """A one-page receipt of labelled rows, as PDF bytes (uncompressed: it is small, and its
    text stays searchable). Shared by member and gift redemptions."""
    pdf = FPDF(format="A4")
    pdf.set_compression(False)
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
    pdf.cell(width, 8, heading, new_x="LMARGIN", new_y="NEXT")
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
