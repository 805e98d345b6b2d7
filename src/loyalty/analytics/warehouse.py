"""The analytics copy: a DuckDB file per operational database, filled by `sync`.

Reports never query the operational database. The worker copies the columns the reports need
(`TABLES`) into a local DuckDB file every minute (and on demand); the dashboard and the pivot
then read only that file, so no report ever holds a lock or a connection the purchase path
needs, and a report over 20 million receipt lines runs on a column store.

How rows travel: SQLAlchemy streams each table in batches (a server-side cursor on
PostgreSQL), a batch becomes an Arrow table, and DuckDB inserts from Arrow. No DuckDB
extension is loaded (none can be downloaded at run time on many servers): only the core,
with its bundled ICU time zones.

Incremental: append-mostly tables are copied by id watermark; rows still younger than
`sync_overlap_seconds` are copied again on the next run (a PostgreSQL transaction may commit
an id below one already seen). Rows that change (members, redemptions, referrals, tiers) are
copied again when their change time moves; a refund copies its receipt and lines again; small
tables are copied whole. A first copy (or one after a change of `SCHEMA_VERSION`) is built
in a new file beside the old, then swapped in, so reports go on meanwhile.

Concurrency: DuckDB lets one process write a file, or many read it. A lock file beside it
(flock) gives readers a shared lock and the sync an exclusive one; every connection is
closed after use.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import itertools
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy import Boolean, Connection, Numeric, and_, column, inspect, or_, select, table, text
from sqlalchemy.engine import make_url

from loyalty.config import Settings
from loyalty.db.base import UtcDateTime
from loyalty.db.engine import Database
from loyalty.kernel import clock

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
BATCH_ROWS = 50_000
IN_CHUNK = 1_000  # ids per "id IN (...)" when copying rows again

# DuckDB type of each column kind.
BIGINT, TEXT, TIME, BOOL, DECIMAL = "BIGINT", "VARCHAR", "TIMESTAMP", "BOOLEAN", "DECIMAL(18,6)"
_ARROW = {BIGINT: pa.int64(), TEXT: pa.string(), TIME: pa.timestamp("us", tz="UTC"), BOOL: pa.bool_(),
          DECIMAL: pa.decimal128(18, 6)}


@dataclass(frozen=True)
class Spec:
    """One operational table as copied: its columns (name, DuckDB type) and how it changes."""

    name: str
    columns: tuple[tuple[str, str], ...]
    inserted: str | None = None  # when a row was written (the overlap); None: never copied again by age
    changed: str | None = None  # a time that moves when the row changes: copied again then
    whole: bool = False  # small: copied whole every time
    where: str | None = None  # the rows copied: "member_id IS NULL" (program accounts)
    table: str | None = None  # the operational table, when not `name` (a part of the events)
    optional: bool = False  # may not exist (segments are another domain's, added later)
    indexes: tuple[str, ...] = field(default=())


TABLES: tuple[Spec, ...] = (
    Spec("programs", (("id", BIGINT), ("name", TEXT), ("currency", TEXT), ("timezone", TEXT),
                      ("point_value", DECIMAL)), whole=True),
    Spec("members", (("id", BIGINT), ("program_id", BIGINT), ("status", TEXT), ("enrolment_channel", TEXT),
                     ("enrolled_at", TIME), ("updated_at", TIME), ("referred_by_id", BIGINT)),
         inserted="updated_at", changed="updated_at"),
    Spec("purchases", (("id", BIGINT), ("program_id", BIGINT), ("member_id", BIGINT), ("channel", TEXT),
                       ("store_code", TEXT), ("occurred_at", TIME), ("recorded_at", TIME), ("currency", TEXT),
                       ("total_minor", BIGINT), ("refunded_minor", BIGINT), ("claimed_at", TIME)),
         inserted="recorded_at", changed="claimed_at"),
    Spec("purchase_lines", (("id", BIGINT), ("program_id", BIGINT), ("purchase_id", BIGINT), ("sku", TEXT),
                            ("category", TEXT), ("quantity", BIGINT), ("amount_minor", BIGINT),
                            ("refunded_quantity", BIGINT), ("refunded_minor", BIGINT))),
    Spec("refunds", (("id", BIGINT), ("program_id", BIGINT), ("purchase_id", BIGINT), ("amount_minor", BIGINT),
                     ("created_at", TIME)), inserted="created_at"),
    Spec("accounts", (("id", BIGINT), ("program_id", BIGINT), ("kind", TEXT), ("unit", TEXT)),
         whole=True, where="member_id IS NULL"),
    Spec("ledger_entries", (("id", BIGINT), ("program_id", BIGINT), ("account_id", BIGINT), ("member_id", BIGINT),
                            ("unit", TEXT), ("amount", BIGINT), ("created_at", TIME)), inserted="created_at"),
    Spec("rewards", (("id", BIGINT), ("program_id", BIGINT), ("kind", TEXT), ("points_price", BIGINT),
                     ("is_active", BOOL)), whole=True),
    Spec("reward_redemptions", (("id", BIGINT), ("program_id", BIGINT), ("member_id", BIGINT),
                                ("reward_id", BIGINT), ("reward_name", TEXT), ("status", TEXT), ("unit", TEXT),
                                ("points", BIGINT), ("created_at", TIME), ("updated_at", TIME)),
         inserted="updated_at", changed="updated_at"),
    Spec("voucher_campaigns", (("id", BIGINT), ("program_id", BIGINT), ("name", TEXT), ("kind", TEXT)), whole=True),
    Spec("voucher_redemptions", (("id", BIGINT), ("program_id", BIGINT), ("campaign_id", BIGINT),
                                 ("member_id", BIGINT), ("discount_minor", BIGINT), ("status", TEXT),
                                 ("redeemed_at", TIME), ("rolled_back_at", TIME)),
         inserted="redeemed_at", changed="rolled_back_at"),
    Spec("tier_levels", (("id", BIGINT), ("program_id", BIGINT), ("code", TEXT), ("name", TEXT), ("rank", BIGINT)),
         whole=True),
    Spec("member_tiers", (("id", BIGINT), ("program_id", BIGINT), ("member_id", BIGINT), ("tier_id", BIGINT),
                          ("previous_tier_id", BIGINT), ("since", TIME), ("updated_at", TIME)),
         inserted="updated_at", changed="updated_at"),
    Spec("referrals", (("id", BIGINT), ("program_id", BIGINT), ("referrer_id", BIGINT), ("referee_id", BIGINT),
                       ("status", TEXT), ("signed_up_at", TIME), ("qualified_at", TIME), ("rewarded_at", TIME),
                       ("reversed_at", TIME), ("updated_at", TIME)),
         inserted="updated_at", changed="updated_at"),
    # Tier changes (tier.changed events: from and to in the JSON payload); movement is read from them.
    Spec("tier_changes", (("id", BIGINT), ("program_id", BIGINT), ("member_id", BIGINT), ("payload", TEXT),
                          ("occurred_at", TIME), ("recorded_at", TIME)),
         table="events", where="type = 'tier.changed'", inserted="recorded_at"),
    # Segments are built by their own domain; when its table exists, members' segments are a
    # pivot dimension. Copied whole: membership is recomputed, not appended.
    Spec("segment_members", (("program_id", BIGINT), ("segment_id", BIGINT), ("member_id", BIGINT)),
         whole=True, optional=True),
)
SPECS = {spec.name: spec for spec in TABLES}

_local = threading.Lock()  # one sync at a time within a process


def warehouse_path(settings: Settings, database: Database) -> Path:
    """Where the analytics file of `database` lives (the database served, which need not be
    the one `settings.database.url` names: a test's, a demo's)."""
    if settings.analytics.path:
        return Path(settings.analytics.path)
    url = make_url(database.engine.url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database + ".analytics.duckdb")
    name = url.database or "memory"
    where = hashlib.sha256(f"{url.host}:{url.port}/{name}".encode()).hexdigest()[:8]
    return Path(settings.analytics.data_dir) / f"{name}-{where}.analytics.duckdb"


def _config(settings: Settings) -> dict[str, Any]:
    # No extension may be fetched at run time; the bundled ones (ICU for time zones) suffice.
    return {"memory_limit": settings.analytics.memory_limit, "threads": settings.analytics.threads,
            "autoinstall_known_extensions": False, "autoload_known_extensions": False}


@contextmanager
def _flock(path: Path, exclusive: bool) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(str(path) + ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _create_schema(con: duckdb.DuckDBPyConnection, specs: Sequence[Spec], source: str = "") -> None:
    con.execute("CREATE TABLE IF NOT EXISTS _meta (schema_version BIGINT, source VARCHAR)")
    if not first(con, "SELECT count(*) FROM _meta")[0]:  # type: ignore[index]
        con.execute("INSERT INTO _meta VALUES (?, ?)", [SCHEMA_VERSION, source])
    con.execute("CREATE TABLE IF NOT EXISTS _sync_state (name VARCHAR PRIMARY KEY, mark_id BIGINT, "
                "mark_time TIMESTAMP, synced_at TIMESTAMP, rows_copied BIGINT)")
    for spec in specs:
        columns = ", ".join(f'"{name}" {kind}' for name, kind in spec.columns)
        con.execute(f'CREATE TABLE IF NOT EXISTS "{spec.name}" ({columns})')


def first(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> tuple[Any, ...] | None:
    """The first row of a query, with the result read to its end (DuckDB refuses the next
    statement on a connection while a result is unfinished)."""
    rows = con.execute(sql, params or []).fetchall()
    return tuple(rows[0]) if rows else None


def _connect(path: Path, settings: Settings, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path), read_only=read_only, config=_config(settings))
    con.execute("SET TimeZone = 'UTC'")  # stored times are naive UTC; ::TIMESTAMPTZ reads them as UTC
    con.execute("SET enable_progress_bar = false")  # a server's log is not a terminal
    return con


@contextmanager
def reader(settings: Settings, database: Database) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the analytics file of `database` (made empty if no sync has run yet)."""
    path = warehouse_path(settings, database)
    if not path.exists():
        with _flock(path, exclusive=True):
            if not path.exists():
                con = _connect(path, settings, read_only=False)
                try:
                    _create_schema(con, TABLES)
                finally:
                    con.close()
    with _flock(path, exclusive=False):
        con = _connect(path, settings, read_only=True)
        try:
            yield con
        finally:
            con.close()


