"""Leaderboards: define them, count members' events into them (the worker's subscriber), read the
standings and a member's own place, and the public names members appear under.

Scores are kept, not recomputed: each counted event adds its delta to one row per board in one
upsert (`score = score + delta`), and the event's id is noted in the same unit of work, so a
redelivered event counts once. A read is an index range scan of the board's period.

A challenge board (`measure="challenge"`) keeps no scores: it reads the challenge's participants'
`progress`, which the gamification subscriber keeps current, so it is as live as the challenge.
Its period is the challenge's window (stored as a season of the window's local dates).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from loyalty.events.subscribers import PublishedEvent
from loyalty.gamification import repository as challenges
from loyalty.kernel import clock
from loyalty.kernel.errors import Invalid, NotFound
from loyalty.kernel.paging import Slice, check_limit, slice_of
from loyalty.leaderboards import domain
from loyalty.leaderboards import repository as boards
from loyalty.leaderboards.models import Leaderboard, PublicName
from loyalty.leaderboards.schemas import (
    LeaderboardCreate,
    LeaderboardRead,
    LeaderboardUpdate,
    MyStandingRead,
    PublicNameRead,
    PublicNameUpdate,
    StandingRead,
    StandingsRead,
)
from loyalty.programs.models import Program
from loyalty.segment_membership.lookup import is_in_segment, segment_exists


def _read(board: Leaderboard) -> LeaderboardRead:
    return LeaderboardRead.model_validate(board)


def _current(session: Session, program: Program, board: Leaderboard) -> LeaderboardRead:
    """The board as read; a challenge board's dates are its challenge's as they are now (the
    challenge's end may have been moved since the board was made)."""
    read = _read(board)
    if board.challenge_id is None:
        return read
    challenge = challenges.get_challenge(session, program_id=program.id, challenge_id=board.challenge_id)
    if challenge is None:
        return read
    starts_on = clock.local_date(challenge.starts_at, program.timezone)
    ends_on = max(starts_on, clock.local_date(challenge.ends_at, program.timezone))
    return read.model_copy(update={"starts_on": starts_on, "ends_on": ends_on})


def _board(session: Session, program: Program, leaderboard_id: int) -> Leaderboard:
    board = boards.get(session, program_id=program.id, leaderboard_id=leaderboard_id)
    if board is None:
        raise NotFound("No such leaderboard in this program.", code="leaderboard_not_found", field="leaderboard_id")
    return board


def create(*, session: Session, program: Program, data: LeaderboardCreate) -> LeaderboardRead:
    """A new board. It counts the events recorded from its creation on; with `count_past_events`,
    the current period's events recorded before are added here, once (the worker skips those:
    the two never count one event twice)."""
    if data.segment_id is not None and not segment_exists(session, program_id=program.id,
                                                          segment_id=data.segment_id):
        raise Invalid("No such segment in this program.", code="unknown_segment", field="segment_id")
    period, starts_on, ends_on = data.period, data.starts_on, data.ends_on
    if data.challenge_id is not None:
        challenge = challenges.get_challenge(session, program_id=program.id, challenge_id=data.challenge_id)
        if challenge is None:  # another program's challenge too
            raise Invalid("No such challenge in this program.", code="unknown_challenge", field="challenge_id")
        period = "season"
        starts_on = clock.local_date(challenge.starts_at, program.timezone)
        ends_on = max(starts_on, clock.local_date(challenge.ends_at, program.timezone))
    assert period is not None  # the schema requires one for every other board
    now = clock.now()
    board = Leaderboard(program_id=program.id, name=data.name, description=data.description, measure=data.measure,
                        period=period, starts_on=starts_on, ends_on=ends_on, scope=data.scope,
                        store_code=data.store_code, segment_id=data.segment_id, challenge_id=data.challenge_id,
                        is_active=True, created_at=now, updated_at=now)
    session.add(board)
    session.flush()
    if board.challenge_id is not None:  # the participants so far get their pseudonyms now
        boards.ensure_public_names(session, program_id=program.id, now=now,
                                   member_ids=_challenge_members(session, board.challenge_id))
    if data.count_past_events:
        _count_past_events(session, program, board)
    return _read(board)


def _challenge_members(session: Session, challenge_id: int) -> list[int]:
    return boards.challenge_member_ids(session, challenge_id=challenge_id)


def _count_past_events(session: Session, program: Program, board: Leaderboard) -> None:
    start = current_period_start(program=program, board=_read(board))
    zone = ZoneInfo(program.timezone)
    occurred_from = datetime(start.year, start.month, start.day, tzinfo=zone).astimezone(UTC)
    events = boards.recorded_events(session, program_id=program.id, types=sorted(domain.MEASURES[board.measure]),
                                    occurred_from=occurred_from, recorded_before=board.created_at)
    members: set[int] = set()
    for event in events:
        change = _change(session, program, board, event, {})
        if change is not None and event.member_id is not None:
            boards.add_score(session, leaderboard_id=board.id, period_start=change[0], program_id=program.id,
                             member_id=event.member_id, amount=change[1], now=board.created_at)
            members.add(event.member_id)
    boards.ensure_public_names(session, program_id=program.id, member_ids=sorted(members), now=board.created_at)


def update(*, session: Session, program: Program, leaderboard_id: int, data: LeaderboardUpdate) -> LeaderboardRead:
    board = _board(session, program, leaderboard_id)
    for name in data.model_fields_set:
        value = getattr(data, name)
        if value is None and name in ("name", "is_active"):
            continue
        setattr(board, name, value)
    board.updated_at = clock.now()
    session.flush()
    return _current(session, program, board)


def get(*, session: Session, program: Program, leaderboard_id: int) -> LeaderboardRead:
    return _current(session, program, _board(session, program, leaderboard_id))


def list_boards(*, session: Session, program: Program, after: int | None = None, limit: int = 50,
                active_only: bool = False) -> Slice[LeaderboardRead]:
    check_limit(limit)
    rows = boards.page(session, program_id=program.id, after=after, limit=limit, active_only=active_only)
    return slice_of(rows, limit, lambda board: board.id).map(lambda board: _current(session, program, board))


def _period(board: Leaderboard | LeaderboardRead) -> domain.Period:
    return domain.Period(board.period, board.starts_on, board.ends_on)


# --- counting (the worker's subscriber) ---------------------------------------------------------


def active_boards(*, session: Session, program: Program) -> list[Leaderboard]:
    """The boards that count (read once per batch of events by the worker)."""
    return list(boards.active(session, program_id=program.id))


def count_event(*, session: Session, program: Program, event: PublishedEvent,
                active: list[Leaderboard] | None = None) -> int:
    """Add the event to every active board of the program it counts on (`active`, when the caller
    has read them already); how many scores changed. Idempotent: the event's id is noted with the
    scores, and a second delivery adds nothing."""
    if event.member_id is None or event.type not in domain.COUNTED_TYPES:
        return 0
    changes: list[tuple[Leaderboard, date, int]] = []
    stores: dict[int, str | None] = {}
    for board in active if active is not None else boards.active(session, program_id=program.id):
        if event.recorded_at < board.created_at:  # before the board: its back-fill's, if any
            continue
        change = _change(session, program, board, event, stores)
        if change is not None:
            changes.append((board, *change))
    if not changes:
        return 0
    now = clock.now()
    if not boards.mark_counted(session, program_id=program.id, event_id=event.id, now=now):
        return 0
    boards.ensure_public_names(session, program_id=program.id, member_ids=[event.member_id], now=now)
    for board, start, amount in changes:
        boards.add_score(session, leaderboard_id=board.id, period_start=start, program_id=program.id,
                         member_id=event.member_id, amount=amount, now=now)
    return len(changes)


def _change(session: Session, program: Program, board: Leaderboard, event: PublishedEvent,
            stores: dict[int, str | None]) -> tuple[date, int] | None:
    """The period and the amount the event adds to the board; None when it adds nothing
    (`stores` keeps the event's store once looked up)."""
    assert event.member_id is not None
    amount = domain.delta(board.measure, event.type, event.payload)
    start = domain.period_start(_period(board), clock.local_date(event.occurred_at, program.timezone))
    if amount == 0 or start is None:
        return None
    if board.scope == "store":
        if event.id not in stores:
            stores[event.id] = _event_store(session, program, event)
        if stores[event.id] != board.store_code:
            return None
    if board.scope == "segment" and board.segment_id is not None and not is_in_segment(
            session, program_id=program.id, segment_id=board.segment_id, member_id=event.member_id):
        return None
    return start, amount


def _event_store(session: Session, program: Program, event: PublishedEvent) -> str | None:
    if "store" in event.payload:
        return event.payload.get("store")
    purchase_id = event.payload.get("purchase_id")
    if not isinstance(purchase_id, int):
        return None
    return boards.purchase_store(session, program_id=program.id, purchase_id=purchase_id)


def recorded_events(*, session: Session, program: Program, types: list[str], occurred_from: datetime,
                    recorded_before: datetime) -> list[PublishedEvent]:
    """The program's member events of `types` that occurred from `occurred_from`, recorded before
    `recorded_before` (back-fills of boards and contests)."""
    return boards.recorded_events(session, program_id=program.id, types=types, occurred_from=occurred_from,
                                  recorded_before=recorded_before)


# --- reading ------------------------------------------------------------------------------------


def current_period_start(*, program: Program, board: LeaderboardRead, day: date | None = None) -> date:
    """The period holding `day` (today in the program's time zone by default); a season's own."""
    day = day or clock.local_date(clock.now(), program.timezone)
    start = domain.period_start(_period(board), day)
    if start is None:  # a season not yet begun or already over: its one period all the same
        start = board.starts_on or day
    return start


def _rows(session: Session, board: LeaderboardRead, start: date, *, position: int,
          limit: int) -> list[tuple[int, int, PublicName | None]]:
    if board.challenge_id is not None:
        return boards.challenge_standings(session, challenge_id=board.challenge_id, position=position, limit=limit)
    return boards.standings(session, leaderboard_id=board.id, period_start=start, position=position, limit=limit)


def _above(session: Session, board: LeaderboardRead, start: date, score: int) -> int:
    if board.challenge_id is not None:
        return boards.challenge_above(session, challenge_id=board.challenge_id, score=score)
    return boards.above(session, leaderboard_id=board.id, period_start=start, score=score)


def name_of(row: PublicName | None) -> str:
    if row is None:  # every scored member gets one; a member without one is shown unnamed
        return domain.public_name(pseudonym="——", display_name=None, shows_name=False)
    return domain.public_name(pseudonym=row.pseudonym, display_name=row.display_name, shows_name=row.shows_name)


def standings(*, session: Session, program: Program, leaderboard_id: int, day: date | None = None,
              position: int = 0, limit: int = 50, me_member_id: int | None = None) -> StandingsRead:
    """A page of the board's standings in the period holding `day`, best first, from `position`."""
    check_limit(limit)
    board = _current(session, program, _board(session, program, leaderboard_id))
    start = current_period_start(program=program, board=board, day=day)
    rows = _rows(session, board, start, position=position, limit=limit)
    shown = rows[:limit]
    first_rank = _above(session, board, start, shown[0][1]) + 1 if shown else 1
    rank_list = domain.ranks([score for _, score, _ in shown], first_position=position + 1, first_rank=first_rank)
    items = [StandingRead(rank=rank, name=name_of(name), score=score, is_me=member_id == me_member_id)
             for (member_id, score, name), rank in zip(shown, rank_list, strict=True)]
    return StandingsRead(period_start=start, period_end=domain.period_end(_period(board), start), items=items,
                         next_position=position + limit if len(rows) > limit else None)


def contenders(*, session: Session, program: Program, leaderboard_id: int, day: date,
               places: int) -> list[tuple[int, int]]:
    """(member id, score) of the members in the first `places` of the period holding `day`, with
    everyone tied with the last of them; positive scores only (a best-score contest's draw)."""
    board = _current(session, program, _board(session, program, leaderboard_id))
    start = current_period_start(program=program, board=board, day=day)
    top = _rows(session, board, start, position=0, limit=places)[:places]
    if not top:
        return []
    threshold = max(top[-1][1], 1)
    if board.challenge_id is not None:
        return boards.challenge_at_least(session, challenge_id=board.challenge_id, score=threshold)
    return boards.scores_at_least(session, leaderboard_id=board.id, period_start=start, score=threshold)


def top_member_ids(*, session: Session, program: Program, leaderboard_id: int, limit: int) -> list[int]:
    """The member ids of the current period's top `limit` (the demo picks its named members among them)."""
    board = _current(session, program, _board(session, program, leaderboard_id))
    start = current_period_start(program=program, board=board)
    rows = _rows(session, board, start, position=0, limit=limit)
    return [member_id for member_id, _score, _name in rows[:limit]]


def my_standing(*, session: Session, program: Program, leaderboard_id: int, member_id: int,
                day: date | None = None) -> MyStandingRead:
    board = _current(session, program, _board(session, program, leaderboard_id))
    start = current_period_start(program=program, board=board, day=day)
    if board.challenge_id is not None:
        score = boards.challenge_progress(session, challenge_id=board.challenge_id, member_id=member_id)
    else:
        score = boards.member_score(session, leaderboard_id=board.id, period_start=start, member_id=member_id)
    name = name_of(boards.public_name(session, program_id=program.id, member_id=member_id))
    if score is None:
        return MyStandingRead(rank=None, score=0, name=name)
    return MyStandingRead(rank=_above(session, board, start, score) + 1, score=score, name=name)


# --- public names -------------------------------------------------------------------------------


def find_public_name(*, session: Session, program: Program, member_id: int) -> PublicNameRead | None:
    """The member's public name, None when they have none yet (read-only)."""
    row = boards.public_name(session, program_id=program.id, member_id=member_id)
    if row is None:
        return None
    return PublicNameRead(name=name_of(row), display_name=row.display_name, shows_name=row.shows_name)


def member_data(*, session: Session, program: Program, member_id: int) -> dict[str, object]:
    """What leaderboards keep about the member (their data export): public name and scores."""
    name = boards.public_name(session, program_id=program.id, member_id=member_id)
    return {"public_name": None if name is None else {
        "pseudonym": name.pseudonym, "display_name": name.display_name, "shows_name": name.shows_name},
        "scores": [{"leaderboard_id": board_id, "period_start": start.isoformat(), "score": score}
                   for board_id, start, score in boards.member_scores(session, program_id=program.id,
                                                                      member_id=member_id)]}


def public_name(*, session: Session, program: Program, member_id: int) -> PublicNameRead:
    """The member's public name, making their pseudonym when they have none yet (writes)."""
    boards.ensure_public_names(session, program_id=program.id, member_ids=[member_id], now=clock.now())
    row = boards.public_name(session, program_id=program.id, member_id=member_id)
    assert row is not None
    return PublicNameRead(name=name_of(row), display_name=row.display_name, shows_name=row.shows_name)


def set_public_name(*, session: Session, program: Program, member_id: int, data: PublicNameUpdate) -> PublicNameRead:
    """The member's own choice: a display name and whether to show it (a pseudonym otherwise)."""
    display_name = (data.display_name or "").strip() or None
    if data.shows_name and display_name is None:
        raise Invalid("Choose a display name to show it.", code="display_name_required", field="display_name")
    if display_name is not None and "@" in display_name:
        raise Invalid("A display name cannot be an e-mail address.", code="invalid_display_name",
                      field="display_name")
    boards.ensure_public_names(session, program_id=program.id, member_ids=[member_id], now=clock.now())
    row = boards.public_name(session, program_id=program.id, member_id=member_id)
    assert row is not None
    row.display_name = display_name
    row.shows_name = data.shows_name
    row.updated_at = clock.now()
    session.flush()
    return PublicNameRead(name=name_of(row), display_name=row.display_name, shows_name=row.shows_name)


def has_challenge_boards(*, session: Session, program_id: int) -> bool:
    """Whether the program has an active board ranked by a challenge (the gamification worker then
    gives the members it measures their pseudonyms)."""
    return boards.has_challenge_boards(session, program_id=program_id)


def ensure_public_names(*, session: Session, program: Program, member_ids: list[int]) -> None:
    """A pseudonym for each of the members who has none yet (contest entrants and winners)."""
    boards.ensure_public_names(session, program_id=program.id, member_ids=member_ids, now=clock.now())


def public_names(*, session: Session, program: Program, member_ids: list[int]) -> dict[int, str]:
    """Each member's public name (read-only)."""
    rows = boards.public_names(session, program_id=program.id, member_ids=member_ids)
    return {member_id: name_of(rows.get(member_id)) for member_id in member_ids}
