"""Contests: define them, give members entries for their actions (the worker's subscriber), draw
the winners once with a secure seed, keep the draw's inputs for audit, publish the winners by
public name.

Entries: each qualifying event enters once (`contest_entries` is unique per contest and source),
and a member's tally row is locked while entries are added, so no number of concurrent additions
passes `max_entries_per_member`: what would pass it is cut to the maximum.

Refunds: a purchase refunded in full withdraws the entries it earned in every contest not drawn
yet (`purchase.refunded`, handled by the same subscriber), once per entry by a guarded UPDATE;
a drawn contest keeps them, since its recorded draw was made from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from loyalty.contests import domain
from loyalty.contests import repository as contests
from loyalty.contests.models import Contest, ContestDraw, ContestWinner
from loyalty.contests.schemas import (
    ContestCreate,
    ContestRead,
    DrawRead,
    EntryRead,
    MyEntriesRead,
    WinnerRead,
    WinnersRead,
)
from loyalty.events import service as events
from loyalty.events.catalogue import MEMBER_ACTIONS
from loyalty.events.subscribers import PublishedEvent
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.paging import Slice, check_limit, slice_of
from loyalty.leaderboards import service as leaderboards
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases

ENTRY_TYPES = frozenset({"purchase.recorded", "custom_event.received", *MEMBER_ACTIONS})
# What the worker's subscriber hands over: what earns entries, and the refund that may withdraw them.
HANDLED_TYPES = ENTRY_TYPES | {"purchase.refunded"}


def status(contest: Contest) -> str:
    now = clock.now()
    if contest.drawn_at is not None:
        return "drawn"
    if now < contest.opens_at:
        return "upcoming"
    return "open" if now < contest.closes_at else "closed"


def _read(contest: Contest) -> ContestRead:
    return ContestRead(id=contest.id, name=contest.name, prize=contest.prize, rules_text=contest.rules_text,
                       entry_action=contest.entry_action,  # type: ignore[arg-type]
                       entries_per_action=contest.entries_per_action, amount_per_entry=contest.amount_per_entry,
                       custom_event_type=contest.custom_event_type, leaderboard_id=contest.leaderboard_id,
                       max_entries_per_member=contest.max_entries_per_member, winners_count=contest.winners_count,
                       opens_at=contest.opens_at, closes_at=contest.closes_at,
                       draws_automatically=contest.draws_automatically, drawn_at=contest.drawn_at,
                       status=status(contest), created_at=contest.created_at)  # type: ignore[arg-type]


def _contest(session: Session, program: Program, contest_id: int) -> Contest:
    contest = contests.get(session, program_id=program.id, contest_id=contest_id)
    if contest is None:
        raise NotFound("No such contest in this program.", code="contest_not_found", field="contest_id")
    return contest


def create(*, session: Session, program: Program, data: ContestCreate) -> ContestRead:
    if data.leaderboard_id is not None:
        try:
            leaderboards.get(session=session, program=program, leaderboard_id=data.leaderboard_id)
        except NotFound:
            raise Invalid("No such leaderboard in this program.", code="unknown_leaderboard",
                          field="leaderboard_id") from None
    now = clock.now()
    contest = Contest(program_id=program.id, name=data.name, prize=data.prize, rules_text=data.rules_text,
                      entry_action=data.entry_action, entries_per_action=data.entries_per_action,
                      amount_per_entry=data.amount_per_entry, custom_event_type=data.custom_event_type,
                      leaderboard_id=data.leaderboard_id, max_entries_per_member=data.max_entries_per_member or 0,
                      winners_count=data.winners_count,
                      opens_at=clock.as_utc(data.opens_at), closes_at=clock.as_utc(data.closes_at),
                      draws_automatically=data.draws_automatically, created_at=now, updated_at=now)
    session.add(contest)
    session.flush()
    if data.count_past_events and data.entry_action != "best_score":
        for event in leaderboards.recorded_events(session=session, program=program, types=sorted(ENTRY_TYPES),
                                                  occurred_from=contest.opens_at, recorded_before=now):
            if event.occurred_at < contest.closes_at:
                _count_into(session, program, contest, event)
    return _read(contest)


def get(*, session: Session, program: Program, contest_id: int) -> ContestRead:
    return _read(_contest(session, program, contest_id))


def list_contests(*, session: Session, program: Program, after: int | None = None,
                  limit: int = 50) -> Slice[ContestRead]:
    check_limit(limit)
    return slice_of(contests.page(session, program_id=program.id, after=after, limit=limit), limit,
                    lambda contest: contest.id).map(_read)


# --- entries ------------------------------------------------------------------------------------


def enter(*, session: Session, program: Program, contest_id: int, member_id: int, source: str,
          entries: int) -> int:
    """Give the member up to `entries` for one action (`source`), cut to the rules' maximum; the
    entries given (0 when the source entered already, the contest is not open, or the member
    holds the maximum). Locks the member's tally row until the unit of work ends."""
    contest = _contest(session, program, contest_id)
    if status(contest) != "open" or entries <= 0:
        return 0
    held = contests.locked_tally(session, contest_id=contest.id, program_id=program.id, member_id=member_id)
    if contests.has_entry(session, contest_id=contest.id, source=source):
        return 0
    given = domain.granted(held=held, wanted=entries, maximum=contest.max_entries_per_member)
    if given == 0:
        return 0
    if not contests.add_entries(session, contest_id=contest.id, program_id=program.id, member_id=member_id,
                                source=source, entries=given, now=clock.now()):
        return 0
    events.record(session=session, program_id=program.id, member_id=member_id, type="contest.entered",
                  actor="worker", payload={"contest_id": contest.id, "entries": given, "total": held + given,
                                           "source": source})
    return given