@dataclass(frozen=True)
class SyncReport:
    path: str
    rows: dict[str, int]  # rows copied per table this run
    rebuilt: bool
    synced_at: datetime


def sync(database: Database, settings: Settings, *, now: datetime | None = None) -> SyncReport:
    """Bring the analytics file up to date with the operational database. Safe to run often
    and from several processes (they take turns); reads the operational database only."""
    path = warehouse_path(settings, database)
    # `data_dir` need not exist yet (a first sync on PostgreSQL): DuckDB does not make folders.
    path.parent.mkdir(parents=True, exist_ok=True)
    with _local:
        now = now or clock.now()
        source = source_identity(database)
        if _needs_rebuild(path, settings, source):
            fresh = path.with_name(path.name + ".building")
            fresh.unlink(missing_ok=True)
            con = _connect(fresh, settings, read_only=False)
            try:
                rows = _copy(con, database, settings, now, source, fresh=True)
            finally:
                con.close()
            with _flock(path, exclusive=True):
                Path(str(path) + ".wal").unlink(missing_ok=True)
                os.replace(fresh, path)
            return SyncReport(path=str(path), rows=rows, rebuilt=True, synced_at=now)
        with _flock(path, exclusive=True):
            con = _connect(path, settings, read_only=False)
            try:
                rows = _copy(con, database, settings, now)
            finally:
                con.close()
        return SyncReport(path=str(path), rows=rows, rebuilt=False, synced_at=now)


