"""Gift vouchers and prepaid bonus cards: a balance in points that a person who is not a member
spends on catalogue rewards, on the gift page.

Every function works in the caller's session and never commits; each change of state writes
its event row and, for a balance, exactly one movement in the same transaction, so the
movements of a voucher always sum to its balance.

Redeeming locks the voucher's row first, then takes the balance by a guarded UPDATE
(`balance >= price`), then the reward's stock by the rewards domain's guarded statement,
then a partner code: always in that order, and a cancellation takes the voucher before the
reward too, so the two queue instead of deadlocking. Redemptions of one voucher therefore run
one at a time, which is what makes the form's one-time key (`request_key`) an exact
idempotency key: a replay finds the first redemption and takes nothing again.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.gift_vouchers import domain as gift
from loyalty.gift_vouchers import receipt as gift_receipt
from loyalty.gift_vouchers import repository
from loyalty.gift_vouchers.domain import SignInRefused
from loyalty.gift_vouchers.models import GiftRedemption, GiftVoucher
from loyalty.gift_vouchers.schemas import (
    BonusCardCreate,
    BonusCardTopUp,
    GiftCatalogueItemRead,
    GiftCatalogueRead,
    GiftHolderRead,
    GiftMovementRead,
    GiftRedemptionCreate,
    GiftRedemptionRead,
    GiftVoucherBatchCreate,
    GiftVoucherBatchRead,
    GiftVoucherCancel,
    GiftVoucherRead,
    IssuedBonusCardRead,
    IssuedVoucherRead,
)
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, IdempotencyMismatch, InsufficientPoints, Invalid, NotFound
from loyalty.kernel.paging import Slice
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.rewards import domain
from loyalty.rewards import repository as rewards_repository
from loyalty.rewards import service as rewards
from loyalty.rewards.domain import CANCELLED, DONATION, E_VOUCHER, PHYSICAL, MemberPosition, Refusal, RewardTerms
from loyalty.rewards.models import Reward
from loyalty.rewards.schemas import StatusChange, StatusEntryRead

CARD_NUMBER_ATTEMPTS = 20
HOLDER_REDEMPTIONS_SHOWN = 50
VERIFY_LIMIT = 20

# Argon2id with the library's defaults: a PIN has a few thousand values, so each guess must be dear.
_pins = PasswordHasher()


@functools.cache
def _unknown_card_hash() -> str:
    """Checked against when a card number is unknown, so a wrong number takes as long as a wrong PIN."""
    return _pins.hash("not-a-pin")


def holder_actor(voucher: GiftVoucher) -> str:
    return f"{voucher.kind}:{voucher.id}"


def _movement(voucher: GiftVoucher, *, kind: str, amount: int, balance_after: int, actor: str,
              note: str | None = None, redemption_id: int | None = None) -> dict[str, Any]:
    return {"program_id": voucher.program_id, "voucher_id": voucher.id, "kind": kind, "amount": amount,
            "balance_after": balance_after, "redemption_id": redemption_id, "actor": actor[:200],
            "note": note, "created_at": clock.now()}


def _check_future(expires_at: datetime | None) -> None:
    if expires_at is not None and expires_at <= clock.now():
        raise Invalid("expires_at must be in the future.", code="invalid_expiry", field="expires_at")


# --- reads for the program ----------------------------------------------------------------------


def voucher_read(voucher: GiftVoucher) -> GiftVoucherRead:
    return GiftVoucherRead(
        id=voucher.id, kind=voucher.kind,  # type: ignore[arg-type]
        label=voucher.label, code_prefix=voucher.code_prefix, card_number=voucher.card_number,
        funded_total=voucher.funded_total, balance=voucher.balance,
        status=voucher.status,  # type: ignore[arg-type]
        expires_at=voucher.expires_at, is_expired=gift.is_expired(voucher.expires_at, clock.now()),
        created_at=voucher.created_at, updated_at=voucher.updated_at,
    )


def get_voucher(*, session: Session, program_id: int, voucher_id: int, kind: str = gift.VOUCHER) -> GiftVoucher:
    """One voucher (or, with kind="bonus_card", one card) of the program; 404 for anything else."""
    voucher = repository.get_voucher(session, voucher_id=voucher_id, program_id=program_id, kind=kind)
    if voucher is None:
        what = "Bonus card" if kind == gift.BONUS_CARD else "Gift voucher"
        raise NotFound(f"{what} {voucher_id} does not exist.", code=f"{kind}_not_found")
    return voucher


def list_vouchers(*, session: Session, program_id: int, kind: str = gift.VOUCHER, label: str | None = None,
                  status: str | None = None, before_id: int | None = None,
                  limit: int = 50) -> Slice[GiftVoucherRead]:
    """Vouchers (or bonus cards) newest first, paged by id; never their codes or PINs."""
    paging.check_limit(limit)
    rows = repository.list_vouchers(session, program_id=program_id, kind=kind, label=label, status=status,
                                    before_id=before_id, limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda voucher: voucher.id).map(voucher_read)


def movements(*, session: Session, program_id: int, voucher_id: int, kind: str = gift.VOUCHER,
              before_id: int | None = None, limit: int = 50) -> Slice[GiftMovementRead]:
    """A balance's movements, newest first, paged by id: what was issued, topped up, spent,
    returned, cancelled."""
    paging.check_limit(limit)
    voucher = get_voucher(session=session, program_id=program_id, voucher_id=voucher_id, kind=kind)
    rows = repository.movements(session, voucher_id=voucher.id, before_id=before_id, limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda movement: movement.id).map(GiftMovementRead.model_validate)


# --- gift vouchers ------------------------------------------------------------------------------


def issue_vouchers(*, session: Session, program: Program, data: GiftVoucherBatchCreate,
                   actor: str) -> GiftVoucherBatchRead:
    """Issue `count` vouchers of `value` points under one label. The codes are in the answer and
    nowhere else: only their SHA-256 and visible prefix are stored."""
    _check_future(data.expires_at)
    now = clock.now()
    codes: dict[str, str] = {}
    while len(codes) < data.count:
        code = gift.generate_code()
        codes[gift.code_hash(code)] = code
    rows = [{"program_id": program.id, "kind": gift.VOUCHER, "label": data.label, "code_hash": code_hash,
             "code_prefix": gift.visible_prefix(code), "card_number": None, "pin_hash": None,
             "funded_total": data.value, "balance": data.value, "status": gift.ACTIVE, "expires_at": data.expires_at,
             "created_at": now, "updated_at": now} for code_hash, code in codes.items()]
    ids = repository.insert_vouchers(session, rows)
    repository.insert_movements(session, [
        {"program_id": program.id, "voucher_id": voucher_id, "kind": gift.ISSUE, "amount": data.value,
         "balance_after": data.value, "redemption_id": None, "actor": actor[:200], "note": data.label[:500],
         "created_at": now} for voucher_id in ids])
    events.record(session=session, program_id=program.id, type="gift_voucher_batch.issued", actor=actor,
                  payload={"label": data.label, "count": data.count, "value": data.value,
                           "first_voucher_id": ids[0], "last_voucher_id": ids[-1],
                           "expires_at": data.expires_at.isoformat() if data.expires_at else None})
    return GiftVoucherBatchRead(
        label=data.label, count=data.count, value=data.value, expires_at=data.expires_at,
        vouchers=[IssuedVoucherRead(id=voucher_id, code=code, code_prefix=gift.visible_prefix(code))
                  for voucher_id, code in zip(ids, codes.values(), strict=True)])


def cancel_voucher(*, session: Session, program: Program, voucher_id: int, data: GiftVoucherCancel,
                   actor: str) -> GiftVoucher:
    """Cancel a voucher: it no longer signs in and what was left on it is written off (one
    `cancel` movement). Cancelling a cancelled voucher changes nothing."""
    voucher = repository.get_voucher(session, voucher_id=voucher_id, program_id=program.id, kind=gift.VOUCHER,
                                     lock=True)
    if voucher is None:
        raise NotFound(f"Gift voucher {voucher_id} does not exist.", code="voucher_not_found")
    if voucher.status == gift.CANCELLED:
        return voucher
    left = voucher.balance
    if not repository.empty_and_cancel(session, voucher_id=voucher.id, expected_balance=left, now=clock.now()):
        raise Conflict("The voucher changed while it was being cancelled; try again.", code="voucher_changed")
    if left:
        repository.insert_movements(session, [_movement(voucher, kind=gift.CANCEL, amount=-left, balance_after=0,
                                                        actor=actor, note=data.reason)])
    events.record(session=session, program_id=program.id, type="gift_voucher.cancelled", actor=actor,
                  payload={"voucher_id": voucher.id, "balance_written_off": left, "reason": data.reason})
    return get_voucher(session=session, program_id=program.id, voucher_id=voucher.id)


# --- bonus cards --------------------------------------------------------------------------------


def create_bonus_card(*, session: Session, program: Program, data: BonusCardCreate,
                      actor: str) -> IssuedBonusCardRead:
    """A card with a new Luhn-checked number, a PIN (given, or generated and returned once) and
    its first funding."""
    _check_future(data.expires_at)
    pin = data.pin or gift.generate_pin()
    prefix = data.number_prefix or program.card_prefix
    now = clock.now()
    card: GiftVoucher | None = None
    for _attempt in range(CARD_NUMBER_ATTEMPTS):
        number = gift.generate_card_number(prefix)
        if repository.card_numbers_taken(session, [number]):
            continue
        candidate = GiftVoucher(program_id=program.id, kind=gift.BONUS_CARD, label=data.label, card_number=number,
                                pin_hash=_pins.hash(pin), funded_total=data.value, balance=data.value,
                                status=gift.ACTIVE, expires_at=data.expires_at, created_at=now, updated_at=now)
        try:
            # A savepoint: a number another request took at this very moment is simply drawn again.
            with session.begin_nested():
                repository.add(session, candidate)
        except IntegrityError:
            continue
        card = candidate
        break
    if card is None:
        raise Conflict(f"The card number space of prefix {prefix} is nearly full; use another prefix.",
                       code="card_numbers_exhausted", field="number_prefix")
    if data.value:
        repository.insert_movements(session, [_movement(card, kind=gift.ISSUE, amount=data.value,
                                                        balance_after=data.value, actor=actor, note=data.label)])
    events.record(session=session, program_id=program.id, type="bonus_card.created", actor=actor,
                  payload={"card_id": card.id, "label": card.label, "value": data.value,
                           "number_last4": number[-4:]})
    return IssuedBonusCardRead(card=voucher_read(card), pin=None if data.pin else pin)


def top_up_card(*, session: Session, program: Program, card_id: int, data: BonusCardTopUp,
                actor: str) -> GiftVoucher:
    """Add funds to a card (a blocked one too: blocking stops spending, not funding)."""
    card = get_voucher(session=session, program_id=program.id, voucher_id=card_id, kind=gift.BONUS_CARD)
    balance = repository.credit(session, voucher_id=card.id, amount=data.amount, now=clock.now(), is_funding=True)
    if balance is None:
        raise Conflict("This card is cancelled and cannot be funded.", code="bonus_card_cancelled")
    repository.insert_movements(session, [_movement(card, kind=gift.TOP_UP, amount=data.amount,
                                                    balance_after=balance, actor=actor, note=data.note)])
    events.record(session=session, program_id=program.id, type="bonus_card.topped_up", actor=actor,
                  payload={"card_id": card.id, "amount": data.amount, "balance": balance, "note": data.note})
    return get_voucher(session=session, program_id=program.id, voucher_id=card.id, kind=gift.BONUS_CARD)


def set_card_blocked(*, session: Session, program: Program, card_id: int, blocked: bool, actor: str) -> GiftVoucher:
    """Block a card (it no longer signs in or spends; its balance stays) or unblock it.
    Asking for the state it is already in changes nothing."""
    card = get_voucher(session=session, program_id=program.id, voucher_id=card_id, kind=gift.BONUS_CARD)
    current, wanted = (gift.ACTIVE, gift.BLOCKED) if blocked else (gift.BLOCKED, gift.ACTIVE)
    if card.status == wanted:
        return card
    if not repository.set_status(session, voucher_id=card.id, current=current, wanted=wanted, now=clock.now()):
        raise Conflict(f"This card is {card.status}; it cannot become {wanted}.", code="bonus_card_changed")
    events.record(session=session, program_id=program.id, type="bonus_card.blocked" if blocked else
                  "bonus_card.unblocked", actor=actor, payload={"card_id": card.id, "balance": card.balance})
    return get_voucher(session=session, program_id=program.id, voucher_id=card.id, kind=gift.BONUS_CARD)


# --- signing in on the gift page ----------------------------------------------------------------


def sign_in(*, session: Session, secret: str, pin: str | None = None) -> int:
    """The id of the voucher or card `secret` names, if it can be used now.

    `secret` is a voucher code or a bonus card number (told apart by shape: 16 Luhn-valid
    digits are a card); a card also needs its PIN. Every refusal is the same SignInRefused
    for its kind (unknown, expired, cancelled, blocked, wrong PIN), and a card number that
    does not exist costs the same Argon2 check as a wrong PIN.
    """
    number = gift.normalize_card_number(secret)
    if number is not None:
        return _sign_in_card(session, number, pin or "")
    canonical = gift.normalize_code(secret)
    voucher = repository.by_code_hash(session, gift.code_hash(canonical)) if canonical else None
    if voucher is None or voucher.kind != gift.VOUCHER or not gift.is_usable(voucher.status, voucher.expires_at,
                                                                           clock.now()):
        raise SignInRefused(gift.VOUCHER_REFUSED, field="code")
    return voucher.id


def _sign_in_card(session: Session, number: str, pin: str) -> int:
    card = repository.by_card_number(session, number)
    stored = card.pin_hash if card is not None and card.pin_hash else _unknown_card_hash()
    try:
        matches = _pins.verify(stored, pin) and gift.is_valid_pin(pin)
    except (VerificationError, InvalidHashError):
        matches = False
    if card is None or not matches or not gift.is_usable(card.status, card.expires_at, clock.now()):
        raise SignInRefused(gift.CARD_REFUSED, field="pin")
    return card.id


def _usable(session: Session, voucher_id: int, *, lock: bool = False) -> GiftVoucher:
    """The signed-in voucher, if it can still be used; SignInRefused sends its holder back to sign in."""
    voucher = repository.get_voucher(session, voucher_id=voucher_id, lock=lock)
    if voucher is None or not gift.is_usable(voucher.status, voucher.expires_at, clock.now()):
        kind = voucher.kind if voucher is not None else gift.VOUCHER
        raise SignInRefused(gift.CARD_REFUSED if kind == gift.BONUS_CARD else gift.VOUCHER_REFUSED)
    return voucher


def _holder_read(voucher: GiftVoucher, program: Program) -> GiftHolderRead:
    return GiftHolderRead(
        voucher_id=voucher.id, kind=voucher.kind,  # type: ignore[arg-type]
        display_name=gift.display_name(voucher.kind, code_prefix=voucher.code_prefix,
                                       card_number=voucher.card_number),
        label=voucher.label, program_name=program.name, program_timezone=program.timezone, balance=voucher.balance,
        expires_at=voucher.expires_at)


def holder(*, session: Session, voucher_id: int) -> GiftHolderRead:
    """The signed-in balance as its holder sees it; SignInRefused once it can no longer be used."""
    voucher = _usable(session, voucher_id)
    return _holder_read(voucher, programs.get_program(session=session, program_id=voucher.program_id))


# --- the catalogue a gift can buy from ----------------------------------------------------------


def _terms(reward: Reward, pool_remaining: dict[int, int]) -> RewardTerms:
    return RewardTerms(
        kind=reward.kind, unit=reward.unit, points_price=reward.points_price,
        available=domain.available_stock(reward.stock, pool_remaining.get(reward.code_pool_id or 0)),
        redeemed_count=reward.redeemed_count, limit_total=reward.limit_total,
        limit_per_member=reward.limit_per_member, starts_at=reward.starts_at, ends_at=reward.ends_at,
        eligible_tiers=reward.eligible_tiers or [],
    )


def _gift_terms(reward: Reward) -> gift.GiftTerms:
    return gift.GiftTerms(kind=reward.kind, unit=reward.unit, money_price=reward.money_price_minor,
                          eligible_tiers=reward.eligible_tiers or [])


def _for_a_gift(refusal: Refusal, balance: int, price: int) -> Refusal:
    """The rewards domain speaks of members; a gift's holder is not one."""
    if refusal.code == "insufficient_points":
        return Refusal(refusal.code, f"Needs {price} points; this gift has {balance} left.")
    if refusal.code == "member_limit_reached":
        return Refusal(refusal.code, "This gift has already taken this reward as often as the reward allows.")
    return refusal