def count_event(*, session: Session, program: Program, event: PublishedEvent) -> int:
    """Entries the event earns in every contest open when it occurred; how many entries were given.
    Idempotent per event and contest. A purchase refunded in full by the time its event is
    handled (an event retried late) earns nothing."""
    if event.member_id is None or event.type not in ENTRY_TYPES:
        return 0
    open_contests = contests.open_at(session, program_id=program.id, moment=event.occurred_at)
    if event.type == "purchase.recorded" and any(contest.entry_action == "purchase" for contest in open_contests) \
            and _refunded_in_full(session, program, event.payload.get("purchase_id")):
        return 0
    return sum(_count_into(session, program, contest, event) for contest in open_contests)


def _refunded_in_full(session: Session, program: Program, purchase_id: object) -> bool:
    if not isinstance(purchase_id, int):
        return False
    try:
        purchase, _lines = purchases.get_purchase(session=session, program_id=program.id, purchase_id=purchase_id)
    except NotFound:
        return False
    return purchase.refunded_minor >= purchase.total_minor > 0


def withdraw_refunded(*, session: Session, program: Program, event: PublishedEvent) -> int:
    """After a `purchase.refunded` that left the purchase refunded in full: withdraw the entries
    its `purchase.recorded` earned in every contest not drawn yet; the entries withdrawn.

    Exactly once however often the refund is delivered: each entry is withdrawn by a guarded
    UPDATE (… WHERE withdrawn_at IS NULL), under the contest's row lock (a draw at the same
    moment waits, or came first and the entries stay) and the member's tally lock."""
    purchase_id = event.payload.get("purchase_id")
    if event.member_id is None or not isinstance(purchase_id, int) or \
            not _refunded_in_full(session, program, purchase_id):
        return 0
    sources = contests.purchase_event_sources(session, program_id=program.id, member_id=event.member_id,
                                              purchase_id=purchase_id)
    withdrawn = 0
    now = clock.now()
    for entry in contests.live_entries_of(session, program_id=program.id, member_id=event.member_id,
                                          sources=sources):
        if not contests.lock_undrawn(session, contest_id=entry.contest_id):
            continue  # drawn: the record was made from these entries
        held = contests.locked_tally(session, contest_id=entry.contest_id, program_id=program.id,
                                     member_id=event.member_id)
        taken = contests.withdraw_entry(session, entry_id=entry.id, now=now)
        if taken is None:
            continue  # another delivery of the refund withdrew them
        contests.lower_tally(session, contest_id=entry.contest_id, member_id=event.member_id, entries=taken)
        events.record(session=session, program_id=program.id, member_id=event.member_id,
                      type="contest.entry_withdrawn", actor="worker",
                      payload={"contest_id": entry.contest_id, "entries": taken, "total": held - taken,
                               "source": entry.source, "purchase_id": purchase_id})
        withdrawn += taken
    return withdrawn


