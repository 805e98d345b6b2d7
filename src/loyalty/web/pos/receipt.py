"""The receipt a cashier is entering, as the POS form carries it between requests: who it is for,
its lines or its total, a coupon, the points paid, and the receipt's id (made once, when the
member is found, and sent back with every post so a double submit records one purchase).

Reading turns the form's text into the API's own request (`PurchaseCreate`) and the voucher
service's `Basket`; nothing here decides what a purchase earns.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError
from starlette.requests import Request

from loyalty.kernel import clock
from loyalty.kernel.money import minor_units
from loyalty.members.schemas import MemberRef
from loyalty.purchases.schemas import MAX_TOTAL_MINOR, PurchaseCreate
from loyalty.rules.schemas import ReceiptLine
from loyalty.vouchers.domain import Basket, BasketLine
from loyalty.web.pages.forms import Form, parse_id
from loyalty.web.pages.render import gettext

MAX_LINES = 100
MAX_POINTS = 10**12
MAX_QUANTITY = 100_000
_QR_TAIL = re.compile(r"[:/=#](\d[\d -]{5,}\d)/?$")  # a card number at the end of a QR payload or link


def new_external_id(staff_user_id: int) -> str:
    """The receipt's id at the till: the cashier's, then random (never reused by another receipt)."""
    return f"POS-{staff_user_id}-{secrets.token_hex(8)}"


def member_ref_of(text: str) -> MemberRef | None:
    """What the cashier typed or scanned, as the API names a member: an e-mail (has @), a phone
    (starts with +), a card number (digits, spaces and dashes as printed), a card number at the
    end of the member app's QR content (`loyalty:card:2790…`, `…/card/2790…`, `…?card=2790…`),
    else the member's id in the shop (external_id). None when it cannot name anyone."""
    text = text.strip()
    if not text:
        return None
    try:
        if "@" in text:
            return MemberRef(email=text)
        if text.startswith("+"):
            return MemberRef(phone=text)
        digits = re.sub(r"[\s-]", "", text)
        if digits.isdigit():
            return MemberRef(card_number=digits)
        tail = _QR_TAIL.search(text)
        if tail is not None:
            return MemberRef(card_number=re.sub(r"[\s-]", "", tail.group(1)))
        return MemberRef(external_id=text[:128])
    except ValidationError:
        return None