def _refusals(voucher: GiftVoucher, reward: Reward, held: int, pool_remaining: dict[int, int],
              program: Program) -> list[Refusal]:
    position = MemberPosition(balance=voucher.balance, redeemed=held, tier=None)
    found = domain.refusals(_terms(reward, pool_remaining), position, now=clock.now(), timezone=program.timezone)
    return [_for_a_gift(refusal, voucher.balance, reward.points_price) for refusal in found]


def catalogue(*, session: Session, voucher_id: int, language: str | None = None) -> GiftCatalogueRead:
    """The rewards this gift can take now, cheapest first: active, valid, in stock, within its
    balance and its per-person limit, and of a kind a non-member can receive."""
    voucher = _usable(session, voucher_id)
    program = programs.get_program(session=session, program_id=voucher.program_id)
    active_causes = {cause.id for cause in rewards_repository.list_causes(session, program_id=program.id)
                     if cause.is_active}
    candidates = [reward for reward in rewards_repository.catalogue_rewards(session, program_id=program.id)
                  if gift.not_for_gifts(_gift_terms(reward)) is None
                  and (reward.cause_id is None or reward.cause_id in active_causes)]
    remaining = rewards_repository.pools_remaining(
        session, pool_ids=[reward.code_pool_id for reward in candidates if reward.code_pool_id is not None])
    held = repository.held_by_voucher(session, voucher_id=voucher.id, reward_ids=[r.id for r in candidates])
    wanted = language or program.locale
    items = [
        GiftCatalogueItemRead(
            reward_id=reward.id, kind=reward.kind,  # type: ignore[arg-type]
            name=domain.localized(reward.names, wanted, program.locale) or "",
            description=domain.localized(reward.descriptions or {}, wanted, program.locale),
            image_urls=domain.localized_images(reward.images_by_language or {}, reward.image_urls or [], wanted),
            points_price=reward.points_price,
            available=domain.available_stock(reward.stock, remaining.get(reward.code_pool_id or 0)),
            needs_address=reward.kind == PHYSICAL)
        for reward in candidates if not _refusals(voucher, reward, held.get(reward.id, 0), remaining, program)
    ]
    return GiftCatalogueRead(holder=_holder_read(voucher, program), language=wanted, items=items)