def count_events(*, session: Session, program_id: int, events: Sequence[PublishedEvent]) -> int:
    """`count_event` for a batch of one program's events, in their order, set-based: the
    contests open during the batch are read once (a batch no contest counts costs that one
    read), then per contest its entrants' tally rows are locked together (`locked_tallies`), the
    events that entered already are left out, each member's entries are cut to the maximum in the
    events' order, and the entries and their `contest.entered` events are written together. The
    entries given; idempotent per event and contest, as `count_event`."""
    counted = [event for event in events if event.member_id is not None and event.type in ENTRY_TYPES]
    if not counted:
        return 0
    candidates = contests.open_between(session, program_id=program_id,
                                       earliest=min(event.occurred_at for event in counted),
                                       latest=max(event.occurred_at for event in counted))
    # As `count_event`: a purchase refunded in full by the time its event is handled earns nothing.
    refunded: set[int] = set()
    if any(contest.entry_action == "purchase" for contest in candidates):
        refunded = contests.refunded_in_full(session, program_id=program_id, purchase_ids=[
            event.payload["purchase_id"] for event in counted
            if event.type == "purchase.recorded" and isinstance(event.payload.get("purchase_id"), int)])
    given = 0
    for contest in candidates:
        if status(contest) != "open":  # as `enter`: a contest closed by now takes no more entries
            continue
        wanted: list[tuple[int, str, int]] = []
        for event in counted:
            if event.member_id is None or not contest.opens_at <= event.occurred_at < contest.closes_at:
                continue
            if event.type == "purchase.recorded" and event.payload.get("purchase_id") in refunded:
                continue
            entries = domain.earned(entry_action=contest.entry_action, custom_event_type=contest.custom_event_type,
                                    entries_per_action=contest.entries_per_action,
                                    amount_per_entry=contest.amount_per_entry, event_type=event.type,
                                    payload=event.payload)
            if entries > 0:
                wanted.append((event.member_id, f"event:{event.id}", entries))
        if wanted:
            given += _enter_many(session, program_id, contest, wanted)
    return given


def _enter_many(session: Session, program_id: int, contest: Contest, wanted: list[tuple[int, str, int]]) -> int:
    """`enter` for (member id, source, entries) in order, the members' tallies locked at once."""
    held = contests.locked_tallies(session, contest_id=contest.id, program_id=program_id,
                                   member_ids=[member_id for member_id, _, _ in wanted])
    entered = contests.entered_sources(session, contest_id=contest.id, sources=[source for _, source, _ in wanted])
    rows: list[tuple[int, str, int]] = []
    totals: dict[str, int] = {}
    for member_id, source, entries in wanted:
        if source in entered:
            continue
        entered.add(source)
        granted = domain.granted(held=held[member_id], wanted=entries, maximum=contest.max_entries_per_member)
        if granted > 0:
            held[member_id] += granted
            rows.append((member_id, source, granted))
            totals[source] = held[member_id]
    # Every row goes in: the sources were read under the members' tally locks, which any other
    # writer of this contest's entries for them takes first.
    went_in = contests.add_many_entries(session, contest_id=contest.id, program_id=program_id, rows=rows,
                                        now=clock.now())
    if went_in:
        events.record_many(session=session, rows=[
            {"program_id": program_id, "member_id": member_id, "type": "contest.entered", "actor": "worker",
             "payload": {"contest_id": contest.id, "entries": granted, "total": totals[source], "source": source}}
            for member_id, source, granted in went_in])
    return sum(granted for _, _, granted in went_in)


