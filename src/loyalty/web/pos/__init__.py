"""The POS screen (/pos): a cashier finds the member, records the purchase, applies a coupon,
lets the member pay part with points, and sees what was earned; with the member found, the
screen names one personal offer to mention at the till (the member's best, from the nightly run).

One screen, three addresses: `GET /pos?q=…` finds the member (as `GET /members/lookup` does),
`POST /pos/receipt` redraws the receipt (a line added or removed, the coupon checked as
`POST /vouchers/validate` checks it) and records nothing, `POST /pos/purchases` records it
through the service `POST /purchases` calls, then pays the points with the service
`POST /members/{id}/points/spend` calls, in one transaction. Every form works as a plain
post; HTMX redraws only the screen (`#screen`) when it is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.requests import Request

from loyalty.auth.roles import USE_POS
from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.kernel.errors import DomainError, InsufficientPoints, Invalid, NotFound, RateLimited
from loyalty.kernel.money import minor_units, points_value_minor
from loyalty.ledger import service as ledger
from loyalty.ledger.domain import available_points
from loyalty.members import service as members
from loyalty.members.domain import display_name
from loyalty.members.models import Member
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.recommendations import service as recommendations
from loyalty.recommendations.schemas import RecommendationRead
from loyalty.tiers import service as tiers
from loyalty.vouchers import service as vouchers
from loyalty.vouchers.domain import GIFT_CARD
from loyalty.vouchers.schemas import MemberVoucherRead
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import parse_id
from loyalty.web.pages.render import gettext, is_htmx, render
from loyalty.web.pages.signed_in import StaffContext, staff
from loyalty.web.pos.receipt import LineInput, ReceiptForm, member_ref_of, new_external_id
from loyalty.web.ratelimit import hit_or_refuse, voucher_limiter

router = APIRouter(prefix="/pos", include_in_schema=False)
Cashier = Annotated[StaffContext, Depends(staff(USE_POS, face="pos"))]
MAX_COUPONS_SHOWN = 20


@dataclass(frozen=True)
class MemberView:
    """The member as the cashier sees them."""

    id: int | None
    name: str
    tier: str | None
    is_blocked: bool
    available: int
    pending: int
    available_value: int  # minor units
    new_card: str = ""  # a printed card not yet registered: the purchase registers it
    coupons: list[MemberVoucherRead] = field(default_factory=list)
    # The member's best personal offer (docs/recommendations.md), for the cashier to mention.
    suggestion: RecommendationRead | None = None


@dataclass(frozen=True)
class CouponView:
    code: str
    is_valid: bool
    message: str
    name: str | None = None
    discount: int = 0  # minor units the coupon takes off (a gift card pays instead: `gift_card_pays`)
    gift_card_pays: int = 0


@dataclass(frozen=True)
class Totals:
    total: int
    discount: int
    points_value: int
    due: int


@dataclass(frozen=True)
class Done:
    """What recording answered, for the cashier and the member."""

    result: dict[str, Any]
    was_recorded_before: bool
    points_paid: int
    points_paid_value: int
    balance_after: int
    tier_name: str | None


def _member_view(session: Session, program: Program, member: Member, *, with_coupons: bool = True) -> MemberView:
    """Name, tier, balance and usable coupons, read by the services the API reads them with."""
    balances = ledger.balances(session=session, program=program, member_id=member.id)
    available = available_points(balances)
    pending = next((balance.pending for balance in balances if balance.unit == "points"), 0)
    tier = tiers.member_tier(session=session, program_id=program.id, member_id=member.id)
    coupons = [voucher for voucher in vouchers.member_vouchers(session=session, program=program, member_id=member.id,
                                                               limit=MAX_COUPONS_SHOWN).items
               if voucher.status == "available"] if with_coupons else []
    suggestion = recommendations.offer_to_mention(session=session, program_id=program.id, member_id=member.id,
                                                  open_challenges=gamification.challenges_open_to) \
        if with_coupons else None
    return MemberView(id=member.id, name=display_name(member), tier=tier.name if tier else None,
                      is_blocked=member.status == "blocked", available=available,
                      pending=pending,
                      available_value=points_value_minor(max(available, 0), program.point_value, program.currency),
                      coupons=coupons, suggestion=suggestion)


def _new_card_view(number: str) -> MemberView:
    return MemberView(id=None, name="", tier=None, is_blocked=False, available=0, pending=0, available_value=0,
                      new_card=number)


def _lookup_refusal(request: Request, error: DomainError) -> str:
    """Why nobody was found, in the cashier's words."""
    if error.code == "card_not_found":
        return gettext(request, "No card has this number. Check the number or scan it again.")
    if error.code == "card_blocked":
        return gettext(request, "This card is blocked. Ask the member for their new card.")
    if error.code == "invalid_card_number":
        return gettext(request, "This is not a valid card number. Check the number or scan it again.")
    if error.field == "email":
        return gettext(request, "No member has this e-mail address.")
    if error.field == "phone":
        return gettext(request, "No member has this phone number.")
    return gettext(request, "No member was found. Try the card number, phone (with +country code) or e-mail.")