def catalogue_item(*, session: Session, voucher_id: int, reward_id: int,
                   language: str | None = None) -> GiftCatalogueItemRead:
    """One reward of the gift's catalogue; 404 when the gift cannot take it now (or it is another program's)."""
    for item in catalogue(session=session, voucher_id=voucher_id, language=language).items:
        if item.reward_id == reward_id:
            return item
    raise NotFound("This reward is not available for this gift.", code="reward_not_found")


# --- redeeming ----------------------------------------------------------------------------------


def _refusal_error(refusal: Refusal, everything: Sequence[Refusal] = ()) -> Conflict:
    reasons = [{"code": r.code, "message": r.message} for r in (everything or [refusal])]
    return Conflict(refusal.message, code=refusal.code, details={"reasons": reasons})


def _delivery(reward: Reward, data: GiftRedemptionCreate) -> tuple[str | None, dict[str, Any] | None]:
    if reward.kind != PHYSICAL:
        if data.delivery_address is not None:
            raise Invalid("Only physical items are delivered; leave the address out.", code="not_applicable",
                          field="delivery_address")
        return None, None
    if not data.recipient_name:
        raise Invalid("Say who the parcel is for.", code="recipient_name_required", field="recipient_name")
    address = data.delivery_address.model_dump(exclude_none=True) if data.delivery_address else {}
    for required in ("line1", "city", "country"):
        if not address.get(required):
            raise Invalid("A physical item needs a delivery address with at least the street, city and country.",
                          code="delivery_address_required", field=f"delivery_address.{required}")
    return data.recipient_name, address


