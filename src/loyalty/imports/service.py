"""Imports from CSV: members (with their cards and opening balances), historical receipts and
rewards. The CLI (`loyalty import`) and the admin panel (/admin/imports) both call `run_import`.

Nothing half-imported. The whole file is read and checked first: every line's required
fields, types (whole numbers, decimals, ISO dates), the same input models the API validates
with, duplicates inside the file and against the database, and references to members. If any
line is rejected, nothing is written and `ImportRefused` carries the report of every rejected
line. Otherwise everything is written through the same services the API uses, in the
caller's ONE unit of work (one database transaction), which the caller commits. A line that
a service still refuses then (a rule the checks could not foresee, such as a reward naming a
code pool of another program) is rejected too, the import goes on to collect the others under
a savepoint per line, and `ImportRefused` rolls the whole unit back.

Why one transaction and not batches in an import job undone on failure: the ledger only grows
(database triggers refuse deleting entries), so batches already committed could only be
"undone" by reversal entries that stay in members' histories, and other requests would have
seen, and built on, half an import meanwhile. One transaction costs what it costs: on SQLite
the import holds the database's write lock for its duration (a 1,000,000-line history takes
about a minute, bench/import_history.py), and on PostgreSQL the rows it writes are invisible
until it commits, which is the point.

Services never commit; progress is reported through a callback (stage, done, total) so the
caller decides where it goes (a terminal bar, an import job's counters).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from loyalty.imports import repository
from loyalty.imports.domain import (
    MAX_REJECTIONS_KEPT,
    MEMBER_REFERENCE_COLUMNS,
    BadValue,
    FileRefused,
    Kind,
    Line,
    Rejection,
    Rejections,
    boolean,
    decimal,
    decode,
    iso_date,
    iso_moment,
    minor_units,
    parse_cells,
    read_lines,
    validation_rejections,
    whole_number,
)
from loyalty.imports.models import ImportJob
from loyalty.kernel import clock, money
from loyalty.kernel.errors import DomainError, Invalid, NotFound
from loyalty.ledger import service as ledger
from loyalty.members import domain as member_rules
from loyalty.members import service as members
from loyalty.members.schemas import MemberCreate
from loyalty.programs.models import Program
from loyalty.purchases import activity
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate
from loyalty.rewards import service as rewards
from loyalty.rewards.schemas import RewardCreate

Progress = Callable[[str, int, int], None]  # stage ("checking" | "importing"), lines done, lines in all
PROGRESS_EVERY = 1000
HISTORY_CHUNK = 2000  # receipts written per statement batch
# Past that many members given receipts by one import, their activity rows are rebuilt for the
# whole program at once (one grouped statement) rather than member by member.
ACTIVITY_REFRESH_LIMIT = 20_000


@dataclass
class Report:
    kind: Kind
    lines: int
    imported: dict[str, int] = field(default_factory=dict)
    rejected: list[Rejection] = field(default_factory=list)
    rejected_count: int = 0

    @property
    def ok(self) -> bool:
        return self.rejected_count == 0

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "lines": self.lines, "imported": self.imported,
                "rejected_count": self.rejected_count,
                "rejected": [{"line": r.line, "field": r.field, "reason": r.reason} for r in self.rejected]}


class ImportRefused(Invalid):
    """Some lines are rejected, so nothing was imported; `report` lists them."""

    code = "import_refused"

    def __init__(self, report: Report) -> None:
        super().__init__(f"{report.rejected_count} line(s) rejected: nothing was imported.", field="file")
        self.report = report


def _refused(kind: Kind, lines: int, rejections: Rejections | list[Rejection]) -> ImportRefused:
    items = rejections.sorted() if isinstance(rejections, Rejections) else sorted(rejections)
    return ImportRefused(Report(kind=kind, lines=lines, rejected=items[:MAX_REJECTIONS_KEPT],
                                rejected_count=len(items)))


def run_import(*, session: Session, program: Program, kind: Kind, data: bytes, actor: str,
               progress: Progress | None = None) -> Report:
    """Check the whole file, then import everything in `session`'s transaction; `ImportRefused`
    (the caller's unit of work then rolls back) when any line is rejected."""
    report_progress = progress or (lambda _stage, _done, _total: None)
    try:
        text = decode(data)
        total, _ = read_lines(text, kind)
    except FileRefused as refused:
        raise _refused(kind, 0, refused.rejections) from None
    if kind == "members":
        return _import_members(session, program, text, total, actor, report_progress)
    if kind == "purchases":
        return _import_purchases(session, program, text, total, report_progress)
    if kind == "rewards":
        return _import_rewards(session, program, text, total, actor, report_progress)
    raise Invalid(f"Unknown import kind {kind!r}: members, purchases or rewards.", code="unknown_kind",
                  field="kind")


def _counted(lines: Iterator[Line], stage: str, total: int, progress: Progress) -> Iterator[Line]:
    done = 0
    for line in lines:
        yield line
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(stage, done, total)
    if done % PROGRESS_EVERY:
        progress(stage, done, total)


def _service_rejection(line: int, error: DomainError, columns: dict[str, str] | None = None) -> Rejection:
    name = (error.field or "line").split(".")[0]
    return Rejection(line, (columns or {}).get(name, name), error.message)


# --- members -----------------------------------------------------------------------------------

IDENTIFIER_COLUMNS = ("email", "phone", "external_id", "card_number")


@dataclass(frozen=True)
class _MemberLine:
    line: int
    data: MemberCreate
    opening_balance: int


def _card_number(value: str) -> str:
    number = member_rules.normalize_card_number(value)
    if not number.isdigit() or not 8 <= len(number) <= 32 or not member_rules.is_valid_card_number(number):
        raise BadValue(f"{value!r} is not a valid card number (8 to 32 digits, check digit included)")
    return number


def _normalized(normalize: Callable[[str], str]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        try:
            return normalize(value)
        except ValueError as error:
            raise BadValue(str(error)) from None
    return parse


def _import_members(session: Session, program: Program, text: str, total: int, actor: str,
                    progress: Progress) -> Report:
    rejections = Rejections()
    timezone = program.timezone
    parsers: dict[str, Any] = {
        "email": _normalized(member_rules.normalize_email), "phone": _normalized(member_rules.normalize_phone),
        "birth_date": iso_date, "enrolled_at": lambda value: iso_moment(value, timezone),
        "card_number": _card_number, "opening_balance": lambda value: whole_number(value, minimum=0),
    }
    parsed: list[_MemberLine] = []
    identifiers: list[tuple[int, dict[str, str]]] = []  # every line's, also of lines rejected for another cell
    first_line: dict[tuple[str, str], int] = {}
    _, lines = read_lines(text, "members")
    for line in _counted(lines, "checking", total, progress):
        values, ok = parse_cells(line, parsers, rejections)
        line_identifiers = {name: values[name] for name in IDENTIFIER_COLUMNS if name in values}
        identifiers.append((line.number, line_identifiers))
        for name, value in line_identifiers.items():
            seen = first_line.setdefault((name, value), line.number)
            if seen != line.number:
                rejections.add(line.number, name, f"the same as on line {seen}")
                ok = False
        opening_balance = values.pop("opening_balance", 0)
        if opening_balance and "points" not in program.units:
            rejections.add(line.number, "opening_balance", "this program has no points unit")
            ok = False
        if not ok:
            continue
        try:
            data = MemberCreate.model_validate({**values, "enrolment_channel": "import"})
        except ValidationError as error:
            rejections.extend(validation_rejections(line.number, error))
            continue
        parsed.append(_MemberLine(line.number, data, opening_balance))
    _check_members_against_database(session, program, identifiers, rejections)
    if rejections:
        raise _refused("members", total, rejections)
    statuses = members.card_statuses(session=session, program_id=program.id,
                                     numbers=[m.data.card_number for m in parsed if m.data.card_number])
    new_cards = [m.data.card_number for m in parsed if m.data.card_number and m.data.card_number not in statuses]
    made = members.add_carried_over_cards(session=session, program=program, numbers=new_cards)
    balances = 0
    for done, member_line in enumerate(parsed, start=1):
        try:
            with session.begin_nested():
                member = members.enrol_member(session=session, program=program, data=member_line.data, actor=actor)
                if member_line.opening_balance:
                    ledger.open_balance(session=session, program=program, member_id=member.id, unit="points",
                                        points=member_line.opening_balance, reason="Opening balance (import)",
                                        actor=actor)
                    balances += 1
        except DomainError as error:
            rejections.items.append(_service_rejection(member_line.line, error))
        if done % PROGRESS_EVERY == 0:
            progress("importing", done, len(parsed))
    progress("importing", len(parsed), len(parsed))
    if rejections:
        raise _refused("members", total, rejections)
    return Report(kind="members", lines=total, imported={"members": len(parsed), "opening_balances": balances,
                                                         "cards": len(made)})


def _check_members_against_database(session: Session, program: Program,
                                    identifiers: list[tuple[int, dict[str, str]]], rejections: Rejections) -> None:
    labels = {"email": "e-mail address", "phone": "phone number", "external_id": "external id"}
    for name, label in labels.items():
        values = {given[name] for _number, given in identifiers if name in given}
        taken = members.member_ids_by(session=session, program_id=program.id, field=name, values=values)
        for number, given in identifiers:
            if given.get(name) in taken:
                rejections.add(number, name, f"another member of this program already has this {label}")
    numbers = [given["card_number"] for _number, given in identifiers if "card_number" in given]
    statuses = members.card_statuses(session=session, program_id=program.id, numbers=numbers)
    for number, given in identifiers:
        status = statuses.get(given.get("card_number", ""))
        if status == "active":
            rejections.add(number, "card_number", "this card belongs to another member")
        elif status == "blocked":
            rejections.add(number, "card_number", "this card is blocked")


# --- historical receipts ----------------------------------------------------------------------

PURCHASE_FIELD_COLUMNS = {"external_id": "receipt_id", "lines": "sku"}
RECEIPT_COLUMNS = ("member_card_number", "member_email", "member_external_id", "occurred_at", "receipt_number",
                   "channel", "store", "total")


@dataclass
class _Receipt:
    """A receipt being read: the values of its first line, and its item lines."""

    receipt_id: str
    line: int
    values: dict[str, Any]
    items: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    ok: bool = True

    def member_reference(self) -> tuple[str, str] | None:
        for column in MEMBER_REFERENCE_COLUMNS:
            if column in self.values:
                return column, self.values[column]
        return None


def _receipts(lines: Iterator[Line], program: Program, rejections: Rejections) -> Iterator[_Receipt]:
    """Lines grouped into receipts (a receipt's lines are consecutive), each line's cells parsed;
    a receipt with a rejected line comes out with `ok` False."""
    digits = money.minor_units(program.currency)
    timezone = program.timezone
    parsers: dict[str, Any] = {
        "member_card_number": _card_number, "member_email": _normalized(member_rules.normalize_email),
        "occurred_at": lambda value: iso_moment(value, timezone), "total": lambda value: minor_units(value, digits),
        "quantity": lambda value: whole_number(value, minimum=1),
        "unit_price": lambda value: minor_units(value, digits),
    }
    finished: dict[str, int] = {}
    current: _Receipt | None = None
    for line in lines:
        values, ok = parse_cells(line, parsers, rejections)
        receipt_id = line.get("receipt_id")
        if receipt_id is None:
            rejections.add(line.number, "receipt_id", "required")
            continue
        if current is None or current.receipt_id != receipt_id:
            if current is not None:
                finished[current.receipt_id] = current.line
                yield current
            current = _Receipt(receipt_id, line.number, {})
            if receipt_id in finished:
                rejections.add(line.number, "receipt_id", f"the lines of receipt {receipt_id} must follow each other "
                                                          f"(it started on line {finished[receipt_id]})")
                current.ok = False
        if not ok:
            current.ok = False
        if current.line == line.number:
            current.values = {name: values[name] for name in RECEIPT_COLUMNS if name in values}
            given = [name for name in MEMBER_REFERENCE_COLUMNS if name in values]
            if len(given) > 1:
                rejections.add(line.number, given[1], f"give one of {', '.join(MEMBER_REFERENCE_COLUMNS)}, "
                                                      "not several")
                current.ok = False
            if "occurred_at" not in values:
                rejections.add(line.number, "occurred_at", "required")
                current.ok = False
        else:
            for name in RECEIPT_COLUMNS:
                if name in values and values[name] != current.values.get(name):
                    rejections.add(line.number, name, f"differs from line {current.line} of the same receipt")
                    current.ok = False
        item: dict[str, Any] = {name: values[name] for name in ("sku", "name", "category", "quantity", "unit_price")
                                if name in values}
        if item:
            if "sku" not in item:
                rejections.add(line.number, "sku", "required on a line with a quantity, price, name or category")
                current.ok = False
            elif "unit_price" not in item:
                if line.get("unit_price") is None:  # else its parser said what is wrong with it
                    rejections.add(line.number, "unit_price", "required on a line with an sku")
                current.ok = False
            else:
                current.items.append((line.number, item))
        elif current.line != line.number:
            rejections.add(line.number, "sku", "a further line of a receipt must name an item")
            current.ok = False
    if current is not None:
        yield current


def _purchase_create(receipt: _Receipt, rejections: Rejections | None) -> PurchaseCreate | None:
    values = receipt.values
    body: dict[str, Any] = {
        "external_id": receipt.receipt_id, "occurred_at": values.get("occurred_at"),
        "channel": values.get("channel", "pos"), "store": values.get("store"),
        "receipt_number": values.get("receipt_number"), "total": values.get("total"),
        "lines": [{"sku": item["sku"], "name": item.get("name"), "category": item.get("category"),
                   "quantity": item.get("quantity", 1), "unit_price": item["unit_price"]}
                  for _number, item in receipt.items],
    }
    try:
        return PurchaseCreate.model_validate(body)
    except ValidationError as error:
        if rejections is not None:
            for problem in error.errors():
                location = list(problem.get("loc", ()))
                message = str(problem.get("msg", "invalid value")).removeprefix("Value error, ")
                if location[:1] == ["lines"] and len(location) >= 2 and isinstance(location[1], int):
                    number = receipt.items[location[1]][0]
                    column = str(location[2]) if len(location) > 2 else "sku"
                    rejections.add(number, column, message)
                else:
                    name = str(location[0]) if location else "line"
                    rejections.add(receipt.line, PURCHASE_FIELD_COLUMNS.get(name, name), message)
        return None


def _import_purchases(session: Session, program: Program, text: str, total: int, progress: Progress) -> Report:
    """Two passes over the file, so a million lines never sit in memory as objects: the first
    checks every line and gathers the members and receipt ids to look up, the second (only
    when nothing was rejected) writes the receipts in chunks."""
    rejections = Rejections()
    references: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    receipt_lines: dict[str, int] = {}
    _, lines = read_lines(text, "purchases")
    for receipt in _receipts(_counted(lines, "checking", total, progress), program, rejections):
        receipt_lines[receipt.receipt_id] = receipt.line
        reference = receipt.member_reference()
        if reference is not None:
            references[reference[0]][reference[1]].append(receipt.line)
        if receipt.ok:
            _purchase_create(receipt, rejections)
    member_ids = _find_members(session, program, references, rejections)
    for receipt_id in purchases.taken_external_ids(session=session, program_id=program.id,
                                                   external_ids=list(receipt_lines)):
        rejections.add(receipt_lines[receipt_id], "receipt_id", "a receipt with this id was recorded already")
    if rejections:
        raise _refused("purchases", total, rejections)
    receipts = len(receipt_lines)
    del receipt_lines, references
    written = 0
    chunk: list[purchases.HistoricalReceipt] = []
    buyers: set[int] = set()
    _, lines = read_lines(text, "purchases")
    for receipt in _receipts(lines, program, rejections):
        data = _purchase_create(receipt, None)
        assert data is not None and receipt.ok, "the file changed between the two passes"
        reference = receipt.member_reference()
        member_id = member_ids[reference] if reference is not None else None
        chunk.append(purchases.HistoricalReceipt(data=data, member_id=member_id))
        if member_id is not None:
            buyers.add(member_id)
        if len(chunk) == HISTORY_CHUNK:
            purchases.import_history(session=session, program=program, receipts=chunk)
            written += len(chunk)
            chunk = []
            progress("importing", written, receipts)
    purchases.import_history(session=session, program=program, receipts=chunk)
    written += len(chunk)
    # Imported receipts announce no event, so the segments subscriber never hears of them: the
    # members' activity rows are recomputed here, in the import's transaction (the whole program
    # set-based when the import touched many members).
    if len(buyers) > ACTIVITY_REFRESH_LIMIT:
        activity.rebuild(session, program_id=program.id)
    else:
        activity.refresh_members(session, program_id=program.id, member_ids=sorted(buyers))
    progress("importing", written, receipts)
    return Report(kind="purchases", lines=total, imported={"receipts": written, "lines": total})


def _find_members(session: Session, program: Program, references: dict[str, dict[str, list[int]]],
                  rejections: Rejections) -> dict[tuple[str, str], int]:
    fields = {"member_card_number": ("card_number", "card number"), "member_email": ("email", "e-mail address"),
              "member_external_id": ("external_id", "external id")}
    found: dict[tuple[str, str], int] = {}
    for column, by_value in references.items():
        field_name, label = fields[column]
        ids = members.member_ids_by(session=session, program_id=program.id, field=field_name, values=list(by_value))
        for value, line_numbers in by_value.items():
            if value in ids:
                found[(column, value)] = ids[value]
                continue
            reason = (f"no member of this program has this {label}" if field_name != "card_number"
                      else "no member of this program holds this card (or it is blocked)")
            for number in line_numbers:
                rejections.add(number, column, reason)
    return found


# --- rewards ------------------------------------------------------------------------------------

def _import_rewards(session: Session, program: Program, text: str, total: int, actor: str,
                    progress: Progress) -> Report:
    rejections = Rejections()
    digits = money.minor_units(program.currency)
    timezone = program.timezone
    whole = lambda value: whole_number(value, minimum=0)  # noqa: E731 - a parser table reads better
    parsers: dict[str, Any] = {
        "points_price": whole, "money_price": lambda value: minor_units(value, digits), "stock": whole,
        "limit_per_member": whole, "limit_total": whole, "code_pool_id": whole, "voucher_campaign_id": whole,
        "cause_id": whole, "cashback_rate": decimal, "is_active": boolean,
        "starts_at": lambda value: iso_moment(value, timezone), "ends_at": lambda value: iso_moment(value, timezone),
        "eligible_tiers": lambda value: [code.strip() for code in value.split(";") if code.strip()],
    }
    columns = {"names": "name", "descriptions": "description"}
    parsed: list[tuple[int, RewardCreate]] = []
    _, lines = read_lines(text, "rewards")
    for line in _counted(lines, "checking", total, progress):
        values, ok = parse_cells(line, parsers, rejections)
        if not ok:
            continue
        body: dict[str, Any] = {name: value for name, value in values.items()
                                if name not in ("name", "description")}
        body["names"] = {program.locale: values.get("name", "")}
        if "description" in values:
            body["descriptions"] = {program.locale: values["description"]}
        try:
            parsed.append((line.number, RewardCreate.model_validate(body)))
        except ValidationError as error:
            rejections.extend(validation_rejections(line.number, error, columns))
    if rejections:
        raise _refused("rewards", total, rejections)
    for done, (number, data) in enumerate(parsed, start=1):
        try:
            with session.begin_nested():
                rewards.create_reward(session=session, program=program, data=data, actor=actor)
        except DomainError as error:
            rejections.items.append(_service_rejection(number, error, columns))
        if done % PROGRESS_EVERY == 0:
            progress("importing", done, len(parsed))
    progress("importing", len(parsed), len(parsed))
    if rejections:
        raise _refused("rewards", total, rejections)
    return Report(kind="rewards", lines=total, imported={"rewards": len(parsed)})



# --- import jobs (the admin panel's) ------------------------------------------------------------

RUNNING, IMPORTED, REFUSED, FAILED = "running", "imported", "refused", "failed"


def start_job(*, session: Session, program_id: int, kind: Kind, file_name: str, data: bytes, actor: str,
              actor_name: str) -> ImportJob:
    """A job row for an import about to run (`status` running, `total` its lines, or 0 when the
    file cannot even be read: the import itself then reports why)."""
    try:
        total, _ = read_lines(decode(data), kind)
    except FileRefused:
        total = 0
    job = ImportJob(program_id=program_id, kind=kind, file_name=file_name[:200] or "upload.csv", status=RUNNING,
                    total=total, done=0, actor=actor, actor_name=actor_name[:200], created_at=clock.now(),
                    report={})
    repository.add(session, job)
    return job


def finish_job(*, session: Session, job_id: int, status: str, report: dict[str, Any]) -> None:
    """Record how the job ended: imported (in the import's own unit of work, so the row says
    imported exactly when the data is in), refused or failed (in a unit of its own)."""
    done = int(report.get("lines", 0)) if status == IMPORTED else 0
    repository.finish(session, job_id=job_id, status=status, done=done, report=report, at=clock.now())


def get_job(*, session: Session, program_id: int, job_id: int) -> ImportJob:
    job = repository.get(session, program_id=program_id, job_id=job_id)
    if job is None:
        raise NotFound(f"No import {job_id} in this program.", code="import_not_found", field="job_id")
    return job


def recent_jobs(*, session: Session, program_id: int, limit: int = 10) -> Sequence[ImportJob]:
    return repository.recent(session, program_id=program_id, limit=limit)