def source_identity(database: Database) -> str:
    """What tells this operational database from another of the same name: a database dropped
    and made again (a demo's --reset, a test run) must not be topped up onto the old copy. The
    first program's creation time, and on PostgreSQL the database's oid."""
    with database.read_engine.connect() as connection:
        found = connection.execute(text("SELECT min(id) FROM programs")).scalar()
        created = connection.execute(text("SELECT created_at FROM programs WHERE id = :id"),
                                     {"id": found}).scalar() if found is not None else None
        oid = connection.execute(text("SELECT oid FROM pg_database WHERE datname = current_database()")).scalar() \
            if database.dialect == "postgresql" else None
    return f"{oid or ''}/{found or ''}/{created or ''}"


def _needs_rebuild(path: Path, settings: Settings, source: str) -> bool:
    if not path.exists():
        return True
    with _flock(path, exclusive=False):
        con = _connect(path, settings, read_only=True)
        try:
            found = first(con, "SELECT schema_version, source FROM _meta")
            synced = first(con, "SELECT count(*) FROM _sync_state")
        except duckdb.Error:
            return True
        finally:
            con.close()
    return found is None or found[0] != SCHEMA_VERSION or found[1] != source or not synced or synced[0] == 0


def _copy(con: duckdb.DuckDBPyConnection, database: Database, settings: Settings, now: datetime,
          identity: str = "", *, fresh: bool = False) -> dict[str, int]:
    overlap = timedelta(seconds=settings.analytics.sync_overlap_seconds)
    existing = set(inspect(database.read_engine).get_table_names())
    specs = [spec for spec in TABLES if (spec.table or spec.name) in existing or not spec.optional]
    _create_schema(con, specs, identity)
    rows: dict[str, int] = {}
    with database.read_engine.connect() as raw:
        # One snapshot of the whole database on PostgreSQL (and a transaction, which its
        # server-side cursors need); SQLite reads in one transaction as it is.
        source = raw.execution_options(isolation_level="REPEATABLE READ") if database.dialect == "postgresql" else raw
        source.begin()
        con.execute("BEGIN")
        try:
            previous = first(con, "SELECT synced_at FROM _sync_state WHERE name = 'refunds'")
            for spec in specs:
                rows[spec.name] = _sync_table(con, source, spec, now, overlap)
                if fresh:
                    # A new file nobody reads yet: commit table by table, so DuckDB does not hold
                    # the whole copy as one transaction's uncommitted rows (gigabytes at scale).
                    con.execute("COMMIT")
                    con.execute("BEGIN")
            # A refund changes its receipt's and its lines' refunded amounts: copy them again.
            touched = _refunded_since(con, previous[0] - overlap) if previous and previous[0] else []
            if touched:
                for name, key in (("purchases", "id"), ("purchase_lines", "purchase_id")):
                    rows[name] = rows.get(name, 0) + _recopy(con, source, SPECS[name], key, touched)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return rows