def _refuse_unusable(voucher: GiftVoucher) -> None:
    if voucher.status == gift.CANCELLED:
        raise Conflict("This gift voucher has been cancelled.", code="gift_cancelled")
    if voucher.status == gift.BLOCKED:
        raise Conflict("This bonus card is blocked.", code="gift_blocked")
    if gift.is_expired(voucher.expires_at, clock.now()):
        raise Conflict("This gift has expired.", code="gift_expired")


def redeem(*, session: Session, voucher_id: int, data: GiftRedemptionCreate,
           actor: str | None = None) -> GiftRedemption:
    """Take a reward with the gift's balance: the balance, the stock and any partner code in
    the caller's transaction, or nothing.

    Idempotent by `data.request_key`: the same key again returns the first redemption
    (another reward under it is 409 `idempotency_mismatch`). Refusals are 409 with the
    reason's code (insufficient_points, out_of_stock, total_limit_reached,
    member_limit_reached, outside_validity, reward_inactive, reward_not_for_gifts,
    gift_expired, gift_cancelled, gift_blocked) and every reason in `details.reasons`.
    """
    voucher = repository.get_voucher(session, voucher_id=voucher_id, lock=True)
    if voucher is None:
        raise NotFound(f"Gift voucher {voucher_id} does not exist.", code="voucher_not_found")
    earlier = repository.redemption_by_request(session, voucher_id=voucher.id, request_key=data.request_key)
    if earlier is not None:
        if earlier.reward_id != data.reward_id:
            raise IdempotencyMismatch("form token")
        return earlier
    _refuse_unusable(voucher)
    program = programs.get_program(session=session, program_id=voucher.program_id)
    reward = rewards.get_reward(session=session, program_id=program.id, reward_id=data.reward_id)
    if not reward.is_active:
        raise Conflict("This reward has been withdrawn from the catalogue.", code="reward_inactive")
    why_not = gift.not_for_gifts(_gift_terms(reward))
    if why_not is not None:
        raise Conflict(why_not, code="reward_not_for_gifts")
    if reward.cause_id is not None and not rewards.get_cause(session=session, program_id=program.id,
                                                             cause_id=reward.cause_id).is_active:
        raise Conflict("This cause no longer takes donations.", code="cause_inactive")
    recipient, address = _delivery(reward, data)
    remaining = rewards_repository.pools_remaining(session, pool_ids=[reward.code_pool_id] if reward.code_pool_id
                                                   else [])
    held = repository.held_by_voucher(session, voucher_id=voucher.id, reward_ids=[reward.id]).get(reward.id, 0)
    found = _refusals(voucher, reward, held, remaining, program)
    if found:
        raise _refusal_error(found[0], found)
    return _take(session, program, voucher, reward, data=data, recipient=recipient, address=address,
                 actor=actor or holder_actor(voucher))