def _refusal(request: Request, error: DomainError) -> str:
    """A refusal of a coupon, a payment with points or a purchase, in the cashier's words."""
    code = error.code
    if code == "voucher_not_found":
        return gettext(request, "This coupon code is not valid.")
    if code in ("voucher_inactive", "voucher_campaign_inactive"):
        return gettext(request, "This coupon is no longer offered.")
    if code == "voucher_not_yet_valid":
        return gettext(request, "This coupon is not valid yet.")
    if code in ("voucher_expired", "voucher_campaign_ended"):
        return gettext(request, "This coupon has expired.")
    if code == "voucher_used_up":
        return gettext(request, "This coupon has been used up.")
    if code == "voucher_member_limit_reached":
        return gettext(request, "This member has used this coupon as often as it allows.")
    if code == "voucher_not_for_member":
        return gettext(request, "This coupon is not for this member.")
    if code == "voucher_not_applicable":
        return gettext(request, "This coupon does not apply to this receipt.")
    if code == "insufficient_points":
        return gettext(request, "The member has only %(available)s points available.",
                       available=error.details.get("available", 0))
    if code == "points_exceed_due":
        return gettext(request, "These points are worth more than is left to pay.")
    if code == "member_blocked":
        return gettext(request, "This member is blocked: no purchase can be recorded for them.")
    if code == "external_id_conflict":
        return gettext(request, "This receipt was already recorded with other contents. Start the next "
                                "customer.")
    if code == "rate_limited":
        return gettext(request, "Too many coupon attempts. Please wait %(seconds)s seconds and try again.",
                       seconds=error.details.get("retry_after", 60))
    if code in ("card_not_found", "card_blocked", "invalid_card_number", "member_not_found"):
        return _lookup_refusal(request, error)
    return gettext(request, "The purchase was refused: %(reason)s", reason=error.message)


class _CodeAttempts:
    """Coupon attempts counted as `POST /vouchers/validate` counts them, with the cashier in
    place of the API key: per cashier and per member, against the same limits."""

    def __init__(self, request: Request, me: StaffContext) -> None:
        self.limiter = voucher_limiter(request)
        self.me = me

    def __call__(self, member_id: int | None) -> None:
        program, user = str(self.me.program.id), str(self.me.user_id)
        hit_or_refuse(self.limiter.limiter, self.limiter.per_key, "voucher-validation", "staff", program, user,
                      message="Too many voucher attempts for this cashier; try again in {retry_after} s.")
        if member_id is not None:
            hit_or_refuse(self.limiter.limiter, self.limiter.per_member, "voucher-validation", "member", program,
                          str(member_id),
                          message="Too many voucher attempts for this member; try again in {retry_after} s.")


def _screen(request: Request, *, lookup: str = "", lookup_error: str | None = None, member: MemberView | None = None,
            receipt: ReceiptForm | None = None, coupon: CouponView | None = None, totals: Totals | None = None,
            error: str | None = None, done: Done | None = None, focus: str = "lookup", status: int = 200) -> Response:
    # HTMX swaps only a 2xx answer: a refusal it should show comes as 200 (a plain post gets the status).
    return render(request, "pos/screen.html", {
        "title": gettext(request, "Till"), "lookup": lookup, "lookup_error": lookup_error, "member": member,
        "receipt": receipt, "coupon": coupon, "totals": totals, "error": error, "done": done, "focus": focus,
        "digits": minor_units(request.state.page_context.program.currency),
    }, status=200 if is_htmx(request) else status)


