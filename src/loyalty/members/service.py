"""Members, their consents and their cards.

Every function works in the caller's session and never commits. Each change of state
writes its event row in the same transaction. Uniqueness (e-mail, phone, external id,
referral code, card number) is guarded twice: a friendly query first, then the database's
unique constraints inside a SAVEPOINT, so two concurrent requests can never both win and
the loser still gets `member_exists` with its outer transaction intact.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.paging import Slice
from loyalty.members import domain, repository
from loyalty.members.models import Card, CardBatch, Member, MemberConsent
from loyalty.members.schemas import (
    Address,
    CardRead,
    ConsentInput,
    ConsentsRead,
    ConsentState,
    MemberCreate,
    MemberRead,
    MemberRef,
    MemberUpdate,
    TimelineEventRead,
)
from loyalty.programs.models import Program

MAX_BATCH_SIZE = 100_000
CARD_INSERT_CHUNK = 1000
# A referral code or card number collides about once in 10^12 (or 10^7 for the longest
# prefixes); a run of failures means the number space is full, not bad luck.
MAX_COLLISION_RETRIES = 20
FIELD_LABELS = {"email": "e-mail address", "phone": "phone number", "external_id": "external id"}


@dataclass(frozen=True)
class BlockedCard:
    blocked: Card
    replacement: Card | None


def _member_exists(field: str) -> Conflict:
    return Conflict(f"Another member of this program already has this {FIELD_LABELS[field]}.",
                    code="member_exists", field=field)


def _insert_member(session: Session, *, program_id: int, values: dict[str, Any]) -> Member:
    """Insert under a SAVEPOINT: a unique-constraint loss becomes `member_exists`, the
    outer transaction survives, and a referral code taken meanwhile is simply redrawn."""
    duplicate = repository.first_duplicate(session, program_id=program_id, values=values)
    if duplicate is not None:
        raise _member_exists(duplicate)
    for _attempt in range(MAX_COLLISION_RETRIES):
        code = domain.generate_referral_code()
        if repository.referral_code_taken(session, program_id=program_id, code=code):
            continue
        member = Member(program_id=program_id, referral_code=code, **values)
        try:
            with session.begin_nested():
                repository.add(session, member)
        except IntegrityError:
            duplicate = repository.first_duplicate(session, program_id=program_id, values=values)
            if duplicate is not None:
                raise _member_exists(duplicate) from None
            if repository.referral_code_taken(session, program_id=program_id, code=code):
                continue
            raise
        return member
    raise Conflict("Could not find a free referral code; try again.", code="referral_codes_exhausted")


def _consent_rows(*, program_id: int, member_id: int, decisions: dict[str, ConsentInput],
                  default_source: str, now: datetime) -> list[MemberConsent]:
    return [MemberConsent(program_id=program_id, member_id=member_id, channel=channel, granted=decision.granted,
                          recorded_at=decision.recorded_at or now, source=decision.source or default_source)
            for channel, decision in decisions.items()]


def _record_consents(session: Session, *, program_id: int, member_id: int, rows: list[MemberConsent],
                     actor: str) -> None:
    repository.add_consents(session, rows)
    events.record_many(session=session, rows=[{
        "program_id": program_id, "member_id": member_id, "type": "consent.changed", "actor": actor,
        "occurred_at": row.recorded_at,
        "payload": {"channel": row.channel, "granted": row.granted, "source": row.source},
    } for row in rows])


def enrol_member(*, session: Session, program: Program, data: MemberCreate, actor: str) -> Member:
    """Enrol a member; `member_exists` (naming the field) when e-mail, phone or external id is
    taken in the program, also when a concurrent enrolment took it a moment earlier. The member
    leaves holding exactly one active card: the printed `card_number` sent, or else a new
    number in the program's range (`card.issued`)."""
    now = clock.now()
    card = _unassigned_card(session, program_id=program.id, number=data.card_number) if data.card_number else None
    values: dict[str, Any] = {
        "email": data.email, "phone": data.phone, "external_id": data.external_id,
        "first_name": data.first_name, "last_name": data.last_name,
        "birth_date": data.birth_date, "birth_month_day": domain.birth_month_day(data.birth_date),
        "address": _stored_address(data.address), "preferred_language": data.preferred_language,
        "attributes": dict(data.attributes), "status": "active", "enrolment_channel": data.enrolment_channel,
        "enrolled_at": data.enrolled_at or now, "updated_at": now,
    }
    member = _insert_member(session, program_id=program.id, values=values)
    events.record(session=session, program_id=program.id, member_id=member.id, type="member.enrolled",
                  actor=actor, payload={"channel": member.enrolment_channel}, occurred_at=member.enrolled_at)
    if data.consents is not None:
        rows = _consent_rows(program_id=program.id, member_id=member.id, decisions=data.consents.given(),
                             default_source=data.enrolment_channel, now=now)
        _record_consents(session, program_id=program.id, member_id=member.id, rows=rows, actor=actor)
    if card is not None:
        _assign(session, card=card, member=member, actor=actor, now=now)
    else:
        # Every member can be found by a card from the start: the app shows this number
        # as a barcode until (or beside) a printed card.
        issued = _new_active_card(session, program=program, member_id=member.id, now=now)
        events.record(session=session, program_id=program.id, member_id=member.id, type="card.issued",
                      actor=actor, payload={"card_number": issued.number}, occurred_at=now)
    return member