def _source_table(spec: Spec) -> Any:
    def typed(name: str, kind: str) -> Any:
        if kind == TIME:
            return column(name, UtcDateTime())
        if kind == BOOL:
            return column(name, Boolean())
        if kind == DECIMAL:
            return column(name, Numeric(18, 6))
        return column(name)
    return table(spec.table or spec.name, *[typed(name, kind) for name, kind in spec.columns])


def _arrow(spec: Spec, batch: Sequence[Any]) -> pa.Table:
    arrays = []
    for index, (_name, kind) in enumerate(spec.columns):
        values = [row[index] for row in batch]
        if kind == TIME:
            arrays.append(pa.array(values, _ARROW[TIME]).cast(pa.timestamp("us")))
        else:
            arrays.append(pa.array(values, _ARROW[kind]))
    return pa.Table.from_arrays(arrays, names=[name for name, _ in spec.columns])


def _insert(con: duckdb.DuckDBPyConnection, spec: Spec, frame: pa.Table, replace_key: str | None) -> int:
    con.register("_batch", frame)
    if replace_key:
        con.execute(f'DELETE FROM "{spec.name}" WHERE "{replace_key}" IN (SELECT "{replace_key}" FROM _batch)')
    con.execute(f'INSERT INTO "{spec.name}" SELECT * FROM _batch')
    con.unregister("_batch")
    return frame.num_rows


def _load(con: duckdb.DuckDBPyConnection, spec: Spec, result: Any, *, replace_key: str | None) -> int:
    copied = 0
    for batch in result.partitions(BATCH_ROWS):
        copied += _insert(con, spec, _arrow(spec, batch), replace_key)
    return copied


class _CopyStream(io.RawIOBase):
    """The bytes of a PostgreSQL `COPY … TO STDOUT` as a file, for Arrow's CSV reader."""

    def __init__(self, chunks: Iterator[Any]) -> None:
        self._chunks = chunks
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._left:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._left = bytes(chunk)
        size = min(len(buffer), len(self._left))
        buffer[:size] = self._left[:size]
        self._left = self._left[size:]
        return size


def _copy_postgres(con: duckdb.DuckDBPyConnection, source: Connection, spec: Spec, where: str,
                   params: dict[str, Any], *, replace_key: str | None) -> int:
    """Rows of `spec` through PostgreSQL's COPY, parsed by Arrow's CSV reader into record
    batches, inserted by DuckDB: no Python object per row (a million rows in seconds, where
    fetching tuples through the driver takes a minute). Times travel as epoch microseconds."""
    def exported(name: str, kind: str) -> str:
        if kind == TIME:
            return f'CAST(extract(epoch FROM "{name}") * 1000000 AS bigint)'
        return f'"{name}"'
    select_sql = (f'SELECT {", ".join(exported(n, k) for n, k in spec.columns)} FROM "{spec.table or spec.name}" '
                  f'WHERE {where}')
    types = {name: pa.int64() if kind == TIME else _ARROW[kind] for name, kind in spec.columns}
    names = [name for name, _ in spec.columns]
    cursor = source.connection.driver_connection.cursor()  # type: ignore[union-attr]
    copied = 0
    with cursor.copy(f"COPY ({select_sql}) TO STDOUT (FORMAT csv)", params or None) as copy:
        chunks = iter(copy)
        head = next(chunks, None)
        if head is None:  # no rows (Arrow refuses an empty file)
            return 0
        reader = pa_csv.open_csv(
            io.BufferedReader(_CopyStream(itertools.chain([head], chunks)), buffer_size=1 << 20),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=16 << 20, use_threads=True),
            convert_options=pa_csv.ConvertOptions(column_types=types, true_values=["t"], false_values=["f"],
                                                  strings_can_be_null=True, quoted_strings_can_be_null=False))
        for batch in reader:
            frame = pa.Table.from_batches([batch])
            for index, (name, kind) in enumerate(spec.columns):
                if kind == TIME:
                    frame = frame.set_column(index, name, frame.column(index).cast(pa.timestamp("us")))
            copied += _insert(con, spec, frame, replace_key)
    return copied