def _take(session: Session, program: Program, voucher: GiftVoucher, reward: Reward, *, data: GiftRedemptionCreate,
          recipient: str | None, address: dict[str, Any] | None, actor: str) -> GiftRedemption:
    """The writes of a gift redemption, in lock order (voucher, reward, code); raises when a
    guarded statement loses, and the caller's rollback undoes the rest."""
    now = clock.now()
    price = reward.points_price
    balance_after = repository.debit(session, voucher_id=voucher.id, amount=price, now=now)
    if balance_after is None:
        raise InsufficientPoints(available=voucher.balance, requested=price)
    if not rewards_repository.consume_reward(session, reward_id=reward.id):
        fresh = rewards.get_reward(session=session, program_id=program.id, reward_id=reward.id)
        if fresh.stock is not None and fresh.stock <= 0:
            raise _refusal_error(Refusal("out_of_stock", "Out of stock."))
        raise _refusal_error(Refusal("total_limit_reached", "All redemptions this reward allows have been made."))
    name_language = domain.pick_language(reward.names, data.language, program.locale) or program.locale
    status = domain.initial_status(reward.kind)
    redemption = GiftRedemption(
        program_id=program.id, voucher_id=voucher.id, reward_id=reward.id, request_key=data.request_key,
        kind=reward.kind, status=status, reward_name=reward.names.get(name_language, "")[:200],
        language=name_language, points=price, recipient_name=recipient, delivery_address=address,
        status_history=[{"status": status, "at": now.isoformat(), "actor": actor, "note": None}],
        created_at=now, updated_at=now,
    )
    if reward.kind == E_VOUCHER:
        assert reward.code_pool_id is not None
        # The rewards domain's own hand-out: the next unused code, and its low-pool warning.
        redemption.pool_code_id, redemption.code = rewards.hand_out_code(session, program, reward.code_pool_id,
                                                                          actor)
    elif reward.kind == DONATION:
        assert reward.cause_id is not None
        redemption.cause_id = reward.cause_id
        rewards_repository.add_donation(session, cause_id=reward.cause_id, points=price)
    repository.add(session, redemption)
    repository.insert_movements(session, [_movement(voucher, kind=gift.SPEND, amount=-price,
                                                    balance_after=balance_after, actor=actor,
                                                    redemption_id=redemption.id)])
    events.record(session=session, program_id=program.id, type="gift_reward.redeemed", actor=actor,
                  payload={"redemption_id": redemption.id, "voucher_id": voucher.id, "voucher_kind": voucher.kind,
                           "reward_id": reward.id, "kind": reward.kind, "points": price,
                           "balance_after": balance_after, "status": status, "cause_id": redemption.cause_id})
    return redemption