def get_member(*, session: Session, program_id: int, member_id: int) -> Member:
    member = repository.get_member(session, program_id=program_id, member_id=member_id)
    if member is None:
        raise NotFound(f"Member {member_id} does not exist.", code="member_not_found")
    return member


def find_member(*, session: Session, program_id: int, ref: MemberRef) -> Member:
    """The member `ref` names, by whichever identifier it carries."""
    if ref.id is not None:
        return get_member(session=session, program_id=program_id, member_id=ref.id)
    if ref.card_number is not None:
        card = _card(session, program_id=program_id, number=ref.card_number)
        _refuse_unusable(card)
        assert card.member_id is not None
        return get_member(session=session, program_id=program_id, member_id=card.member_id)
    for field in ("email", "phone", "external_id"):
        value = getattr(ref, field)
        if value is not None:
            member = repository.member_by(session, program_id=program_id, field=field, value=value)
            if member is None:
                raise NotFound(f"No member has this {FIELD_LABELS[field]}.", code="member_not_found", field=field)
            return member
    raise Invalid("Name the member by id, email, phone, card_number or external_id.", code="invalid_member_ref")


def resolve_member_at_till(*, session: Session, program: Program, ref: MemberRef, actor: str,
                           on_enrol: Callable[[Member], object] | None = None) -> Member:
    """As `find_member`, but a printed card nobody has registered yet becomes a new anonymous
    member (enrolment channel "pos") the first time it is used at a till. The card row is
    locked, so two tills scanning the same new card create one member, not two. `on_enrol`
    is called with a member created here (the caller's enrolment rules)."""
    if ref.card_number is None:
        return find_member(session=session, program_id=program.id, ref=ref)
    card = _card(session, program_id=program.id, number=ref.card_number, lock=True)
    if card.status != "unassigned" or card.batch_id is None:
        return find_member(session=session, program_id=program.id, ref=ref)
    now = clock.now()
    member = _insert_member(session, program_id=program.id, values={
        "status": "active", "enrolment_channel": "pos", "enrolled_at": now, "updated_at": now, "attributes": {},
    })
    events.record(session=session, program_id=program.id, member_id=member.id, type="member.enrolled",
                  actor=actor, payload={"channel": "pos"}, occurred_at=now)
    _assign(session, card=card, member=member, actor=actor, now=now)
    if on_enrol is not None:
        on_enrol(member)
    return member