def _count_into(session: Session, program: Program, contest: Contest, event: PublishedEvent) -> int:
    wanted = domain.earned(entry_action=contest.entry_action, custom_event_type=contest.custom_event_type,
                           entries_per_action=contest.entries_per_action, amount_per_entry=contest.amount_per_entry,
                           event_type=event.type, payload=event.payload)
    if wanted <= 0 or event.member_id is None:
        return 0
    return enter(session=session, program=program, contest_id=contest.id, member_id=event.member_id,
                 source=f"event:{event.id}", entries=wanted)


def member_data(*, session: Session, program: Program, member_id: int) -> list[dict[str, object]]:
    """The member's contest entries (their data export)."""
    return [{"contest_id": row.contest_id, "entries": row.entries, "source": row.source,
             "created_at": row.created_at.isoformat(),
             "withdrawn_at": row.withdrawn_at.isoformat() if row.withdrawn_at else None}
            for row in contests.member_entries(session, program_id=program.id, member_id=member_id)]


def member_wins(*, session: Session, program: Program, member_id: int) -> list[dict[str, object]]:
    """The contests the member won (their data export): the contest, its prize, their place."""
    return [{"contest_id": contest.id, "contest": contest.name, "prize": contest.prize, "position": winner.position,
             "drawn_at": None if contest.drawn_at is None else contest.drawn_at.isoformat()}
            for winner, contest in contests.member_wins(session, program_id=program.id, member_id=member_id)]


def my_entries(*, session: Session, program: Program, contest_id: int, member_id: int) -> MyEntriesRead:
    contest = _contest(session, program, contest_id)
    return MyEntriesRead(entries=contests.tally(session, contest_id=contest.id, member_id=member_id),
                         maximum=contest.max_entries_per_member)


def entries(*, session: Session, program: Program, contest_id: int, after: int | None = None, limit: int = 50,
            member_id: int | None = None) -> Slice[EntryRead]:
    check_limit(limit)
    contest = _contest(session, program, contest_id)
    rows = contests.entries_page(session, contest_id=contest.id, after=after, limit=limit, member_id=member_id)
    return slice_of(rows, limit, lambda row: row.id).map(
        lambda row: EntryRead(id=row.id, member_id=row.member_id, entries=row.entries, source=row.source,
                              created_at=row.created_at, withdrawn_at=row.withdrawn_at))


# --- the draw -----------------------------------------------------------------------------------


def draw(*, session: Session, program: Program, contest_id: int, actor: str, seed: bytes | None = None) -> DrawRead:
    """Draw the winners once the contest has closed, exactly once (409 `contest_already_drawn`,
    409 `contest_not_closed`). The seed is `secrets.token_bytes(32)` unless given (tests)."""
    contest = _contest(session, program, contest_id)
    now = clock.now()
    if contest.drawn_at is not None:
        raise Conflict("This contest has been drawn already.", code="contest_already_drawn")
    if now < contest.closes_at:
        raise Conflict("The contest is still open: draw it after it closes.", code="contest_not_closed")
    if not contests.claim_draw(session, contest_id=contest.id, now=now):
        raise Conflict("This contest has been drawn already.", code="contest_already_drawn")
    seed = seed if seed is not None else domain.new_seed()
    algorithm = domain.ALGORITHM
    if contest.entry_action == "best_score" and contest.leaderboard_id is not None:
        algorithm = domain.BEST_SCORE_ALGORITHM
        _snapshot_scores(session, program, contest, now)
    holdings = [domain.Holding(member_id, count) for member_id, count in contests.holdings(session,
                                                                                          contest_id=contest.id)]
    winner_ids = domain.repeat(algorithm, seed, holdings, contest.winners_count) or []
    record = ContestDraw(contest_id=contest.id, program_id=program.id, seed_hex=seed.hex(),
                         entries_digest=domain.entries_digest(holdings), entrants=len(domain.ordered(holdings)),
                         entries_total=sum(holding.entries for holding in holdings),
                         winners_count=contest.winners_count, algorithm=algorithm, drawn_by=actor,
                         drawn_at=now)
    session.add(record)
    session.add_all([ContestWinner(contest_id=contest.id, position=position, member_id=member_id,
                                   program_id=program.id) for position, member_id in enumerate(winner_ids, start=1)])
    leaderboards.ensure_public_names(session=session, program=program, member_ids=winner_ids)
    session.flush()
    events.record(session=session, program_id=program.id, type="contest.drawn", actor=actor, payload={
        "contest_id": contest.id, "winner_member_ids": winner_ids, "entries_digest": record.entries_digest,
        "seed_hex": record.seed_hex, "algorithm": record.algorithm})
    return _draw_read(session, program, record, winner_ids)