# --- redemptions after the fact -----------------------------------------------------------------


def redemption_read(redemption: GiftRedemption) -> GiftRedemptionRead:
    return GiftRedemptionRead(
        id=redemption.id, receipt_number=gift.receipt_number(redemption.id, redemption.created_at),
        voucher_id=redemption.voucher_id, reward_id=redemption.reward_id,
        kind=redemption.kind,  # type: ignore[arg-type]
        reward_name=redemption.reward_name,
        status=redemption.status,  # type: ignore[arg-type]
        allowed_transitions=list(domain.allowed_transitions(redemption.kind, redemption.status)),
        points=redemption.points, code=redemption.code, cause_id=redemption.cause_id,
        recipient_name=redemption.recipient_name, delivery_address=redemption.delivery_address,
        history=[StatusEntryRead.model_validate(entry) for entry in redemption.status_history or []],
        created_at=redemption.created_at, updated_at=redemption.updated_at,
    )


def holder_redemption(*, session: Session, voucher_id: int, redemption_id: int) -> GiftRedemption:
    """One of this gift's redemptions; 404 for any other, whoever's it is."""
    redemption = repository.get_redemption(session, redemption_id=redemption_id, voucher_id=voucher_id)
    if redemption is None:
        raise NotFound(f"Redemption {redemption_id} does not exist.", code="redemption_not_found")
    return redemption