def ensure_active(member: Member) -> None:
    if member.status == "blocked":
        raise Conflict(f"Member {member.id} is blocked.", code="member_blocked")


def update_member(*, session: Session, program: Program, member_id: int, data: MemberUpdate, actor: str) -> Member:
    """Change only the fields sent. `member.updated` names the changed fields (never their
    values, which may be personal); status changes are `member.blocked` / `member.unblocked`."""
    member = get_member(session=session, program_id=program.id, member_id=member_id)
    now = clock.now()
    sent = data.model_fields_set
    wanted: dict[str, Any] = {
        name: getattr(data, name) for name in sent
        if name in ("email", "phone", "external_id", "first_name", "last_name", "birth_date", "preferred_language")
    }
    if "address" in sent:
        wanted["address"] = _stored_address(data.address)
    if "attributes" in sent:
        merged = {} if data.attributes is None else domain.merge_attributes(member.attributes or {}, data.attributes)
        try:
            wanted["attributes"] = domain.check_attributes(merged)
        except ValueError as error:
            raise Invalid(str(error), code="invalid_attributes", field="attributes") from error
    changed = {name: value for name, value in wanted.items() if getattr(member, name) != value}
    if "birth_date" in changed:
        changed["birth_month_day"] = domain.birth_month_day(changed["birth_date"])
    status_changed = "status" in sent and data.status is not None and data.status != member.status
    if status_changed:
        changed["status"] = data.status

    consent_rows: list[MemberConsent] = []
    if data.consents is not None:
        in_force = current_consents(session=session, member_ids=[member.id]).get(member.id, {})
        decisions = {channel: decision for channel, decision in data.consents.given().items()
                     if channel not in in_force or in_force[channel].granted != decision.granted}
        consent_rows = _consent_rows(program_id=program.id, member_id=member.id, decisions=decisions,
                                     default_source="api", now=now)

    if changed:
        duplicate = repository.first_duplicate(session, program_id=program.id, values=changed,
                                               exclude_member_id=member.id)
        if duplicate is not None:
            raise _member_exists(duplicate)
        try:
            with session.begin_nested():
                repository.update_member_fields(session, member, {**changed, "updated_at": now})
        except IntegrityError:
            duplicate = repository.first_duplicate(session, program_id=program.id, values=changed,
                                                   exclude_member_id=member.id)
            if duplicate is not None:
                raise _member_exists(duplicate) from None
            raise
    elif consent_rows:
        repository.update_member_fields(session, member, {"updated_at": now})

    field_names = sorted(set(changed) - {"status", "birth_month_day"})
    if field_names:
        events.record(session=session, program_id=program.id, member_id=member.id, type="member.updated",
                      actor=actor, payload={"fields": field_names})
    if status_changed:
        events.record(session=session, program_id=program.id, member_id=member.id,
                      type="member.blocked" if data.status == "blocked" else "member.unblocked", actor=actor)
    if consent_rows:
        _record_consents(session, program_id=program.id, member_id=member.id, rows=consent_rows, actor=actor)
    return member


def list_members(*, session: Session, program_id: int, status: str | None = None, email: str | None = None,
                 q: str | None = None, enrolled_from: datetime | None = None, enrolled_to: datetime | None = None,
                 before_id: int | None = None, limit: int = 50) -> Slice[Member]:
    """Newest first, paged by id: pages never repeat or skip a member, even while new members
    enrol (they appear above the first page)."""
    paging.check_limit(limit)
    rows = repository.list_members(
        session, program_id=program_id, status=status, email=email.strip().lower() if email else None,
        q=q.strip() if q and q.strip() else None,
        enrolled_from=clock.as_utc(enrolled_from) if enrolled_from else None,
        enrolled_to=clock.as_utc(enrolled_to) if enrolled_to else None,
        before_id=before_id, limit=limit + 1,
    )
    return paging.slice_of(rows, limit, key=lambda member: member.id)