def _sync_table(con: duckdb.DuckDBPyConnection, source: Connection, spec: Spec, now: datetime,
                overlap: timedelta) -> int:
    source_table = _source_table(spec)
    query = select(*source_table.columns)
    streaming = source.execution_options(stream_results=True, yield_per=BATCH_ROWS)
    postgres = source.dialect.name == "postgresql"
    if spec.whole:
        con.execute(f'DELETE FROM "{spec.name}"')
        if postgres:
            copied = _copy_postgres(con, source, spec, spec.where or "true", {}, replace_key=None)
        else:
            if spec.where:
                query = query.where(text(spec.where))
            copied = _load(con, spec, streaming.execute(query), replace_key=None)
        _mark(con, spec.name, None, None, now, copied)
        return copied
    state = first(con, "SELECT mark_id, mark_time FROM _sync_state WHERE name = ?", [spec.name])
    mark_id = int(state[0]) if state and state[0] is not None else 0
    since = state[1].replace(tzinfo=UTC) - overlap if state and state[1] is not None else None
    # Rows copied before are replaced; into an empty table (a first copy) they are only added.
    replace_key = "id" if state is not None else None
    if postgres:
        where, params = "id > %(mark)s", {"mark": mark_id}
        if spec.changed and since is not None:
            where, params = f'({where} OR "{spec.changed}" >= %(since)s)', {**params, "since": since}
        if spec.where:
            where = f"{where} AND {spec.where}"
        copied = _copy_postgres(con, source, spec, where, params, replace_key=replace_key)
    else:
        condition = source_table.c.id > mark_id
        if spec.changed and since is not None:
            condition = or_(condition, source_table.c[spec.changed] >= since)
        if spec.where:
            condition = and_(condition, text(spec.where))
        copied = _load(con, spec, streaming.execute(query.where(condition)), replace_key=replace_key)
    # The new watermark: the highest id old enough that no transaction still open can commit
    # a row below it (rows since then are copied again next time).
    if spec.inserted:
        settled = (now - overlap).replace(tzinfo=None)
        found = first(con, f'SELECT max(id) FROM "{spec.name}" WHERE "{spec.inserted}" < ?', [settled])
    else:
        found = first(con, f'SELECT max(id) FROM "{spec.name}"')
    new_mark = max(mark_id, int(found[0])) if found and found[0] is not None else mark_id
    _mark(con, spec.name, new_mark, now, now, copied)
    return copied


def _refunded_since(con: duckdb.DuckDBPyConnection, since: datetime) -> list[int]:
    """Receipts refunded since the previous sync (less the overlap)."""
    rows = con.execute("SELECT DISTINCT purchase_id FROM refunds WHERE created_at >= ? ORDER BY 1", [since]).fetchall()
    return [int(row[0]) for row in rows]


def _recopy(con: duckdb.DuckDBPyConnection, source: Connection, spec: Spec, key: str, ids: list[int]) -> int:
    source_table = _source_table(spec)
    copied = 0
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start:start + IN_CHUNK]
        con.execute(f'DELETE FROM "{spec.name}" WHERE "{key}" IN (SELECT unnest(?::BIGINT[]))', [chunk])
        result = source.execute(select(*source_table.columns).where(source_table.c[key].in_(chunk)))
        copied += _load(con, spec, result, replace_key=None)
    return copied


def _mark(con: duckdb.DuckDBPyConnection, name: str, mark_id: int | None, mark_time: datetime | None,
          now: datetime, copied: int) -> None:
    naive = now.astimezone(UTC).replace(tzinfo=None)
    con.execute("INSERT OR REPLACE INTO _sync_state VALUES (?, ?, ?, ?, ?)",
                [name, mark_id, mark_time.astimezone(UTC).replace(tzinfo=None) if mark_time else None, naive, copied])


def last_synced_at(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the copy was last brought up to date (UTC), None before the first sync."""
    found = first(con, "SELECT max(synced_at) FROM _sync_state")
    return found[0].replace(tzinfo=UTC) if found and found[0] is not None else None


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = first(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(found and found[0])