def holder_redemptions(*, session: Session, voucher_id: int) -> list[GiftRedemptionRead]:
    """This gift's latest redemptions, newest first."""
    return [redemption_read(row) for row in repository.voucher_redemptions(session, voucher_id=voucher_id,
                                                                           limit=HOLDER_REDEMPTIONS_SHOWN)]


def get_redemption(*, session: Session, program_id: int, redemption_id: int) -> GiftRedemption:
    redemption = repository.get_redemption(session, redemption_id=redemption_id, program_id=program_id)
    if redemption is None:
        raise NotFound(f"Gift redemption {redemption_id} does not exist.", code="redemption_not_found")
    return redemption


def list_redemptions(*, session: Session, program_id: int, status: str | None = None, before_id: int | None = None,
                     limit: int = 50) -> Slice[GiftRedemptionRead]:
    """The program's gift redemptions, newest first, paged by id (`status="requested"` is the
    parcels to send)."""
    paging.check_limit(limit)
    rows = repository.program_redemptions(session, program_id=program_id, status=status, before_id=before_id,
                                          limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda redemption: redemption.id).map(redemption_read)


def change_redemption_status(*, session: Session, program: Program, redemption_id: int, data: StatusChange,
                             actor: str) -> GiftRedemption:
    """Move a physical gift along requested → confirmed → shipped → delivered, or cancel it
    before it ships, which gives back the stock and the points to the voucher (unless the
    voucher itself was cancelled meanwhile: then its value stays written off). Of two
    concurrent changes from one status only one succeeds, so nothing is given back twice."""
    redemption = get_redemption(session=session, program_id=program.id, redemption_id=redemption_id)
    current = redemption.status
    domain.check_transition(redemption.kind, current, data.status)
    now = clock.now()
    history = [*(redemption.status_history or []),
               {"status": data.status, "at": now.isoformat(), "actor": actor, "note": data.note}]
    if not repository.set_redemption_status(session, redemption_id=redemption.id, current=current,
                                            wanted=data.status, history=history, now=now):
        fresh = get_redemption(session=session, program_id=program.id, redemption_id=redemption.id)
        domain.check_transition(fresh.kind, fresh.status, data.status)
        raise Conflict("The redemption changed while this request was made; read it and try again.",
                       code="redemption_changed")
    payload: dict[str, Any] = {"redemption_id": redemption.id, "voucher_id": redemption.voucher_id,
                               "reward_id": redemption.reward_id, "from": current, "to": data.status,
                               "note": data.note}
    if data.status == CANCELLED:
        returned = 0
        balance = repository.credit(session, voucher_id=redemption.voucher_id, amount=redemption.points, now=now,
                                    is_funding=False)
        if balance is not None:
            voucher = repository.get_voucher(session, voucher_id=redemption.voucher_id)
            assert voucher is not None
            repository.insert_movements(session, [_movement(
                voucher, kind=gift.RETURN, amount=redemption.points, balance_after=balance, actor=actor,
                note=f"Redemption {gift.receipt_number(redemption.id, redemption.created_at)} cancelled",
                redemption_id=redemption.id)])
            returned = redemption.points
        rewards_repository.release_reward(session, reward_id=redemption.reward_id)
        payload["points_returned"] = returned
    events.record(session=session, program_id=program.id, type=f"gift_redemption.{data.status}", actor=actor,
                  payload=payload)
    return get_redemption(session=session, program_id=program.id, redemption_id=redemption.id)