@dataclass(frozen=True)
class MemberSearch:
    """What a search box found: members an identifier names exactly (first page only), then
    a page of members by name."""

    exact: list[Member]
    by_name: Slice[Member]


MAX_SEARCH_TEXT = 200


def search_members(*, session: Session, program: Program, text: str, before_id: int | None = None,
                   limit: int = 25) -> MemberSearch:
    """Find members by whatever a person typed: a card number (a blocked one too), member id,
    e-mail, phone in any common spelling (without a country code: the program's country),
    external id, or the start of a first and/or last name (any case). Every lookup is an
    indexed one: identifiers hit unique indexes, names the name indexes (migration 0016)."""
    paging.check_limit(limit)
    text = text.strip()[:MAX_SEARCH_TEXT]
    if not text:
        return MemberSearch(exact=[], by_name=Slice([], None))
    found: dict[int, Member] = {}
    if before_id is None:
        for member in _members_named_by(session, program=program, text=text):
            found.setdefault(member.id, member)
    words = [word for word in text.replace(",", " ").split() if any(char.isalpha() for char in word)][:2]
    by_name: Slice[Member] = Slice([], None)
    if words and "@" not in text:
        rows = repository.members_by_name(session, program_id=program.id, words=words, exclude_ids=found,
                                          before_id=before_id, limit=limit + 1)
        by_name = paging.slice_of(rows, limit, key=lambda member: member.id)
    return MemberSearch(exact=list(found.values()), by_name=by_name)


def _members_named_by(session: Session, *, program: Program, text: str) -> list[Member]:
    members: list[Member] = []
    digits = domain.normalize_card_number(text)
    if digits.isascii() and digits.isdigit():  # "²".isdigit() is True, but int("²") raises
        if 8 <= len(digits) <= 32 and domain.is_valid_card_number(digits):
            card = repository.card_by_number(session, program_id=program.id, number=digits)
            if card is not None and card.member_id is not None:
                member = repository.get_member(session, program_id=program.id, member_id=card.member_id)
                members += [member] if member is not None else []
        if len(digits) <= 18 and 0 < int(digits) < 2**63:
            member = repository.get_member(session, program_id=program.id, member_id=int(digits))
            members += [member] if member is not None else []
    if "@" in text:
        member = repository.member_by(session, program_id=program.id, field="email", value=text.lower())
        members += [member] if member is not None else []
    phone = domain.search_phone(text, domain.locale_region(program.locale))
    if phone is not None:
        member = repository.member_by(session, program_id=program.id, field="phone", value=phone)
        members += [member] if member is not None else []
    if len(text) <= 128:
        member = repository.member_by(session, program_id=program.id, field="external_id", value=text)
        members += [member] if member is not None else []
    return members


def current_consents(*, session: Session, member_ids: Sequence[int]) -> dict[int, dict[str, ConsentState]]:
    """The decision in force per member and channel (the newest row); channels never decided are absent."""
    result: dict[int, dict[str, ConsentState]] = {member_id: {} for member_id in member_ids}
    for row in repository.current_consents(session, member_ids=list(member_ids)):
        result.setdefault(row.member_id, {})[row.channel] = ConsentState.model_validate(row)
    return result


def consent_history(*, session: Session, program_id: int, member_id: int) -> list[MemberConsent]:
    """Every decision ever recorded for the member, oldest first."""
    get_member(session=session, program_id=program_id, member_id=member_id)
    return list(repository.consent_history(session, member_id=member_id))


def member_timeline(*, session: Session, program_id: int, member_id: int, before_id: int | None,
                    limit: int) -> Slice[TimelineEventRead]:
    """The member's events newest first, paged by event id."""
    paging.check_limit(limit)
    get_member(session=session, program_id=program_id, member_id=member_id)
    rows = events.timeline(session=session, program_id=program_id, member_id=member_id, before_id=before_id,
                           limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda event: event.id).map(TimelineEventRead.model_validate)


