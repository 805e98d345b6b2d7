"""score_program on both databases: the set-based summary, the scores written, other programs untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.scoring import repository, service
from loyalty.scoring.models import MemberScore
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.scoring import add_purchases

TODAY = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _history(database: Database, program: Program, members: int, seed: int) -> list[int]:
    """Members who buy at their own rate for a year, some of them stopping at a random moment."""
    rng = np.random.default_rng(seed)
    ids = [make_member(database, program).id for _ in range(members)]
    rows = []
    for member_id in ids:
        rate = rng.gamma(1.5, 1 / 20)  # purchases per day
        start = TODAY - timedelta(days=int(rng.integers(200, 400)))
        stop = start + timedelta(days=float(rng.exponential(300)))
        moment = start
        while moment < min(stop, TODAY):
            rows.append((member_id, moment, int(rng.integers(500, 5000))))
            moment += timedelta(days=float(rng.exponential(1 / rate)) + 0.01)
    add_purchases(database, program.id, rows)
    return ids


def test_the_summary_counts_days_repeat_spend_and_the_window(database: Database, program: Program) -> None:
    member = make_member(database, program)
    day = TODAY - timedelta(days=100)
    add_purchases(database, program.id, [
        (member.id, day, 1000), (member.id, day + timedelta(hours=2), 500),        # first day: two receipts
        (member.id, TODAY - timedelta(days=40), 2000), (member.id, TODAY - timedelta(days=10), 4000),
        (member.id, TODAY + timedelta(days=5), 999),                                # after the cut-off
    ])
    with unit_of_work(database) as session:
        summary = repository.purchase_summary(session, program.id, TODAY, window_days=30)
    assert summary.member_id.tolist() == [member.id]
    assert summary.purchases.tolist() == [4] and summary.purchase_days.tolist() == [3]
    assert summary.days_since_first.tolist() == [100] and summary.days_since_last.tolist() == [10]
    assert summary.spend.tolist() == [7500] and summary.first_day_spend.tolist() == [1500]
    assert summary.purchases_last_30_days.tolist() == [1] and summary.purchases_last_90_days.tolist() == [2]
    assert summary.purchases_after.tolist() == [1]
    x, t_x, T, mean_spend = service.summary_for_clv(summary)
    assert x.tolist() == [2] and T.tolist() == [100 / 7] and t_x.tolist() == [90 / 7] and mean_spend.tolist() == [3000]


def test_scoring_writes_sane_scores_and_leaves_other_programs_alone(database: Database, program: Program) -> None:
    other = make_program(database)
    other_ids = _history(database, other, 60, seed=2)
    with unit_of_work(database) as session:
        service.score_program(session, other.id, TODAY - timedelta(days=30))
    with unit_of_work(database) as session:
        before = {row.member_id: (row.scored_at, row.churn_risk, row.rfm_cell)
                  for row in session.scalars(select(MemberScore).where(MemberScore.program_id == other.id))}

    ids = _history(database, program, 80, seed=1)
    idle = make_member(database, program)  # never bought anything: no score
    with unit_of_work(database) as session:
        run = service.score_program(session, program.id, TODAY)
        run_members, churn_model = run.members_scored, run.churn_model
    with unit_of_work(database) as session:
        scores = session.scalars(select(MemberScore).where(MemberScore.program_id == program.id)).all()
        after = {row.member_id: (row.scored_at, row.churn_risk, row.rfm_cell)
                 for row in session.scalars(select(MemberScore).where(MemberScore.program_id == other.id))}
        latest = service.latest_run(session=session, program_id=program.id)

    assert {score.member_id for score in scores} <= set(ids) and idle.id not in {s.member_id for s in scores}
    assert len(scores) == run_members > 70
    assert after == before and set(before) <= set(other_ids)
    assert latest is not None and latest.parameters["bgnbd"] is not None and latest.log_likelihood is not None
    assert churn_model in {"model", "recency"} and latest.baseline_auc is not None
    for score in scores:
        assert all(1 <= s <= 5 for s in (score.rfm_recency, score.rfm_frequency, score.rfm_monetary))
        assert score.p_alive is not None and 0 <= score.p_alive <= 1
        assert score.expected_purchases is not None and score.expected_purchases >= 0
        assert score.predicted_value is not None and score.predicted_value >= 0
        assert 0 <= score.churn_risk <= 1
    # The recent, frequent buyers are worth more and more alive than the lapsed ones.
    by_recency = sorted(scores, key=lambda s: s.rfm_recency)
    lapsed, recent = by_recency[:15], by_recency[-15:]
    assert np.mean([s.p_alive for s in recent]) > np.mean([s.p_alive for s in lapsed])
    assert np.mean([s.churn_risk for s in recent]) < np.mean([s.churn_risk for s in lapsed])


def test_scoring_twice_replaces_the_rows(database: Database, program: Program) -> None:
    _history(database, program, 20, seed=3)
    with unit_of_work(database) as session:
        service.score_program(session, program.id, TODAY)
    with unit_of_work(database) as session:
        service.score_program(session, program.id, TODAY + timedelta(days=1))
    with unit_of_work(database) as session:
        stamps = set(session.scalars(select(MemberScore.scored_at).where(MemberScore.program_id == program.id)))
    assert stamps == {TODAY + timedelta(days=1)}


def test_the_nightly_job_scores_every_program(database: Database, program: Program) -> None:
    from loyalty.worker.tasks_scoring import score_all_programs

    member = make_member(database, program)
    add_purchases(database, program.id, [(member.id, datetime.now(UTC) - timedelta(days=d), 1000) for d in (3, 40)])
    assert score_all_programs(database) >= 1
    with unit_of_work(database) as session:
        score = session.get(MemberScore, (program.id, member.id))
    assert score is not None and score.rfm_cell in {"champions", "loyal", "potential_loyal", "new", "promising",
                                                    "need_attention", "about_to_sleep", "at_risk", "cannot_lose",
                                                    "hibernating"}


def test_the_rfm_totals_agree_with_the_full_summary(database: Database, program: Program) -> None:
    """RFM alone reads a flat GROUP BY; it must give every member the same figures as the summary."""
    _history(database, program, 30, seed=7)
    quiet = make_member(database, program)
    add_purchases(database, program.id, [(quiet.id, TODAY + timedelta(days=1), 700)])  # only after today
    with unit_of_work(database, read_only=True) as session:
        totals = repository.purchase_totals(session, program.id, TODAY)
        summary = repository.purchase_summary(session, program.id, TODAY)
    assert totals.size == summary.size > 0
    assert quiet.id not in totals.member_id.tolist()
    assert totals.member_id.tolist() == summary.member_id.tolist()
    assert totals.purchases.tolist() == summary.purchases.tolist()
    assert totals.days_since_last.tolist() == summary.days_since_last.tolist()
    assert totals.spend.tolist() == summary.spend.tolist()