# --- receipts -----------------------------------------------------------------------------------


def _receipt(session: Session, redemption: GiftRedemption) -> tuple[str, bytes]:
    voucher = repository.get_voucher(session, voucher_id=redemption.voucher_id)
    assert voucher is not None
    program = programs.get_program(session=session, program_id=redemption.program_id)
    cause_name = None
    if redemption.cause_id is not None:
        cause_name = rewards.get_cause(session=session, program_id=program.id, cause_id=redemption.cause_id).name
    number = gift.receipt_number(redemption.id, redemption.created_at)
    data = gift_receipt.GiftReceiptData(
        receipt_number=number, program_name=program.name, timezone=program.timezone, issued_at=redemption.created_at,
        paid_with=gift.display_name(voucher.kind, code_prefix=voucher.code_prefix, card_number=voucher.card_number),
        label=voucher.label, reward_name=redemption.reward_name, kind=redemption.kind, status=redemption.status,
        points=redemption.points,
        balance_after=repository.spend_balance_after(session, redemption_id=redemption.id),
        code=redemption.code, cause_name=cause_name, recipient_name=redemption.recipient_name,
        delivery_address=gift.address_lines(redemption.delivery_address),
    )
    return number, gift_receipt.render(data)


def holder_receipt_pdf(*, session: Session, voucher_id: int, redemption_id: int) -> tuple[str, bytes]:
    """(receipt number, PDF) of one of this gift's redemptions; 404 for anyone else's."""
    return _receipt(session, holder_redemption(session=session, voucher_id=voucher_id, redemption_id=redemption_id))


def receipt_pdf(*, session: Session, program_id: int, redemption_id: int) -> tuple[str, bytes]:
    """(receipt number, PDF) of one of the program's gift redemptions."""
    return _receipt(session, get_redemption(session=session, program_id=program_id, redemption_id=redemption_id))


# --- proof ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GiftVerifyReport:
    vouchers_checked: int
    problems: list[str]


def verify_gift_balances(session: Session, *, limit: int = VERIFY_LIMIT) -> list[str]:
    """Every broken invariant of gift balances over the whole database, at most `limit` (read-only):
    a balance that is not the sum of its movements, a funded total that is not the sum of its
    issues and top-ups, a redemption whose spend movement did not take exactly its price.
    Empty when all hold."""
    problems: list[str] = []
    for voucher_id, program_id, balance, total in repository.mismatched_balances(session, limit):
        problems.append(f"gift voucher {voucher_id} (program {program_id}) holds {balance} "
                        f"but its movements sum to {total}")
    for voucher_id, funded, total in repository.mismatched_funding(session, limit):
        problems.append(f"gift voucher {voucher_id} counts {funded} funded but its issues and top-ups sum to {total}")
    for redemption_id, points, taken in repository.unpaid_redemptions(session, limit):
        problems.append(f"gift redemption {redemption_id} cost {points} points but its spend movement took {taken}")
    return problems[:limit]


def verify_report(session: Session, *, limit: int = VERIFY_LIMIT) -> GiftVerifyReport:
    return GiftVerifyReport(vouchers_checked=repository.count_vouchers(session),
                            problems=verify_gift_balances(session, limit=limit))