def _snapshot_scores(session: Session, program: Program, contest: Contest, now: datetime) -> None:
    """The board's contenders at closing, kept as the contest's entries (`source` `score`), so the
    draw's record is repeated from them even after the board moves on."""
    assert contest.leaderboard_id is not None
    closing_day = clock.local_date(contest.closes_at - timedelta(microseconds=1), program.timezone)
    for member_id, score in leaderboards.contenders(session=session, program=program,
                                                    leaderboard_id=contest.leaderboard_id, day=closing_day,
                                                    places=contest.winners_count):
        contests.add_score_entry(session, contest_id=contest.id, program_id=program.id, member_id=member_id,
                                 score=score, now=now)
    session.flush()  # the draw reads them back (sessions do not autoflush)


def _winners(session: Session, program: Program, winner_ids: list[int]) -> list[WinnerRead]:
    names = leaderboards.public_names(session=session, program=program, member_ids=winner_ids)
    return [WinnerRead(position=position, name=names[member_id])
            for position, member_id in enumerate(winner_ids, start=1)]


def _draw_read(session: Session, program: Program, record: ContestDraw, winner_ids: list[int]) -> DrawRead:
    holdings = [domain.Holding(member_id, count) for member_id, count in contests.holdings(
        session, contest_id=record.contest_id)]
    repeated = domain.repeat(record.algorithm, bytes.fromhex(record.seed_hex), holdings, record.winners_count)
    verified = domain.entries_digest(holdings) == record.entries_digest and repeated == winner_ids
    return DrawRead(contest_id=record.contest_id, seed_hex=record.seed_hex, entries_digest=record.entries_digest,
                    entrants=record.entrants, entries_total=record.entries_total,
                    winners_count=record.winners_count, algorithm=record.algorithm, drawn_by=record.drawn_by,
                    drawn_at=record.drawn_at, winners=_winners(session, program, winner_ids), verified=verified)


def draw_record(*, session: Session, program: Program, contest_id: int) -> DrawRead:
    """The recorded draw, repeated from today's entries to show it still holds (404 `contest_not_drawn`)."""
    contest = _contest(session, program, contest_id)
    record = contests.draw_record(session, contest_id=contest.id)
    if record is None:
        raise NotFound("This contest has not been drawn yet.", code="contest_not_drawn", field="contest_id")
    return _draw_read(session, program, record, contests.winners(session, contest_id=contest.id))


def winners(*, session: Session, program: Program, contest_id: int) -> WinnersRead:
    """The published winners by public name (empty before the draw)."""
    contest = _contest(session, program, contest_id)
    return WinnersRead(items=_winners(session, program, contests.winners(session, contest_id=contest.id)))


def member_won(*, session: Session, program: Program, contest_id: int, member_id: int) -> bool:
    return member_id in contests.winners(session, contest_id=contest_id)


def draw_due(*, session: Session, program: Program, contest_id: int) -> bool:
    """The worker's draw of a closed contest; False when it was drawn meanwhile."""
    try:
        draw(session=session, program=program, contest_id=contest_id, actor="worker")
    except Conflict:
        return False
    return True


def due_for_draw(*, session: Session) -> list[tuple[int, int]]:
    return contests.due_for_draw(session, now=clock.now())