def member_reads(*, session: Session, members: Sequence[Member]) -> list[MemberRead]:
    """Read models for a page of members: consents and cards in two queries, not two per member."""
    ids = [member.id for member in members]
    consents = current_consents(session=session, member_ids=ids)
    cards: dict[int, list[str]] = {member_id: [] for member_id in ids}
    for card in repository.cards_of_members(session, member_ids=ids, status="active"):
        assert card.member_id is not None
        cards[card.member_id].append(card.number)
    return [MemberRead(
        id=member.id, email=member.email, phone=member.phone, external_id=member.external_id,
        first_name=member.first_name, last_name=member.last_name, birth_date=member.birth_date,
        address=Address.model_validate(member.address) if member.address else None,
        preferred_language=member.preferred_language, attributes=member.attributes or {},
        status=member.status,  # type: ignore[arg-type]
        enrolment_channel=member.enrolment_channel,  # type: ignore[arg-type]
        enrolled_at=member.enrolled_at, updated_at=member.updated_at, referral_code=member.referral_code,
        consents=ConsentsRead(**consents.get(member.id, {})), cards=cards[member.id],
    ) for member in members]


def member_read(*, session: Session, member: Member) -> MemberRead:
    return member_reads(session=session, members=[member])[0]


# Cards


def generate_card_batch(*, session: Session, program: Program, count: int, note: str | None = None,
                        actor: str = "system") -> CardBatch:
    """`count` new unassigned card numbers for printing, unique in the program.

    Numbers are drawn with `secrets`; one that another batch already holds (or takes
    concurrently) is skipped by ON CONFLICT DO NOTHING and redrawn.
    """
    if not 1 <= count <= MAX_BATCH_SIZE:
        raise Invalid(f"count must be between 1 and {MAX_BATCH_SIZE}.", code="invalid_count", field="count")
    now = clock.now()
    batch = CardBatch(program_id=program.id, size=count, note=note, created_at=now)
    repository.add(session, batch)
    missing = count
    fruitless_rounds = 0
    while missing:
        numbers = {domain.generate_card_number(program.card_prefix) for _ in range(min(missing, CARD_INSERT_CHUNK))}
        inserted = repository.insert_printed_cards(session, program_id=program.id, batch_id=batch.id,
                                                   numbers=numbers, created_at=now)
        missing -= len(inserted)
        fruitless_rounds = 0 if inserted else fruitless_rounds + 1
        if fruitless_rounds >= MAX_COLLISION_RETRIES:
            raise Conflict(f"The card number space of prefix {program.card_prefix} is nearly full.",
                           code="card_numbers_exhausted")
    events.record(session=session, program_id=program.id, type="card_batch.generated", actor=actor,
                  payload={"batch_id": batch.id, "size": count})
    return batch


def get_card_batch(*, session: Session, program_id: int, batch_id: int) -> CardBatch:
    batch = repository.get_batch(session, program_id=program_id, batch_id=batch_id)
    if batch is None:
        raise NotFound(f"Card batch {batch_id} does not exist.", code="card_batch_not_found")
    return batch


def batch_card_numbers(*, session: Session, program_id: int, batch_id: int) -> list[str]:
    """The batch's numbers in the order they were generated (the printer's order)."""
    get_card_batch(session=session, program_id=program_id, batch_id=batch_id)
    return repository.batch_numbers(session, program_id=program_id, batch_id=batch_id)


def register_card(*, session: Session, program: Program, member_id: int, card_number: str, actor: str) -> Card:
    """Give an unassigned card to the member. Registering a card the member already holds
    returns it unchanged, so a retried request is harmless."""
    member = get_member(session=session, program_id=program.id, member_id=member_id)
    card = _unassigned_card(session, program_id=program.id, number=domain.normalize_card_number(card_number),
                            owner_id=member.id)
    if card.status == "active":
        return card
    _assign(session, card=card, member=member, actor=actor, now=clock.now())
    return card