@router.get("")
def screen(request: Request, me: Cashier, q: str = "") -> Response:
    """The till: the member search, and once a member is found, their card and the receipt."""
    lookup = q.strip()[:320]
    if not lookup:
        return _screen(request)
    ref = member_ref_of(lookup)
    if ref is None:
        return _screen(request, lookup=lookup, status=422, lookup_error=gettext(
            request, "This is not a card number, phone number or e-mail address we can read."))
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        try:
            found = members.find_member(session=db, program_id=program.id, ref=ref)
        except DomainError as refused:
            if refused.code == "card_not_registered" and ref.card_number is not None:
                receipt = ReceiptForm(external_id=new_external_id(me.user_id), new_card=ref.card_number)
                return _screen(request, lookup=lookup, member=_new_card_view(ref.card_number), receipt=receipt,
                               focus="total")
            return _screen(request, lookup=lookup, lookup_error=_lookup_refusal(request, refused),
                           status=409 if refused.code == "card_blocked" else 404)
        member = _member_view(db, program, found)
    if member.is_blocked:
        return _screen(request, lookup=lookup, member=member)
    return _screen(request, lookup=lookup, member=member, focus="total",
                   receipt=ReceiptForm(external_id=new_external_id(me.user_id), member_id=member.id))


def _load_member(db: Session, program: Program, receipt: ReceiptForm) -> MemberView | None:
    if receipt.member_id is not None:
        found = members.get_member(session=db, program_id=program.id, member_id=receipt.member_id)
        return _member_view(db, program, found)
    if receipt.new_card:
        return _new_card_view(receipt.new_card)
    return None


def _check(request: Request, me: StaffContext, db: Session, program: Program, receipt: ReceiptForm,
           member: MemberView) -> tuple[CouponView | None, Totals | None]:
    """The coupon checked against this receipt (nothing used up) and what is left to pay."""
    lines, total, points = receipt.check(request, program.currency)
    if "total" in receipt.errors or any(name.startswith("line-") for name in receipt.errors):
        return None, None
    basket = ReceiptForm.basket(lines, total)
    coupon: CouponView | None = None
    if receipt.coupon:
        found = members.get_member(session=db, program_id=program.id, member_id=member.id) \
            if member.id is not None else None
        try:
            _CodeAttempts(request, me)(found.id if found is not None else None)
        except RateLimited as limited:
            receipt.errors["coupon"] = _refusal(request, limited)
        else:
            check = vouchers.check_codes(session=db, program=program, member=found, codes=[receipt.coupon],
                                         basket=basket)[0]
            if check.refusal is not None:
                coupon = CouponView(code=check.code, is_valid=False, message=_refusal(
                    request, DomainError(check.refusal.message, code=check.refusal.code)))
            else:
                is_gift_card = check.campaign is not None and check.campaign.kind == GIFT_CARD
                pays = min(check.gift_card_balance or 0, basket.total_minor) if is_gift_card else 0
                coupon = CouponView(code=check.code, is_valid=True, message=gettext(request, "The coupon applies."),
                                    name=getattr(check.campaign, "name", None),
                                    discount=check.discount.total_minor, gift_card_pays=pays)
    discount = (coupon.discount + coupon.gift_card_pays) if coupon and coupon.is_valid else 0
    points_value = points_value_minor(points, program.point_value, program.currency)
    if points and points > member.available:
        receipt.errors["points"] = _refusal(request, InsufficientPoints(available=max(member.available, 0),
                                                                         requested=points))
    elif points_value > basket.total_minor - discount:
        receipt.errors["points"] = gettext(request, "These points are worth more than is left to pay.")
    return coupon, Totals(total=basket.total_minor, discount=discount, points_value=points_value,
                          due=max(0, basket.total_minor - discount - points_value))