def to_minor(text: str, currency: str) -> int | None:
    """`12.50`, `12,50` or `12` in the currency's minor units; None when it is not an amount."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return None
    try:
        amount = Decimal(cleaned) * (Decimal(10) ** minor_units(currency))
    except InvalidOperation:
        return None
    if amount != amount.to_integral_value() or amount > MAX_TOTAL_MINOR:
        return None
    return int(amount)


def whole_number(text: str, *, upper: int) -> int | None:
    """0 to `upper` in ASCII digits (a quantity, points), else None: "²" is a digit to
    `str.isdigit` but not to `int`."""
    text = text.strip()
    if not re.fullmatch(r"[0-9]{1,19}", text):
        return None
    value = int(text)
    return value if value <= upper else None


def from_minor(minor: int, currency: str) -> str:
    """Minor units as the cashier types them back (`1250` EUR is `12.50`)."""
    digits = minor_units(currency)
    return f"{Decimal(minor) / (Decimal(10) ** digits):.{digits}f}"


@dataclass
class LineInput:
    sku: str = ""
    category: str = ""
    quantity: str = "1"
    unit_price: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.sku.strip() or self.category.strip() or self.unit_price.strip())


@dataclass
class ReceiptForm:
    """The receipt as typed, and what is wrong with it (field name: message, in the page's language)."""

    external_id: str
    member_id: int | None = None
    new_card: str = ""  # a printed card nobody has registered: the purchase registers it
    lines: list[LineInput] = field(default_factory=list)
    total: str = ""
    coupon: str = ""
    points: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, form: Form, staff_user_id: int) -> ReceiptForm:
        external_id = form.text("external_id")
        if not re.fullmatch(r"POS-\d+-[0-9a-f]{16}", external_id):
            external_id = new_external_id(staff_user_id)
        skus, categories = form.getlist("sku"), form.getlist("category")
        quantities, prices = form.getlist("quantity"), form.getlist("unit_price")
        count = min(max(len(skus), len(categories), len(quantities), len(prices)), MAX_LINES)

        def nth(values: list[str], index: int, default: str = "") -> str:
            return values[index] if index < len(values) else default

        lines = [LineInput(sku=nth(skus, i).strip(), category=nth(categories, i).strip(),
                           quantity=nth(quantities, i, "1").strip(), unit_price=nth(prices, i).strip())
                 for i in range(count)]
        return cls(external_id=external_id, member_id=parse_id(form.text("member_id")),
                   new_card=re.sub(r"\D", "", form.text("new_card"))[:64], lines=lines, total=form.text("total"),
                   coupon=form.text("coupon")[:64], points=form.text("points"))

    @property
    def has_member(self) -> bool:
        return self.member_id is not None or bool(self.new_card)

    def member_ref(self) -> MemberRef:
        if self.member_id is not None:
            return MemberRef(id=self.member_id)
        return MemberRef(card_number=self.new_card)

    def filled_lines(self) -> list[LineInput]:
        return [line for line in self.lines if not line.is_blank]

    def check(self, request: Request, currency: str) -> tuple[list[ReceiptLine], int | None, int]:
        """The receipt's lines and total in minor units and the points to pay with, as far as
        they can be read; what cannot is in `errors`, by field (`line-2-unit_price`, `total`)."""
        lines: list[ReceiptLine] = []
        for number, line in enumerate(self.lines, start=1):
            if line.is_blank:
                continue
            quantity = whole_number(line.quantity, upper=MAX_QUANTITY) or 0
            price = to_minor(line.unit_price, currency)
            if not line.sku:
                self.errors[f"line-{number}-sku"] = gettext(request, "Enter the product or its code.")
            if not 1 <= quantity <= MAX_QUANTITY:
                self.errors[f"line-{number}-quantity"] = gettext(request, "Enter a whole number of at least 1.")
            if price is None:
                self.errors[f"line-{number}-unit_price"] = gettext(request, "Enter a price, like 12.50.")
            if line.sku and 1 <= quantity <= MAX_QUANTITY and price is not None:
                lines.append(ReceiptLine(sku=line.sku[:64], category=line.category[:100] or None, quantity=quantity,
                                         unit_price=price))
        total: int | None = None
        if self.total:
            total = to_minor(self.total, currency)
            if total is None:
                self.errors["total"] = gettext(request, "Enter an amount, like 12.50.")
            elif lines and total != sum(line.amount for line in lines):
                self.errors["total"] = gettext(request, "The total differs from the sum of the lines. Correct it "
                                                        "or leave it empty.")
        elif not self.filled_lines():
            self.errors["total"] = gettext(request, "Enter the receipt's total or its lines.")
        points = 0
        if self.points:
            read = whole_number(self.points, upper=MAX_POINTS)
            if read is not None:
                points = read
            else:
                self.errors["points"] = gettext(request, "Enter a whole number of points.")
        return lines, total, points

    def purchase(self, lines: list[ReceiptLine], total: int | None) -> PurchaseCreate:
        """The API's request for this receipt: what `POST /purchases` would be sent."""
        return PurchaseCreate(member=self.member_ref(), external_id=self.external_id, channel="pos",
                              total=None if lines else total, lines=lines,
                              coupons=[self.coupon] if self.coupon else [])

    @staticmethod
    def basket(lines: list[ReceiptLine], total: int | None) -> Basket:
        """The basket the voucher service checks a coupon against (as `POST /vouchers/validate` builds it)."""
        return Basket(
            lines=tuple(BasketLine(line_no=number, sku=line.sku, name=line.name, category=line.category,
                                   quantity=line.quantity, unit_price_minor=line.unit_price,
                                   amount_minor=line.quantity * line.unit_price)
                        for number, line in enumerate(lines, start=1)),
            total_minor=sum(line.amount for line in lines) if lines else (total or 0),
            channel="pos", store=None, occurred_at=clock.now())