def member_ids_by(*, session: Session, program_id: int, field: str, values: Collection[str]) -> dict[str, int]:
    """Ids of the program's members whose `field` (email, phone, external_id or card_number,
    an active card's) is among `values` (normalized as stored), by value."""
    if field == "card_number":
        cards = repository.cards_by_number(session, program_id=program_id, numbers=values)
        return {number: member_id for number, (status, member_id) in cards.items()
                if status == "active" and member_id is not None}
    if field not in repository.UNIQUE_MEMBER_FIELDS:
        raise ValueError(f"members are not found by {field}")
    return repository.member_ids_by(session, program_id=program_id, field=field, values=values)


def card_statuses(*, session: Session, program_id: int, numbers: Collection[str]) -> dict[str, str]:
    """The status (unassigned, active, blocked) of the program's cards among `numbers`."""
    cards = repository.cards_by_number(session, program_id=program_id, numbers=numbers)
    return {number: status for number, (status, _member_id) in cards.items()}


def add_carried_over_cards(*, session: Session, program: Program, numbers: Collection[str]) -> set[str]:
    """Make unassigned cards of numbers another system issued (an import: members keep their
    cards), so enrolment can register them like printed ones. Numbers must pass the same check
    as any card's; numbers the program has already are left alone. Returns those made."""
    for number in numbers:
        _check_card_number(number)
    now = clock.now()
    return repository.insert_cards_ignoring_taken(session, [
        {"program_id": program.id, "number": number, "status": "unassigned", "created_at": now}
        for number in numbers])


def list_member_cards(*, session: Session, program_id: int, member_id: int, after_id: int | None = None,
                      limit: int = 50) -> Slice[Card]:
    """All the member's cards, blocked ones included, oldest first, paged by id."""
    paging.check_limit(limit)
    get_member(session=session, program_id=program_id, member_id=member_id)
    rows = repository.cards_of_members(session, member_ids=[member_id], after_id=after_id, limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda card: card.id)


def block_card(*, session: Session, program: Program, member_id: int, card_number: str, replace: bool,
               replacement_card_number: str | None, actor: str) -> BlockedCard:
    """Block a lost or stolen card. The member (and so the balance) stays; with `replace` the
    member gets `replacement_card_number` (an unassigned card) or a newly made number, and
    the blocked card points to it."""
    member = get_member(session=session, program_id=program.id, member_id=member_id)
    card = _card(session, program_id=program.id, number=domain.normalize_card_number(card_number), lock=True)
    if card.member_id != member.id:
        raise NotFound(f"Member {member.id} has no card {card.number}.", code="card_not_found", field="card_number")
    if card.status == "blocked":
        raise Conflict(f"Card {card.number} is already blocked.", code="card_blocked", field="card_number")
    if replacement_card_number is not None and not replace:
        raise Invalid("replacement_card_number needs replace=true.", code="invalid_replacement",
                      field="replacement_card_number")
    now = clock.now()
    replacement: Card | None = None
    if replace and replacement_card_number is not None:
        number = domain.normalize_card_number(replacement_card_number)
        if number == card.number:
            raise Invalid("A card cannot replace itself.", code="invalid_replacement",
                          field="replacement_card_number")
        replacement = _unassigned_card(session, program_id=program.id, number=number, owner_id=member.id,
                                       field="replacement_card_number")
    if not repository.block_card(session, card_id=card.id, at=now):
        raise Conflict(f"Card {card.number} is already blocked.", code="card_blocked", field="card_number")
    events.record(session=session, program_id=program.id, member_id=member.id, type="card.blocked", actor=actor,
                  payload={"card_number": card.number})
    if not replace:
        return BlockedCard(blocked=card, replacement=None)
    if replacement is None:
        replacement = _new_active_card(session, program=program, member_id=member.id, now=now)
    elif replacement.status == "unassigned" and not repository.assign_card(
            session, card_id=replacement.id, member_id=member.id, at=now):
        raise Conflict(f"Card {replacement.number} was just given to another member.", code="card_taken",
                       field="replacement_card_number")
    repository.set_replacement(session, card_id=card.id, replacement_id=replacement.id)
    events.record(session=session, program_id=program.id, member_id=member.id, type="card.replaced", actor=actor,
                  payload={"card_number": card.number, "replacement_card_number": replacement.number})
    return BlockedCard(blocked=card, replacement=replacement)