@router.post("/receipt")
def edit_receipt(request: Request, me: Cashier) -> Response:
    """Redraws the receipt: adds or removes a line, applies a coupon, checks the coupon and the
    points against the receipt. Records nothing."""
    receipt = ReceiptForm.read(me.form, me.user_id)
    action = me.form.get("action")
    focus = "update"
    if action == "add_line" and len(receipt.lines) < 100:
        receipt.lines.append(LineInput())
        focus = f"line-{len(receipt.lines)}-sku"
    elif action.startswith("remove_line:"):
        index = (parse_id(action.removeprefix("remove_line:")) or 0) - 1
        if 0 <= index < len(receipt.lines):
            del receipt.lines[index]
        focus = "add_line"
    elif action.startswith("apply:"):
        receipt.coupon = action.removeprefix("apply:")[:64]
        focus = "coupon"
    elif action == "check_coupon":
        focus = "coupon"
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        try:
            member = _load_member(db, program, receipt)
        except DomainError:
            member = None
        if member is None:
            return _screen(request, lookup_error=gettext(request, "Find the member first."), status=422)
        coupon, totals = _check(request, me, db, program, receipt, member)
    if action == "add_line" or action.startswith("remove_line:"):
        receipt.errors.clear()  # the receipt is still being written: no complaints yet
    elif receipt.errors:
        focus = next(iter(receipt.errors))
    elif action in ("update", ""):
        focus = "record"
    return _screen(request, member=member, receipt=receipt, coupon=coupon, totals=totals, focus=focus)


@router.post("/purchases")
def record(request: Request, me: Cashier) -> Response:
    """Records the receipt as `POST /purchases` does (the same service, idempotent on the
    receipt's id: a second submit of the same receipt records nothing), then pays the points
    as `POST /members/{id}/points/spend` does, with the receipt's id as the reference. Both or
    neither: a refused payment leaves no purchase."""
    receipt = ReceiptForm.read(me.form, me.user_id)
    database = get_database(request)
    with unit_of_work(database, read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        try:
            member = _load_member(db, program, receipt)
        except DomainError:
            member = None
        if member is None:
            return _screen(request, lookup_error=gettext(request, "Find the member first."), status=422)
        lines, total, points = receipt.check(request, program.currency)
    if receipt.errors:
        return _refused(request, receipt, member, None, status=422)
    data = receipt.purchase(lines, total)
    try:
        with unit_of_work(database) as db:
            program = programs.get_program(session=db, program_id=me.program.id)
            if points and points > member.available:
                raise InsufficientPoints(available=max(member.available, 0), requested=points)
            outcome = purchases.record_purchase(session=db, program=program, data=data, actor=me.actor,
                                                count_code_attempt=_CodeAttempts(request, me))
            member_id = outcome.body["member_id"]
            paid = 0
            if outcome.status_code == 201 and points:
                left = outcome.body["total"] - sum(v["gift_card_paid"] for v in outcome.body["vouchers"])
                if points_value_minor(points, program.point_value, program.currency) > left:
                    raise Invalid("The points are worth more than is left to pay.", code="points_exceed_due",
                                  field="points")
                ledger.spend(session=db, program=program, member_id=member_id, unit="points", points=points,
                             actor=me.actor, reason="Paid at the till", details={"reference": receipt.external_id})
                paid = points
            after = available_points(ledger.balances(session=db, program=program, member_id=member_id))
            tier = tiers.member_tier(session=db, program_id=program.id, member_id=member_id)
            done = Done(result=outcome.body, was_recorded_before=outcome.status_code == 200, points_paid=paid,
                        points_paid_value=points_value_minor(paid, program.point_value, program.currency),
                        balance_after=after, tier_name=tier.name if tier else None)
    except DomainError as refused:
        if refused.field == "coupons" or refused.code.startswith("voucher_"):
            receipt.errors["coupon"] = _refusal(request, refused)
        elif refused.field == "points" or refused.code == "insufficient_points":
            receipt.errors["points"] = _refusal(request, refused)
        return _refused(request, receipt, member, _refusal(request, refused), status=_status_of(refused))
    return _screen(request, done=done, focus="next")


def _status_of(refused: DomainError) -> int:
    """The status a plain post answers a refusal with (as the API would for the same refusal)."""
    if isinstance(refused, RateLimited):
        return 429
    if isinstance(refused, Invalid):
        return 422
    return 404 if isinstance(refused, NotFound) else 409


def _refused(request: Request, receipt: ReceiptForm, member: MemberView, error: str | None, *,
             status: int) -> Response:
    """The receipt again, as typed, with why it was not recorded (the coupon is not checked
    again: that would count another attempt)."""
    return _screen(request, member=member, receipt=receipt,
                   error=error or gettext(request, "Correct the receipt: nothing was recorded."),
                   focus=next(iter(receipt.errors), "record"), status=status)
