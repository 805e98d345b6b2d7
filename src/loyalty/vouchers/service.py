"""Vouchers and coupons: campaigns, their codes, and the checkout's validate / redeem / rollback.

Every function works in the caller's session and never commits; each change of state
writes its event row in the same transaction.

Redeeming checks every code first, then consumes, in this order and each with the
statement that checks it:
1. the member's limit per campaign: INSERT INTO voucher_member_usage … uses = n ON CONFLICT
   DO UPDATE SET uses = uses + n WHERE uses + n <= max_uses_per_member (campaigns in id order);
2. each code's uses and a gift card's balance: UPDATE voucher_codes SET uses = uses + 1,
   balance_minor = balance_minor - g WHERE uses < max_uses AND balance_minor >= g (codes in
   id order; a gift card's row is locked and re-read first, so it pays what is left);
3. a limited campaign's total: UPDATE voucher_campaigns SET uses_total = uses_total + n
   WHERE max_uses_total IS NOT NULL RETURNING uses_total <= max_uses_total (campaigns in id
   order; given back at once when it does not fit), last, so the one row every redemption
   of the campaign updates is locked only from there to the commit. Unlimited campaigns
   keep no running count (their row is never locked by a redemption); their total is
   counted from the live redemptions when read, and recounted when a limit is set.
A failed guard rolls the whole redemption back to its SAVEPOINT (or, for a caller that
rolls back its whole unit of work on an error, to the start of it) and raises, so nothing is
half-used. The code, its campaign's terms and the member's usage are read once, together.
Every redemption and rollback takes its locks in this one order (usage rows, codes,
campaigns), so two of them never wait on each other in a circle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.conditions import mentions
from loyalty.kernel.errors import Conflict, DomainError, Invalid, NotFound
from loyalty.kernel.exported import row_values
from loyalty.kernel.paging import Slice
from loyalty.ledger.domain import split_proportionally
from loyalty.members import service as members
from loyalty.members.models import Member
from loyalty.programs.models import Program
from loyalty.rules import service as rules
from loyalty.rules.domain import Facts, LineFacts
from loyalty.segment_membership.lookup import SEGMENTS_FIELD, check_segment_mentions
from loyalty.vouchers import domain, repository
from loyalty.vouchers.domain import (
    GIFT_CARD,
    POINTS_MULTIPLIER,
    Basket,
    BasketState,
    CodePattern,
    CodeState,
    Discount,
    Refusal,
    Terms,
)
from loyalty.vouchers.models import VoucherCampaign, VoucherCode, VoucherCodeBatch, VoucherRedemption
from loyalty.vouchers.schemas import CampaignCreate, CampaignRead, CampaignUpdate, MemberVoucherRead

# Campaign columns set from the API's fields (the API speaks `amount`, the table `amount_minor`).
FIELD_COLUMNS = {
    "name": "name", "description": "description", "amount": "amount_minor", "percent": "percent",
    "max_discount": "max_discount_minor", "sku": "sku", "free_quantity": "free_quantity", "factor": "factor",
    "condition": "condition", "line_condition": "line_condition", "starts_at": "starts_at", "ends_at": "ends_at",
    "max_uses_per_code": "max_uses_per_code", "max_uses_per_member": "max_uses_per_member",
    "max_uses_total": "max_uses_total",
}
CODE_INSERT_CHUNK = 1000
# A run of draws that all collide means the pattern's space is nearly full, not bad luck
# (the code-space check keeps it at most one in a million full).
MAX_COLLISION_ROUNDS = 20
FIRST_PURCHASE_FIELD = "purchase.is_first_purchase"

FirstPurchase = Callable[[], bool]


# --- campaigns -----------------------------------------------------------------------------


def _columns(data: Mapping[str, Any]) -> dict[str, Any]:
    return {FIELD_COLUMNS[name]: value for name, value in data.items() if name in FIELD_COLUMNS}


def _check(columns: Mapping[str, Any]) -> None:
    domain.check_campaign(columns)


# The campaign columns that hold conditions, and so may name tier codes.
CONDITION_COLUMNS = ("condition", "line_condition")


def _check_tier_codes(session: Session, program: Program, columns: Mapping[str, Any]) -> None:
    rules.check_tier_mentions(session=session, program=program, mentions=domain.campaign_tier_mentions(columns))
    for name in CONDITION_COLUMNS:
        check_segment_mentions(session, program_id=program.id, tree=columns.get(name), field=name)


def create_campaign(*, session: Session, program: Program, data: CampaignCreate, actor: str) -> VoucherCampaign:
    """A new active campaign. Invalid (naming the field) when its terms do not fit its kind, or
    its conditions name a tier code the program has no level for (`unknown_tier`)."""
    columns = _columns(data.model_dump())
    columns["kind"] = data.kind
    if data.kind == GIFT_CARD and "max_uses_per_code" not in data.model_fields_set:
        columns["max_uses_per_code"] = None
    if data.kind == domain.FREE_PRODUCT and columns.get("free_quantity") is None:
        columns["free_quantity"] = 1
    _check(columns)
    _check_tier_codes(session, program, columns)
    now = clock.now()
    campaign = VoucherCampaign(program_id=program.id, uses_total=0, is_active=True, created_at=now, updated_at=now,
                               **columns)
    repository.add(session, campaign)
    events.record(session=session, program_id=program.id, type="voucher_campaign.created", actor=actor,
                  payload={"campaign_id": campaign.id, "name": campaign.name, "kind": campaign.kind})
    return campaign


def update_campaign(*, session: Session, program: Program, campaign_id: int, data: CampaignUpdate,
                    actor: str) -> VoucherCampaign:
    """Change the fields sent (null clears an optional one); the campaign row is locked so two
    updates build on each other. A new max_uses_per_code is written to the codes first,
    before the campaign row is locked: redemptions lock codes before the campaign, and an
    update taking them the other way round could deadlock with one. An update sending
    `condition` or `line_condition` has the tier codes they name checked as on create."""
    changes = _columns(data.model_dump(exclude_unset=True))
    peek = _campaign(session, program_id=program.id, campaign_id=campaign_id)
    _check({**{column: getattr(peek, column) for column in FIELD_COLUMNS.values()}, **changes, "kind": peek.kind})
    new_limit = changes.get("max_uses_per_code", peek.max_uses_per_code)
    if new_limit != peek.max_uses_per_code:
        repository.set_code_limit(session, campaign_id=peek.id, max_uses=new_limit)
    campaign = _campaign(session, program_id=program.id, campaign_id=campaign_id, lock=True)
    before = {column: getattr(campaign, column) for column in FIELD_COLUMNS.values()}
    after = {**before, **changes, "kind": campaign.kind}
    _check(after)
    if any(column in changes for column in CONDITION_COLUMNS):
        _check_tier_codes(session, program, after)
    changed = sorted(column for column, value in changes.items() if before[column] != value)
    if not changed:
        return campaign
    for column in changed:
        setattr(campaign, column, after[column])
    campaign.updated_at = clock.now()
    session.flush()
    if before["max_uses_total"] is None and campaign.max_uses_total is not None:
        # Redemptions of an unlimited campaign kept no running count; the row lock taken above
        # waits for any still in flight (their rows hold it by foreign key) before counting.
        repository.recount_campaign_uses(session, campaign_id=campaign.id)
        session.refresh(campaign, ["uses_total"])
    if campaign.max_uses_per_code != new_limit:
        repository.set_code_limit(session, campaign_id=campaign.id, max_uses=campaign.max_uses_per_code)
    events.record(session=session, program_id=program.id, type="voucher_campaign.updated", actor=actor,
                  payload={"campaign_id": campaign.id, "changed": changed})
    return campaign


def set_campaign_active(*, session: Session, program: Program, campaign_id: int, is_active: bool,
                        actor: str) -> VoucherCampaign:
    """Stop or resume a campaign (idempotent: no event when it already was)."""
    campaign = _campaign(session, program_id=program.id, campaign_id=campaign_id, lock=True)
    if campaign.is_active == is_active:
        return campaign
    campaign.is_active = is_active
    campaign.updated_at = clock.now()
    session.flush()
    events.record(session=session, program_id=program.id, actor=actor,
                  type="voucher_campaign.activated" if is_active else "voucher_campaign.deactivated",
                  payload={"campaign_id": campaign.id})
    return campaign


def _campaign(session: Session, *, program_id: int, campaign_id: int, lock: bool = False) -> VoucherCampaign:
    campaign = repository.get_campaign(session, program_id=program_id, campaign_id=campaign_id, lock=lock)
    if campaign is None:
        raise NotFound(f"Voucher campaign {campaign_id} does not exist.", code="voucher_campaign_not_found")
    return campaign


def get_campaign(*, session: Session, program_id: int, campaign_id: int) -> VoucherCampaign:
    """The campaign (another program's are invisible: NotFound `voucher_campaign_not_found`)."""
    return _campaign(session, program_id=program_id, campaign_id=campaign_id)


def list_campaigns(*, session: Session, program_id: int, is_active: bool | None = None, after_id: int | None = None,
                   limit: int = 50) -> Slice[VoucherCampaign]:
    """The program's campaigns, oldest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.list_campaigns(session, program_id=program_id, is_active=is_active, after_id=after_id,
                                     limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda campaign: campaign.id)


def campaigns_naming_tier(*, session: Session, program_id: int, code: str) -> list[tuple[int, str]]:
    """(id, name) of the program's campaigns, active or not, whose `condition` or
    `line_condition` names the tier `code`, by id. Reads every campaign of the program (one
    statement): for the rare deletion of a tier level."""
    return [(campaign.id, campaign.name)
            for campaign in repository.list_campaigns(session, program_id=program_id, is_active=None)
            if any(mention.code == code for mention in domain.campaign_tier_mentions(
                {"condition": campaign.condition, "line_condition": campaign.line_condition}))]


def campaign_reads(*, session: Session, program: Program, campaigns: Sequence[VoucherCampaign]) -> list[CampaignRead]:
    """Read models with the campaigns' code counts (one query for all of them)."""
    counts = repository.code_counts(session, campaign_ids=[campaign.id for campaign in campaigns])
    live = repository.live_redemption_counts(
        session, campaign_ids=[campaign.id for campaign in campaigns if campaign.max_uses_total is None])
    return [CampaignRead(
        id=c.id, name=c.name, description=c.description, kind=c.kind, currency=program.currency,
        amount=c.amount_minor, percent=c.percent, max_discount=c.max_discount_minor, sku=c.sku,
        free_quantity=c.free_quantity, factor=c.factor, condition=c.condition, line_condition=c.line_condition,
        starts_at=c.starts_at, ends_at=c.ends_at, max_uses_per_code=c.max_uses_per_code,
        max_uses_per_member=c.max_uses_per_member, max_uses_total=c.max_uses_total,
        uses_total=c.uses_total if c.max_uses_total is not None else live.get(c.id, 0),
        codes=counts.get(c.id, (0, 0))[0], codes_published=counts.get(c.id, (0, 0))[1], is_active=c.is_active,
        created_at=c.created_at, updated_at=c.updated_at,
    ) for c in campaigns]


# --- codes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedBatch:
    batch: VoucherCodeBatch
    guesses_per_hit: int


def _code_row(program_id: int, campaign: VoucherCampaign, batch_id: int, code: str, balance: int | None,
              now: datetime) -> dict[str, Any]:
    if campaign.kind == GIFT_CARD:
        balance = balance if balance is not None else campaign.amount_minor
    return {"program_id": program_id, "campaign_id": campaign.id, "batch_id": batch_id, "code": code,
            "member_id": None, "published_at": None, "uses": 0, "max_uses": campaign.max_uses_per_code,
            "balance_minor": balance, "initial_balance_minor": balance, "created_at": now}


def generate_codes(*, session: Session, program: Program, campaign_id: int, count: int, pattern: CodePattern,
                   actor: str) -> GeneratedBatch:
    """`count` new codes of `pattern`, unique in the program, drawn with `secrets`.

    Refused (Invalid `code_space_too_small`, with the odds) when the program's codes of this
    pattern would let a random guess hit one more often than once in a million tries. A code
    another batch holds (or takes concurrently) is skipped by ON CONFLICT DO NOTHING and drawn again.
    """
    if not 1 <= count <= domain.MAX_BATCH_SIZE:
        raise Invalid(f"count must be between 1 and {domain.MAX_BATCH_SIZE:,}.", code="invalid_count", field="count")
    campaign = _campaign(session, program_id=program.id, campaign_id=campaign_id, lock=True)
    repository.lock_code_space(session, program_id=program.id, pattern=pattern.pattern, charset=pattern.charset)
    existing = repository.issued_with_pattern(session, program_id=program.id, pattern=pattern.pattern,
                                              charset=pattern.charset)
    odds = domain.check_code_space(pattern, existing=existing, count=count)
    now = clock.now()
    batch = VoucherCodeBatch(program_id=program.id, campaign_id=campaign.id, source="generated",
                             pattern=pattern.pattern, charset=pattern.charset, size=count, created_at=now,
                             created_by=actor)
    repository.add(session, batch)
    missing = count
    fruitless_rounds = 0
    while missing:
        drawn = {domain.generate_code(pattern) for _ in range(min(missing, CODE_INSERT_CHUNK))}
        inserted = repository.insert_codes(session, [_code_row(program.id, campaign, batch.id, code, None, now)
                                                     for code in drawn])
        missing -= len(inserted)
        fruitless_rounds = 0 if inserted else fruitless_rounds + 1
        if fruitless_rounds >= MAX_COLLISION_ROUNDS:
            raise Conflict(f"The codes of pattern {pattern.pattern} are nearly all taken; use a longer pattern.",
                           code="voucher_codes_exhausted", field="pattern")
    events.record(session=session, program_id=program.id, type="voucher_codes.generated", actor=actor,
                  payload={"campaign_id": campaign.id, "batch_id": batch.id, "size": count,
                           "pattern": pattern.pattern})
    return GeneratedBatch(batch=batch, guesses_per_hit=odds)


def import_codes(*, session: Session, program: Program, campaign_id: int, csv_text: str,
                 actor: str) -> VoucherCodeBatch:
    """Codes from a CSV file (`code` column; gift cards may add `balance` in minor units).

    All or nothing: any bad line refuses the file with Invalid `invalid_csv`, whose message
    and details name each line at fault (the header is line 1), including codes the program
    already has.
    """
    campaign = _campaign(session, program_id=program.id, campaign_id=campaign_id)
    parsed = domain.parse_codes_csv(csv_text, is_gift_card=campaign.kind == GIFT_CARD)
    taken = repository.existing_codes(session, program_id=program.id, codes=[item.code for item in parsed])
    domain.raise_line_errors([domain.LineError(item.line, f"code {item.code!r} already exists in this program")
                              for item in parsed if item.code in taken])
    now = clock.now()
    batch = VoucherCodeBatch(program_id=program.id, campaign_id=campaign.id, source="imported", size=len(parsed),
                             created_at=now, created_by=actor)
    repository.add(session, batch)
    inserted = repository.insert_codes(session, [_code_row(program.id, campaign, batch.id, item.code,
                                                           item.balance_minor, now) for item in parsed])
    domain.raise_line_errors([domain.LineError(item.line, f"code {item.code!r} was just added by someone else")
                              for item in parsed if item.code not in inserted])
    events.record(session=session, program_id=program.id, type="voucher_codes.imported", actor=actor,
                  payload={"campaign_id": campaign.id, "batch_id": batch.id, "size": len(parsed)})
    return batch


def publish_codes(*, session: Session, program: Program, campaign_id: int, member_ids: Sequence[int],
                  code: str | None = None, actor: str) -> list[VoucherCode]:
    """Give each member one of the campaign's codes nobody holds or has used (oldest first),
    or give one member the code named. Only the holder can then use it. Each member gets a
    `voucher.published` event (carrying the code, for the message that tells them).

    A stopped campaign (409 `voucher_campaign_inactive`) or one that has ended (409
    `voucher_campaign_ended`) publishes nothing: its codes could not be used."""
    if len(set(member_ids)) != len(member_ids):
        raise Invalid("Each member may appear once.", code="duplicate_member", field="members")
    campaign = _campaign(session, program_id=program.id, campaign_id=campaign_id)
    now = clock.now()
    refused = domain.publish_refusal(is_active=campaign.is_active, ends_at=campaign.ends_at, now=now)
    if refused is not None:
        raise Conflict(refused.message, code=refused.code, details={"campaign_id": campaign.id})
    for member_id in member_ids:
        members.ensure_active(members.get_member(session=session, program_id=program.id, member_id=member_id))
    if code is not None:
        row = repository.code_in_campaign(session, campaign_id=campaign.id, code=domain.normalize_code(code))
        if row is None:
            raise NotFound("The campaign has no such code.", code="voucher_not_found", field="code")
        if not repository.assign_code(session, code_id=row.id, member_id=member_ids[0], at=now):
            raise Conflict("This code is already published or used.", code="voucher_already_published",
                           field="code")
        chosen = [row]
    else:
        chosen = list(repository.unpublished_codes(session, campaign_id=campaign.id, limit=len(member_ids)))
        if len(chosen) < len(member_ids):
            raise Conflict(f"The campaign has {len(chosen)} unpublished code(s) for {len(member_ids)} member(s); "
                           "generate or import more.", code="not_enough_codes",
                           details={"available": len(chosen), "needed": len(member_ids)})
        for row, member_id in zip(chosen, member_ids, strict=True):
            if not repository.assign_code(session, code_id=row.id, member_id=member_id, at=now):
                raise Conflict("Another publication took the same code; try again.", code="publish_conflict")
    for row, member_id in zip(chosen, member_ids, strict=True):
        row.member_id, row.published_at = member_id, now
    events.record_many(session=session, rows=[{
        "program_id": program.id, "member_id": member_id, "type": "voucher.published", "actor": actor,
        "payload": {"campaign_id": campaign.id, "code_id": row.id, "code": row.code, "name": campaign.name,
                    "kind": campaign.kind},
    } for row, member_id in zip(chosen, member_ids, strict=True)])
    return chosen


def void_unused_code(*, session: Session, code_id: int, member_id: int) -> str | None:
    """Take back a code given to the member as a reward that is being reversed: voided if not
    used yet (it then reads as used up and any redemption is refused); the code voided, or
    None when it was used already (what it gave stays given)."""
    return repository.void_unused_code(session, code_id=code_id, member_id=member_id)


@dataclass(frozen=True)
class PublishingState:
    """Whether a campaign can publish codes now, and how many it still has to publish (counted
    up to what the caller asked for: `codes_to_publish` of N then means "N or more")."""

    campaign_id: int
    is_active: bool
    ends_at: datetime | None
    codes_to_publish: int


def publishing_states(*, session: Session, program_id: int, campaign_ids: Sequence[int],
                      count_up_to: int | None) -> dict[int, PublishingState]:
    """The publishing state of each of the program's campaigns among `campaign_ids`, in one query
    (what a coupon reward may promise before `publish_codes` is asked).

    `count_up_to` stops counting a campaign's codes there (None counts them all). Say it
    wherever the answer is read often: a campaign may hold hundreds of thousands of codes, and
    only a bounded count costs the same for it as for one with ten."""
    return {campaign_id: PublishingState(campaign_id=campaign_id, is_active=is_active, ends_at=ends_at,
                                         codes_to_publish=count)
            for campaign_id, is_active, ends_at, count in repository.publishing_states(
                session, program_id=program_id, campaign_ids=campaign_ids, count_up_to=count_up_to)}


EXPORT_COLUMNS = ("code", "member_id", "published_at", "uses", "max_uses", "balance", "batch_id")


def export_codes(*, session: Session, program_id: int, campaign_id: int) -> Iterator[list[list[str]]]:
    """The campaign's codes as CSV cells (EXPORT_COLUMNS), a page at a time, in creation order."""
    _campaign(session, program_id=program_id, campaign_id=campaign_id)
    for page in repository.campaign_codes(session, campaign_id=campaign_id):
        yield [["" if value is None else value.isoformat() if isinstance(value, datetime) else str(value)
                for value in row] for row in page]


def member_vouchers(*, session: Session, program: Program, member_id: int, before_id: int | None = None,
                    limit: int = 50) -> Slice[MemberVoucherRead]:
    """The codes published to the member, newest first (paged by code id), each with whether
    it can be used now."""
    paging.check_limit(limit)
    members.get_member(session=session, program_id=program.id, member_id=member_id)
    now = clock.now()
    rows = repository.member_codes(session, program_id=program.id, member_id=member_id, before_id=before_id,
                                   limit=limit + 1)

    def read(row: Any) -> MemberVoucherRead:
        code, campaign = row
        return MemberVoucherRead(
            code=code.code, campaign_id=campaign.id, name=campaign.name, description=campaign.description,
            kind=campaign.kind, status=_status(campaign, code, now), currency=program.currency,
            amount=campaign.amount_minor, percent=campaign.percent, max_discount=campaign.max_discount_minor,
            sku=campaign.sku, factor=campaign.factor, uses=code.uses, max_uses=code.max_uses,
            balance=code.balance_minor, starts_at=campaign.starts_at, ends_at=campaign.ends_at,
            published_at=code.published_at,
        )

    return paging.slice_of(rows, limit, key=lambda row: row[0].id).map(read)


def _status(campaign: VoucherCampaign, code: VoucherCode, now: datetime) -> Any:
    if not campaign.is_active:
        return "inactive"
    if campaign.ends_at is not None and now >= campaign.ends_at:
        return "expired"
    if (code.max_uses is not None and code.uses >= code.max_uses) or \
            (campaign.kind == GIFT_CARD and not code.balance_minor):
        return "used_up"
    if campaign.starts_at is not None and now < campaign.starts_at:
        return "not_yet_valid"
    return "available"


# --- checking codes against a basket ---------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    """What one code does for one basket: refused (with why), or the discount it gives."""

    code: str
    refusal: Refusal | None
    campaign: Terms | None = None
    code_row: CodeState | None = None
    discount: Discount = Discount(0)
    # A gift card's balance when its row was locked to pay (redemptions only).
    gift_card_balance_before: int | None = None

    @property
    def is_valid(self) -> bool:
        return self.refusal is None

    @property
    def factor(self) -> Decimal | None:
        return self.campaign.factor if self.campaign is not None and self.campaign.kind == POINTS_MULTIPLIER \
            else None

    @property
    def gift_card_balance(self) -> int | None:
        return self.code_row.balance_minor if self.code_row is not None and self.campaign is not None \
            and self.campaign.kind == GIFT_CARD else None


def _asks(campaigns: Sequence[Terms], name: str) -> bool:
    """Whether a campaign's condition or line condition (which sees the same facts) looks at `name`."""
    return any(mentions(c.condition, name) or mentions(c.line_condition, name) for c in campaigns)


def _facts(session: Session, program: Program, member: Member | None, basket: Basket,
           campaigns: Sequence[Terms], is_first_purchase: FirstPurchase | None) -> dict[str, Any]:
    """The basket and member as conditions see them. Whether this is the member's first
    purchase, and their tier, cost queries, so they are asked only when a condition mentions them."""
    first = False
    if member is not None and _asks(campaigns, FIRST_PURCHASE_FIELD):
        first = is_first_purchase() if is_first_purchase is not None else \
            not repository.has_purchase_event(session, program_id=program.id, member_id=member.id)
    purchase = rules.purchase_facts(
        program, lines=[LineFacts(line_no=line.line_no, sku=line.sku, name=line.name, category=line.category,
                                  quantity=line.quantity, unit_price_minor=line.unit_price_minor,
                                  amount_minor=line.amount_minor) for line in basket.lines],
        total_minor=basket.total_minor, channel=basket.channel, store=basket.store,
        occurred_at=basket.occurred_at, is_first_purchase=first)
    # The tier costs a query or two: read only when a condition looks at it.
    needs_tier = _asks(campaigns, domain.TIER_FIELD)
    needs_segments = _asks(campaigns, SEGMENTS_FIELD)
    member_part = rules.member_facts(member, program, basket.occurred_at, session=session if needs_tier else None,
                                     segments_session=session if needs_segments else None) \
        if member is not None else None
    facts = Facts(occurred_at=basket.occurred_at, member=member_part, purchase=purchase).flat()
    if member is None:
        facts[FIRST_PURCHASE_FIELD] = None
    return facts


def _normalized(codes: Sequence[str]) -> list[str]:
    normalized = [domain.normalize_code(code) for code in codes]
    repeated = [code for code, seen in Counter(normalized).items() if seen > 1]
    if repeated:
        raise Invalid(f"Code {repeated[0]} is given twice; a code applies once per order.",
                      code="duplicate_voucher_code", field="codes")
    return normalized


def _check_all(session: Session, program: Program, member: Member | None, normalized: Sequence[str],
               found: Mapping[str, tuple[CodeState, Terms, int]], basket: Basket,
               is_first_purchase: FirstPurchase | None, now: datetime) -> list[CodeCheck]:
    """Each code checked and priced in the order the codes apply (gift cards last), each on
    what the ones before it left of the basket. Results come back in the order given."""
    campaigns = [found[code][1] for code in normalized if code in found]
    # Only conditions look at the facts: a plain coupon skips building them.
    facts = _facts(session, program, member, basket, campaigns, is_first_purchase) \
        if any(c.condition is not None or c.line_condition is not None for c in campaigns) else {}
    member_id = member.id if member is not None else None
    member_is_active = member is None or member.status != "blocked"
    state = BasketState.of(basket)
    checks: dict[int, CodeCheck] = {}
    kinds = [found[code][1].kind if code in found else "" for code in normalized]
    for index in domain.application_order(kinds):
        code = normalized[index]
        if code not in found:
            checks[index] = CodeCheck(code=code, refusal=domain.NOT_FOUND)
            continue
        row, terms, member_uses = found[code]
        refused = domain.refusal(terms=terms, code=row, member_id=member_id, member_is_active=member_is_active,
                                 member_uses=member_uses, now=now, facts=facts)
        if refused is domain.NOT_FOUND:
            checks[index] = CodeCheck(code=code, refusal=refused)
            continue
        if refused is not None:
            checks[index] = CodeCheck(code=code, refusal=refused, campaign=terms, code_row=row)
            continue
        discount = domain.discount_for(terms, basket, state, facts, gift_card_balance=row.balance_minor)
        if discount.why_nothing is not None:
            checks[index] = CodeCheck(code=code, campaign=terms, code_row=row, refusal=Refusal(
                "voucher_not_applicable", f"This voucher does not apply to this basket: {discount.why_nothing}."))
            continue
        state.take(discount)
        checks[index] = CodeCheck(code=code, refusal=None, campaign=terms, code_row=row, discount=discount)
    return [checks[index] for index in range(len(normalized))]


def check_codes(*, session: Session, program: Program, member: Member | None, codes: Sequence[str],
                basket: Basket, is_first_purchase: FirstPurchase | None = None) -> list[CodeCheck]:
    """Whether each code can be used by `member` (None: a guest) on `basket` now, and the exact
    discount, in total and per line. Reads only: nothing is used up. A code that does not
    exist and a code published to someone else both answer `voucher_not_found`."""
    normalized = _normalized(codes)
    found = repository.checkout_codes(session, program_id=program.id, member_id=member.id if member else None,
                                      codes=normalized)
    return _check_all(session, program, member, normalized, found, basket, is_first_purchase, clock.now())


# --- redeeming ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AppliedVoucher:
    """A code redeemed for an order, as the purchase records it.

    `discount_minor` and `line_discounts` ({line_no: minor}) are what the code takes off; for
    a gift card they are what it pays (`is_payment`): a means of payment, not a discount.
    `factor` is set for points-multiplier vouchers.
    """

    redemption_id: int
    campaign_id: int
    code: str
    kind: str
    discount_minor: int
    line_discounts: dict[int, int]
    factor: Decimal | None
    gift_card_minor: int
    gift_card_balance_after: int | None
    redeemed_at: datetime

    @property
    def is_payment(self) -> bool:
        return self.kind == GIFT_CARD


def _error(refusal: Refusal, code: str, field: str) -> DomainError:
    details: dict[str, Any] = {"voucher_code": code}
    if refusal.why:
        details["why"] = list(refusal.why)
    kind = NotFound if refusal.code == "voucher_not_found" else Conflict
    return kind(refusal.message, code=refusal.code, field=field, details=details)


def redeem_codes(*, session: Session, program: Program, member: Member | None, codes: Sequence[str],
                 basket: Basket, order_ref: str, actor: str,
                 is_first_purchase: FirstPurchase | None = None, savepoint: bool = True) -> list[AppliedVoucher]:
    """Use the codes on an order, atomically: every limit is consumed by its guarded statement
    (see the module's docstring) inside a SAVEPOINT, so on any refusal nothing is used and the
    caller's transaction is intact. Raises NotFound `voucher_not_found` or Conflict with the
    refusal's code (`voucher_used_up`, `voucher_expired`, `voucher_not_applicable`, …),
    naming the code (`field` is "code" for one code, "codes.<index>" for several).

    `savepoint=False` is for a caller that rolls its whole unit of work back on any error
    (the API's redeem does): nothing of its transaction then outlives a refusal anyway, and
    the SAVEPOINT's two round trips are saved."""
    if not order_ref or len(order_ref) > 128:
        raise Invalid("order_ref must be 1 to 128 characters.", code="invalid_order_ref", field="order_id")
    normalized = _normalized(codes)
    if not normalized:
        return []

    def field(index: int) -> str:
        return "code" if len(normalized) == 1 else f"codes.{index}"

    member_id = member.id if member is not None else None
    found = repository.checkout_codes(session, program_id=program.id, member_id=member_id, codes=normalized)
    for index, code in enumerate(normalized):
        if code not in found or found[code][0].member_id not in (None, member_id):
            raise _error(domain.NOT_FOUND, code, field(index))
    with session.begin_nested() if savepoint else nullcontext():
        now = clock.now()
        checks = _check_all(session, program, member, normalized, found, basket, is_first_purchase, now)
        for index, check in enumerate(checks):
            if check.refusal is not None:
                raise _error(check.refusal, check.code, field(index))
        campaigns = {found[code][1].campaign_id: found[code][1] for code in normalized}
        uses_per_campaign = Counter(found[code][1].campaign_id for code in normalized)

        def first_of(campaign_id: int) -> int:
            return next(i for i, code in enumerate(normalized) if found[code][1].campaign_id == campaign_id)

        if member_id is not None:
            for campaign_id in sorted(uses_per_campaign):
                if not repository.take_member_uses(session, program_id=program.id, campaign_id=campaign_id,
                                                   member_id=member_id, uses=uses_per_campaign[campaign_id],
                                                   limit=campaigns[campaign_id].max_uses_per_member):
                    raise _error(Refusal("voucher_member_limit_reached",
                                         "The member has used this voucher the most times allowed."),
                                 normalized[first_of(campaign_id)], field(first_of(campaign_id)))
        if len(normalized) == 1 and found[normalized[0]][1].kind != GIFT_CARD:
            # The usual checkout, one plain code: its use is taken by the statement that records it.
            applied = _record_redemptions(session, program, member, checks, order_ref, actor, now,
                                          taking_the_use_of=field(0))
        else:
            for index in sorted(range(len(checks)), key=lambda i: found[normalized[i]][0].code_id):
                checks[index] = _use_code(session, checks[index], field(index))
            applied = _record_redemptions(session, program, member, checks, order_ref, actor, now)
        # Last, so the campaign row (which every redemption of the campaign updates) stays
        # locked only from here to the commit.
        for campaign_id in sorted(uses_per_campaign):
            if not repository.take_campaign_uses(session, campaign_id=campaign_id, uses=uses_per_campaign[campaign_id]):
                raise _error(Refusal("voucher_used_up", "This voucher campaign has been fully redeemed."),
                             normalized[first_of(campaign_id)], field(first_of(campaign_id)))
        return applied


def _use_code(session: Session, check: CodeCheck, field: str) -> CodeCheck:
    """Take one use of the code, and for a gift card what it pays, with the guarded UPDATE.

    A gift card's row is locked and its balance read again first: a purchase that committed
    since the check may have spent some of it, and then this one pays what is left (its
    line shares shrink in proportion) rather than failing for want of the whole amount.
    """
    assert check.code_row is not None and check.campaign is not None
    gift = 0
    if check.campaign.kind == GIFT_CARD:
        balance = repository.lock_code_balance(session, code_id=check.code_row.code_id) or 0
        gift = min(check.discount.total_minor, balance)
        if gift == 0:
            raise _error(Refusal("voucher_used_up", "This gift card has no balance left."), check.code, field)
        if gift < check.discount.total_minor:
            check = replace(check, discount=domain.shrink(check.discount, gift))
        check = replace(check, gift_card_balance_before=balance)
    assert check.code_row is not None
    if not repository.take_code_use(session, code_id=check.code_row.code_id, gift_card_minor=gift):
        raise _error(Refusal("voucher_used_up", "This code has just been used up."), check.code, field)
    return check


def _record_redemptions(session: Session, program: Program, member: Member | None, checks: Sequence[CodeCheck],
                        order_ref: str, actor: str, now: datetime,
                        taking_the_use_of: str | None = None) -> list[AppliedVoucher]:
    """Write the redemptions of codes whose uses were taken (`_use_code`) or, with
    `taking_the_use_of` (the field naming the one plain code), take its use with it."""
    rows = []
    for check in checks:
        assert check.campaign is not None and check.code_row is not None
        gift = check.discount.total_minor if check.campaign.kind == GIFT_CARD else 0
        rows.append({
            "program_id": program.id, "campaign_id": check.campaign.campaign_id, "code_id": check.code_row.code_id,
            "member_id": member.id if member else None, "order_ref": order_ref, "kind": check.campaign.kind,
            "currency": program.currency, "discount_minor": check.discount.total_minor,
            "line_discounts": {str(no): minor for no, minor in sorted(check.discount.lines.items())},
            "factor": check.factor, "gift_card_minor": gift, "status": "redeemed", "redeemed_at": now,
            "rolled_back_at": None, "actor": actor,
        })
    if taking_the_use_of is not None:
        recorded = repository.add_redemption_taking_code_use(session, rows[0])
        if recorded is None:
            raise _error(Refusal("voucher_used_up", "This code has just been used up."), checks[0].code,
                         taking_the_use_of)
        ids = [recorded]
    else:
        ids = repository.add_redemptions(session, rows)
    applied = []
    for redemption_id, check in zip(ids, checks, strict=True):
        assert check.campaign is not None and check.code_row is not None
        gift = check.discount.total_minor if check.campaign.kind == GIFT_CARD else 0
        balance_after = check.gift_card_balance_before - gift if check.gift_card_balance_before is not None else None
        applied.append(AppliedVoucher(
            redemption_id=redemption_id, campaign_id=check.campaign.campaign_id, code=check.code,
            kind=check.campaign.kind,
            discount_minor=check.discount.total_minor, line_discounts=dict(sorted(check.discount.lines.items())),
            factor=check.factor, gift_card_minor=gift, gift_card_balance_after=balance_after, redeemed_at=now,
        ))
    events.record_many(session=session, rows=[{
        "program_id": program.id, "member_id": member.id if member else None, "type": "voucher.redeemed",
        "actor": actor, "occurred_at": now,
        "payload": {"redemption_id": item.redemption_id, "campaign_id": item.campaign_id, "kind": item.kind,
                    "order_ref": order_ref, "discount": item.discount_minor, "currency": program.currency,
                    "factor": str(item.factor) if item.factor is not None else None},
    } for item in applied])
    return applied


def redeem_for_purchase(*, session: Session, program: Program, member_id: int | None, codes: Sequence[str],
                        basket: Basket, order_ref: str, actor: str,
                        is_first_purchase: FirstPurchase | None = None) -> list[AppliedVoucher]:
    """The codes a purchase is posted with, redeemed in the purchase's unit of work.

    As `redeem_codes`; `member_id` None is a guest. On a refusal nothing is used (the voucher
    work is rolled back to its SAVEPOINT) and the error is raised: let it fail the purchase,
    or catch it and record the purchase without vouchers. `is_first_purchase` answers
    `purchase.is_first_purchase` (it is asked only when a condition mentions it); without it
    the member's timeline is asked whether they have a recorded or claimed purchase.
    """
    member = members.get_member(session=session, program_id=program.id, member_id=member_id) \
        if member_id is not None else None
    return redeem_codes(session=session, program=program, member=member, codes=codes, basket=basket,
                        order_ref=order_ref, actor=actor, is_first_purchase=is_first_purchase)


def redeem_for_order(*, session: Session, program: Program, member: Member | None, codes: Sequence[str],
                     basket: Basket, order_ref: str, actor: str,
                     is_first_purchase: FirstPurchase | None = None,
                     count_attempt: Callable[[], None] | None = None) -> list[AppliedVoucher]:
    """The codes a purchase is posted with, in their order. A code already redeemed on this very
    order (the shop redeemed it at checkout with the purchase's external_id as `order_id`, then
    posts the purchase) is taken as it was redeemed, its use not taken twice; the others are
    redeemed now (`redeem_codes`). A code redeemed on the order for another member is
    `voucher_not_found`, as a code published to someone else is.
    `count_attempt` is called once per code still to redeem, before it is checked (the
    adapter's attempt limit); codes the order already redeemed were counted then."""
    normalized = _normalized(codes)
    live = repository.live_redemptions_of_order(session, program_id=program.id, order_ref=order_ref) \
        if normalized else []
    code_of = redemption_codes(session=session, redemptions=live)
    earlier = {code_of[redemption.code_id]: redemption for redemption in live}
    member_id = member.id if member is not None else None
    for index, code in enumerate(normalized):
        if code in earlier and earlier[code].member_id not in (None, member_id):
            raise _error(domain.NOT_FOUND, code, "code" if len(normalized) == 1 else f"codes.{index}")
    amounts = {line.line_no: line.amount_minor for line in basket.lines}
    taken_before: dict[str, AppliedVoucher] = {}
    for code in normalized:
        if code in earlier:
            taken_before[code] = _as_applied(earlier[code], code, amounts)
            if not taken_before[code].is_payment:  # what it took off is not there for the next code
                for no, minor in taken_before[code].line_discounts.items():
                    amounts[no] -= minor
    fresh = [code for code in normalized if code not in earlier]
    if count_attempt is not None:
        for _ in fresh:
            count_attempt()
    redeemed = {item.code: item for item in redeem_codes(
        session=session, program=program, member=member, codes=fresh, basket=_less(basket, amounts, taken_before),
        order_ref=order_ref, actor=actor, is_first_purchase=is_first_purchase)} if fresh else {}
    return [redeemed[code] if code in redeemed else taken_before[code] for code in normalized]


def _less(basket: Basket, amounts: Mapping[int, int], taken: Mapping[str, AppliedVoucher]) -> Basket:
    """The basket left for the codes still to redeem, once the earlier ones took their part."""
    if not taken:
        return basket
    off = sum(item.discount_minor for item in taken.values() if not item.is_payment)
    lines = tuple(replace(line, amount_minor=amounts[line.line_no]) for line in basket.lines)
    return replace(basket, lines=lines, total_minor=sum(amounts.values()) if lines
                   else max(0, basket.total_minor - off))


def _as_applied(redemption: VoucherRedemption, code: str, line_amounts: Mapping[int, int]) -> AppliedVoucher:
    """An earlier redemption of the order, on the purchase's own lines. The checkout's basket may
    have numbered its lines otherwise: then what it took off is spread over the receipt's lines
    in proportion to their amounts. No line goes below zero."""
    shares = {int(no): int(minor) for no, minor in (redemption.line_discounts or {}).items()}
    if shares and set(shares) <= set(line_amounts):
        lines = {no: min(minor, line_amounts[no]) for no, minor in shares.items()}
    elif line_amounts:
        taken = min(int(redemption.discount_minor), sum(line_amounts.values()))
        lines = {no: minor for no, minor in split_proportionally(taken, dict(line_amounts)).items() if minor}
    else:
        lines = {}
    total = sum(lines.values()) if line_amounts else int(redemption.discount_minor)
    return AppliedVoucher(
        redemption_id=redemption.id, campaign_id=redemption.campaign_id, code=code, kind=redemption.kind,
        discount_minor=total, line_discounts=dict(sorted(lines.items())), factor=redemption.factor,
        gift_card_minor=int(redemption.gift_card_minor), gift_card_balance_after=None,
        redeemed_at=redemption.redeemed_at)


# --- rolling back ------------------------------------------------------------------------------


def get_redemption(*, session: Session, program_id: int, redemption_id: int) -> VoucherRedemption:
    redemption = repository.get_redemption(session, program_id=program_id, redemption_id=redemption_id)
    if redemption is None:
        raise NotFound(f"Voucher redemption {redemption_id} does not exist.", code="voucher_redemption_not_found")
    return redemption


def rollback_redemption(*, session: Session, program: Program, redemption_id: int, actor: str,
                        reason: str | None = None) -> VoucherRedemption:
    """The order was cancelled: give the code its use back, the member and the campaign theirs,
    and a gift card what it paid. Idempotent: the guarded flip of the redemption's status lets
    exactly one call give anything back; later calls return the rolled-back redemption."""
    redemption = get_redemption(session=session, program_id=program.id, redemption_id=redemption_id)
    now = clock.now()
    if repository.mark_rolled_back(session, redemption_id=redemption.id, at=now):
        # The order redemptions lock in: the member's usage, the code, the campaign.
        if redemption.member_id is not None:
            repository.give_back_member_use(session, campaign_id=redemption.campaign_id,
                                            member_id=redemption.member_id)
        repository.give_back_code_use(session, code_id=redemption.code_id, gift_card_minor=redemption.gift_card_minor)
        repository.give_back_campaign_use(session, campaign_id=redemption.campaign_id)
        events.record(session=session, program_id=program.id, member_id=redemption.member_id,
                      type="voucher.rolled_back", actor=actor, occurred_at=now,
                      payload={"redemption_id": redemption.id, "campaign_id": redemption.campaign_id,
                               "order_ref": redemption.order_ref, "gift_card_returned": redemption.gift_card_minor,
                               "reason": reason})
    fresh = repository.get_redemption(session, program_id=program.id, redemption_id=redemption.id, fresh=True)
    assert fresh is not None
    return fresh


def rollback_redemptions(*, session: Session, program: Program, redemption_ids: Sequence[int], actor: str,
                         reason: str | None = None) -> list[VoucherRedemption]:
    """Roll back these redemptions (a fully refunded purchase's own), in id order; idempotent."""
    return [rollback_redemption(session=session, program=program, redemption_id=redemption_id, actor=actor,
                                reason=reason) for redemption_id in sorted(set(redemption_ids))]


def rollback_for_purchase(*, session: Session, program: Program, order_ref: str, actor: str,
                          reason: str | None = None) -> list[VoucherRedemption]:
    """Roll back every live redemption of the order (a cancelled or fully refunded purchase);
    idempotent, and an order without vouchers rolls back nothing."""
    return [rollback_redemption(session=session, program=program, redemption_id=redemption.id, actor=actor,
                                reason=reason)
            for redemption in repository.live_redemptions_of_order(session, program_id=program.id,
                                                                   order_ref=order_ref)]


def redemption_codes(*, session: Session, redemptions: Sequence[VoucherRedemption]) -> dict[int, str]:
    """The code of each redemption's code id, in one query."""
    return repository.codes_by_id(session, code_ids=sorted({r.code_id for r in redemptions}))


def member_coupon_uses(*, session: Session, program_id: int, member_id: int) -> list[dict[str, Any]]:
    """Every use of a coupon by the member (their data export): code, order, discount, any gift card
    amount, and whether the use was rolled back. One statement."""
    return [row_values(row, ("campaign_id", "order_ref", "kind", "currency", "discount_minor", "line_discounts",
                             "factor", "gift_card_minor", "status", "redeemed_at", "rolled_back_at"), code=code)
            for row, code in repository.member_redemption_rows(session, program_id=program_id, member_id=member_id)]
