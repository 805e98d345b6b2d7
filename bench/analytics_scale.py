"""Analytics at a million members: ours against a straightforward pandas implementation of the same work.

    pip install pandas                                   # the baseline only; not a dependency
    python bench/analytics_data.py                       # once: 1,000,000 members, ~20M lines (PostgreSQL)
    python bench/analytics_scale.py                      # every task, ours and pandas, on that database
    python bench/analytics_scale.py --only rfm --skip-pandas
    python bench/analytics_scale.py --only dashboard --program 1   # a given program
    LOYALTY_BENCH_ANALYTICS_DATABASE=copy python bench/analytics_scale.py   # on another database (a copy)

Ours for `dashboard` is three rows: `sync`, the first full copy into a fresh DuckDB file (its
rows per second), `sync+0`, a sync with nothing new, and `ours`, every dashboard figure computed on
that copy (the 3 s target is this row's; the ratio compares it with pandas).

Each task runs in a fresh child process (so its peak memory is its own, read from
getrusage's ru_maxrss) first our way, then the pandas way, and prints seconds, peak MiB and the
ratio. The pandas way is what an analyst would write: `read_sql` of the columns the task needs
from the operational database, then groupby / qcut / boolean masks, and for CLV the same
likelihoods minimised by scipy over a pandas-built summary. Targets of issue 13 on 2 cores:
dashboard < 3 s, segment count < 1 s, RFM of every member < 10 s, CLV fit and scoring < 60 s,
peak memory < 4 GiB.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analytics_data import NOW, database_url, existing_program  # noqa: E402

from loyalty.config import DatabaseSettings  # noqa: E402
from loyalty.db.engine import create_database  # noqa: E402

PERIOD_DAYS = 30


# --- the pandas way ---------------------------------------------------------------------------

def _frame(sql: str, **params: Any) -> Any:
    import pandas as pd
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url())
    with engine.connect() as connection:
        frame = pd.read_sql_query(text(sql), connection, params=params)
    engine.dispose()
    return frame


def pandas_dashboard(program_id: int) -> dict[str, Any]:
    import pandas as pd

    now = pd.Timestamp(NOW)
    start, previous = now - timedelta(days=PERIOD_DAYS), now - timedelta(days=2 * PERIOD_DAYS)
    members = _frame("SELECT id, enrolled_at FROM members WHERE program_id = :p", p=program_id)
    purchases = _frame("SELECT id, member_id, channel, store_code, occurred_at, total_minor FROM purchases "
                       "WHERE program_id = :p", p=program_id)
    items = _frame("SELECT purchase_id, quantity FROM purchase_lines WHERE program_id = :p", p=program_id)
    entries = _frame("SELECT a.kind, e.amount, e.created_at FROM ledger_entries e JOIN accounts a "
                     "ON a.id = e.account_id WHERE e.program_id = :p AND a.member_id IS NULL", p=program_id)
    balances = _frame("SELECT balance FROM accounts WHERE program_id = :p AND kind = 'wallet'", p=program_id)

    def period(frame: Any, column: str, begin: Any, end: Any) -> Any:
        return frame[(frame[column] >= begin) & (frame[column] < end)]

    figures: dict[str, Any] = {}
    for label, begin, end in (("current", start, now), ("previous", previous, start)):
        bought = period(purchases, "occurred_at", begin, end)
        with_member = bought[bought.member_id.notna()]
        per_member = with_member.groupby("member_id").size()
        quantities = items[items.purchase_id.isin(bought.id)].groupby("purchase_id").quantity.sum()
        figures[label] = {
            "enrolments": len(period(members, "enrolled_at", begin, end)),
            "active_members": int(per_member.size),
            "purchases": len(bought),
            "revenue": int(bought.total_minor.sum()),
            "purchase_frequency": float(per_member.mean()) if per_member.size else 0.0,
            "repeat_rate": float((per_member >= 2).mean()) if per_member.size else 0.0,
            "average_receipt": float(bought.total_minor.mean()) if len(bought) else 0.0,
            "items_per_receipt": float(quantities.mean()) if quantities.size else 0.0,
            "revenue_by_channel": bought.groupby("channel").total_minor.sum().to_dict(),
            "revenue_by_store": bought.groupby("store_code").total_minor.sum().to_dict(),
            "points": period(entries, "created_at", begin, end).groupby("kind").amount.sum().to_dict(),
        }
    cohorts = members.assign(cohort=members.enrolled_at.dt.strftime("%Y-%m"))
    bought = purchases.merge(cohorts, left_on="member_id", right_on="id", suffixes=("", "_member"))
    bought["month"] = bought.occurred_at.dt.strftime("%Y-%m")
    active = bought.groupby(["cohort", "month"]).member_id.nunique()
    sizes = cohorts.groupby("cohort").size()
    figures["cohort_retention"] = (active / sizes.reindex(active.index, level=0)).to_dict()
    figures["liability_points"] = int(balances.balance.sum())
    return figures


def pandas_rfm(program_id: int) -> int:
    import pandas as pd

    purchases = _frame("SELECT member_id, occurred_at, total_minor FROM purchases "
                       "WHERE program_id = :p AND member_id IS NOT NULL", p=program_id)
    now = pd.Timestamp(NOW)
    summary = purchases.groupby("member_id").agg(last=("occurred_at", "max"), frequency=("occurred_at", "size"),
                                                 monetary=("total_minor", "sum"))
    summary["recency_days"] = (now - summary["last"]).dt.days

    def quintile(values: Any, ascending: bool) -> Any:
        ranks = values.rank(method="first", ascending=ascending)
        return pd.qcut(ranks, 5, labels=[1, 2, 3, 4, 5]).astype(int)

    summary["r"] = quintile(summary.recency_days, ascending=False)
    summary["f"] = quintile(summary.frequency, ascending=True)
    summary["m"] = quintile(summary.monetary, ascending=True)
    return int(summary.shape[0])


def pandas_segment_count(program_id: int) -> int:
    """Online-enrolled members with at least 3 purchases in the last 365 days and none in the last 60."""
    import pandas as pd

    now = pd.Timestamp(NOW)
    members = _frame("SELECT id, enrolment_channel FROM members WHERE program_id = :p", p=program_id)
    purchases = _frame("SELECT member_id, occurred_at FROM purchases WHERE program_id = :p "
                       "AND member_id IS NOT NULL", p=program_id)
    recent = purchases[purchases.occurred_at > now - timedelta(days=365)].groupby("member_id").size()
    last = purchases.groupby("member_id").occurred_at.max()
    frame = members.set_index("id").join(recent.rename("recent")).join(last.rename("last"))
    # "more than 60 days since the last purchase" in whole days of the program's timezone, as the
    # segment field counts them: the last purchase before the local day 60 days before today began
    # (a calendar date, then its midnight: 60 × 24 h back would cross the change from summer time).
    cut = pd.Timestamp(now.tz_convert("Europe/Warsaw").date() - timedelta(days=60), tz="Europe/Warsaw")
    chosen = frame[(frame.enrolment_channel == "online") & (frame.recent >= 3) & (frame["last"] < cut)]
    return int(chosen.shape[0])


def pandas_clv(program_id: int) -> int:
    """BG/NBD and Gamma-Gamma by maximum likelihood over a pandas summary, then every member scored."""
    import numpy as np
    import pandas as pd
    from scipy.optimize import minimize
    from scipy.special import betaln, gammaln

    purchases = _frame("SELECT member_id, occurred_at, total_minor FROM purchases "
                       "WHERE program_id = :p AND member_id IS NOT NULL", p=program_id)
    purchases["day"] = purchases.occurred_at.dt.floor("D")
    daily = purchases.groupby(["member_id", "day"]).total_minor.sum().reset_index()
    now = pd.Timestamp(NOW).floor("D")
    summary = daily.groupby("member_id").agg(first=("day", "min"), last=("day", "max"), n=("day", "size"),
                                             spend=("total_minor", "sum"))
    first_spend = daily.sort_values("day").groupby("member_id").total_minor.first()
    x = (summary.n - 1).to_numpy(float)
    t_x = ((summary["last"] - summary["first"]).dt.days / 7).to_numpy(float)
    big_t = ((now - summary["first"]).dt.days / 7).to_numpy(float)

    def bgnbd(params: Any) -> float:
        r, alpha, a, b = np.exp(params)
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
        a3 = -(r + x) * np.log(alpha + big_t)
        a4 = np.where(x > 0, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + t_x), -np.inf)
        return float(-(a1 + a2 + np.logaddexp(a3, a4)).sum())

    fitted = minimize(bgnbd, np.zeros(4), method="L-BFGS-B")
    r, alpha, a, b = np.exp(fitted.x)
    repeat = x > 0
    mean_spend = ((summary.spend - first_spend) / np.maximum(x, 1)).to_numpy(float)[repeat] / 100
    counts = x[repeat]

    def gamma_gamma(params: Any) -> float:
        p, q, v = np.exp(params)
        z = mean_spend
        return float(-(gammaln(p * counts + q) - gammaln(p * counts) - gammaln(q) + q * np.log(v)
                       + (p * counts - 1) * np.log(z) + p * counts * np.log(counts)
                       - (p * counts + q) * np.log(counts * z + v)).sum())

    spend_fit = minimize(gamma_gamma, np.zeros(3), method="L-BFGS-B")
    p, q, v = np.exp(spend_fit.x)
    weeks = 52.0
    ratio = (alpha + big_t) / (alpha + big_t + weeks)
    hyp = _hyp2f1(r + x, b + x, a + b + x - 1, 1 - ratio)
    expected = ((a + b + x - 1) / (a - 1)) * (1 - ratio ** (r + x) * hyp)
    delta = np.where(x > 0, (a / (b + x - 1)) * ((alpha + big_t) / (alpha + t_x)) ** (r + x), 0)
    p_alive = 1 / (1 + delta)
    spend_all = ((summary.spend - first_spend) / np.maximum(x, 1)).to_numpy(float) / 100
    expected_spend = (p * v + spend_all * p * x) / (p * x + q - 1)
    value = expected * p_alive * expected_spend
    _ = betaln  # the same family of functions as ours; kept for symmetry of imports
    return int(np.isfinite(value).sum())


def _hyp2f1(a: Any, b: Any, c: Any, z: Any) -> Any:
    from scipy.special import hyp2f1

    return hyp2f1(a, b, c, z)


PANDAS: dict[str, Callable[[int], Any]] = {
    "dashboard": pandas_dashboard, "segment": pandas_segment_count, "rfm": pandas_rfm, "clv": pandas_clv,
}

# --- our way ----------------------------------------------------------------------------------

def _database() -> Any:
    return create_database(DatabaseSettings(url=database_url()))


def ours_rfm(program_id: int) -> int:
    """Per-member totals in one flat grouped statement, then quintiles and cells on arrays."""
    from loyalty.db.uow import unit_of_work
    from loyalty.scoring import repository, rfm

    with unit_of_work(_database(), read_only=True) as session:
        summary = repository.purchase_totals(session, program_id, NOW)
    recency, frequency, _monetary = rfm.rfm_scores(summary.days_since_last, summary.purchases, summary.spend)
    rfm.rfm_cells(recency, frequency)
    return int(summary.size)


def ours_clv(program_id: int) -> dict[str, float]:
    """BG/NBD and Gamma-Gamma fitted on the program's purchases; every buyer's expected purchases,
    P(alive) and value over 12 months."""
    import numpy as np

    from loyalty.db.uow import unit_of_work
    from loyalty.scoring import clv, repository
    from loyalty.scoring.service import PERIODS_PER_MONTH, summary_for_clv

    with unit_of_work(_database(), read_only=True) as session:
        summary = repository.purchase_summary(session, program_id, NOW)
    x, t_x, big_t, mean_spend = summary_for_clv(summary)
    bgnbd = clv.fit_bgnbd(x, t_x, big_t)
    clv.bgnbd_expected_purchases(bgnbd.params, 12 * PERIODS_PER_MONTH, x, t_x, big_t)
    clv.bgnbd_p_alive(bgnbd.params, x, t_x, big_t)
    spend = clv.fit_gamma_gamma(x, mean_spend)
    value = clv.customer_lifetime_value(bgnbd.params, spend.params, x, t_x, big_t, np.maximum(mean_spend, 0.0),
                                        months=12, monthly_discount=0.01, periods_per_month=PERIODS_PER_MONTH)
    return {"members": float(summary.size), "r": round(bgnbd.params.r, 3), "a": round(bgnbd.params.a, 3),
            "value_sum": round(float(np.nansum(value)) / 100)}


SEGMENT = {"all": [
    {"field": "member.enrolment_channel", "op": "eq", "value": "online"},
    {"field": "behaviour.purchase_count_365d", "op": "gte", "value": 3},
    {"field": "behaviour.days_since_last_purchase", "op": "gt", "value": 60},
]}


def ours_segment(program_id: int) -> str:
    """The segment editor's live count: the condition compiled to one SQL COUNT, at the bench's now.
    The row's seconds include starting the child (imports, the first connection); the result also
    gives the count alone, what a running server spends on it."""
    from loyalty.db.uow import unit_of_work
    from loyalty.kernel.clock import set_clock
    from loyalty.programs.models import Program
    from loyalty.segments import service

    set_clock(lambda: NOW)
    with unit_of_work(_database(), read_only=True) as session:
        program = session.get(Program, program_id)
        assert program is not None
        started = time.perf_counter()
        size = service.count(session=session, program=program, condition=SEGMENT, now=NOW).size
        return f"{size:,} members (the count {time.perf_counter() - started:.2f} s)"


def ours_scoring(program_id: int) -> int:
    """What the nightly job does: RFM, CLV, the churn model with its two cut-offs, every score written."""
    from loyalty.db.uow import unit_of_work
    from loyalty.scoring.service import score_program

    with unit_of_work(_database()) as session:
        run = score_program(session, program_id, NOW)
        return int(run.members_scored)


# --- our way: the dashboard on the analytics copy ------------------------------------------------

# The analytics copy the bench builds (a fresh file each run; next to nothing else on the disk).
COPY_PATH = Path(os.environ.get("LOYALTY_BENCH_ANALYTICS_COPY",
                                Path(tempfile.gettempdir()) / "loyalty_bench_analytics.duckdb"))


def _settings() -> Any:
    from loyalty.config import Settings

    settings = Settings()
    settings.database.url = database_url()
    settings.analytics.path = str(COPY_PATH)  # memory_limit and threads: the defaults a server runs with
    return settings


def _sync() -> dict[str, int]:
    from loyalty.analytics import warehouse

    database = create_database(DatabaseSettings(url=database_url()))
    try:
        report = warehouse.sync(database, _settings())
    finally:
        database.dispose()
    return report.rows


def ours_first_sync(program_id: int) -> str:
    """Every table copied into a new DuckDB file (what the first start of a server does)."""
    for stale in (COPY_PATH, Path(f"{COPY_PATH}.wal"), Path(f"{COPY_PATH}.building"),
                  Path(f"{COPY_PATH}.building.wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    rows = _sync()
    seconds = time.perf_counter() - started
    total = sum(rows.values())
    return f"{total:,} rows, {total / seconds:,.0f} rows/s"


def ours_incremental_sync(program_id: int) -> str:
    """A sync with nothing new since the last (what the worker does every minute on a quiet program)."""
    rows = _sync()
    return f"{sum(rows.values()):,} rows copied"


def ours_dashboard(program_id: int) -> str:
    """Every figure of the admin dashboard, over the synced copy."""
    from loyalty.analytics import kpis, warehouse

    database = create_database(DatabaseSettings(url=database_url()))
    with warehouse.reader(_settings(), database) as con:
        found = warehouse.first(con, "SELECT timezone, point_value FROM programs WHERE id = ?", [program_id])
        assert found is not None, "sync first"
        figures = kpis.dashboard(con, program_id=program_id, zone=found[0], unit="points", point_value=found[1],
                                 days=PERIOD_DAYS, now=NOW)
    current = figures["receipts"]["member_receipts"]["current"]
    return f"{figures['members_total']:,} members, {current:,} member receipts in {PERIOD_DAYS} days"


OURS: dict[str, list[tuple[str, Callable[[int], Any]]]] = {
    "dashboard": [("sync", ours_first_sync), ("sync+0", ours_incremental_sync), ("ours", ours_dashboard)],
    "rfm": [("ours", ours_rfm)], "segment": [("ours", ours_segment)], "clv": [("ours", ours_clv)],
    "scoring": [("ours", ours_scoring)],
}


# --- harness ------------------------------------------------------------------------------------

def _child(task: Callable[[int], Any], program_id: int, queue: Any) -> None:
    started = time.perf_counter()
    result = task(program_id)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, peak_mib, _short(result)))


def _short(result: Any) -> str:
    text = repr(result)
    return text if len(text) <= 60 else text[:57] + "..."


def measure(task: Callable[[int], Any], program_id: int) -> tuple[float, float, str]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(task, program_id, queue))
    process.start()
    seconds, peak_mib, result = queue.get()
    process.join()
    return seconds, peak_mib, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(set(PANDAS) | set(OURS)), action="append")
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--skip-ours", action="store_true")
    parser.add_argument("--program", type=int, help="the bench program's id (default: the last one loaded)")
    args = parser.parse_args()
    database = create_database(DatabaseSettings(url=database_url()))
    program_id = args.program or existing_program(database)
    if program_id is None:
        sys.exit("No bench program: run `python bench/analytics_data.py` first.")
    print(f"{'task':<12} {'way':<8} {'seconds':>9} {'peak MiB':>10}   result")
    for name in args.only or [*OURS, *(name for name in PANDAS if name not in OURS)]:
        ours_seconds = None
        for way, task in [] if args.skip_ours else OURS.get(name, []):
            seconds, peak, result = measure(task, program_id)
            print(f"{name:<12} {way:<8} {seconds:9.2f} {peak:10.0f}   {result}", flush=True)
            ours_seconds = seconds
        if args.skip_pandas or name not in PANDAS:
            continue
        seconds, peak, result = measure(PANDAS[name], program_id)
        ratio = f"   ({seconds / ours_seconds:.1f}x ours)" if ours_seconds else ""
        print(f"{name:<12} {'pandas':<8} {seconds:9.2f} {peak:10.0f}   {result}{ratio}", flush=True)


if __name__ == "__main__":
    main()