def card_reads(*, session: Session, cards: Sequence[Card]) -> list[CardRead]:
    replacement_ids = [card.replaced_by_id for card in cards if card.replaced_by_id is not None]
    numbers = repository.card_numbers_by_id(session, card_ids=replacement_ids)
    return [CardRead(
        number=card.number, status=card.status,  # type: ignore[arg-type]
        batch_id=card.batch_id, created_at=card.created_at, assigned_at=card.assigned_at,
        blocked_at=card.blocked_at,
        replaced_by=numbers.get(card.replaced_by_id) if card.replaced_by_id is not None else None,
    ) for card in cards]


def _stored_address(address: Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    stored = address.model_dump(exclude_none=True)
    return stored or None


def _check_card_number(number: str, *, field: str = "card_number") -> None:
    if not number.isdigit() or not 8 <= len(number) <= 32 or not domain.is_valid_card_number(number):
        raise Invalid(f"{number!r} is not a valid card number (check for a mistyped digit).",
                      code="invalid_card_number", field=field)


def _card(session: Session, *, program_id: int, number: str, lock: bool = False,
          field: str = "card_number") -> Card:
    _check_card_number(number, field=field)
    card = repository.card_by_number(session, program_id=program_id, number=number, lock=lock)
    if card is None:
        raise NotFound(f"No card {number} exists in this program.", code="card_not_found", field=field)
    return card


def _refuse_unusable(card: Card) -> None:
    if card.status == "blocked":
        replaced = " and was replaced by a new card; use that one" if card.replaced_by_id is not None else ""
        raise Conflict(f"Card {card.number} is blocked{replaced}.", code="card_blocked", field="card_number")
    if card.status == "unassigned":
        raise NotFound(f"Card {card.number} has not been registered to a member yet.",
                       code="card_not_registered", field="card_number")


def _unassigned_card(session: Session, *, program_id: int, number: str, owner_id: int | None = None,
                     field: str = "card_number") -> Card:
    """The card, locked, if it may go to the member `owner_id`: unassigned, or already theirs."""
    card = _card(session, program_id=program_id, number=number, lock=True, field=field)
    if card.status == "blocked":
        raise Conflict(f"Card {card.number} is blocked.", code="card_blocked", field=field)
    if card.status == "active" and (owner_id is None or card.member_id != owner_id):
        raise Conflict(f"Card {card.number} belongs to another member.", code="card_taken", field=field)
    return card


def _assign(session: Session, *, card: Card, member: Member, actor: str, now: datetime) -> None:
    if not repository.assign_card(session, card_id=card.id, member_id=member.id, at=now):
        raise Conflict(f"Card {card.number} was just given to another member.", code="card_taken",
                       field="card_number")
    events.record(session=session, program_id=member.program_id, member_id=member.id, type="card.registered",
                  actor=actor, payload={"card_number": card.number})


def _new_active_card(session: Session, *, program: Program, member_id: int, now: datetime) -> Card:
    for _attempt in range(MAX_COLLISION_RETRIES):
        number = domain.generate_card_number(program.card_prefix)
        inserted = repository.insert_cards_ignoring_taken(session, [{
            "program_id": program.id, "number": number, "member_id": member_id, "status": "active",
            "created_at": now, "assigned_at": now,
        }])
        if inserted:
            card = repository.card_by_number(session, program_id=program.id, number=number)
            assert card is not None
            return card
    raise Conflict(f"The card number space of prefix {program.card_prefix} is nearly full.",
                   code="card_numbers_exhausted")

