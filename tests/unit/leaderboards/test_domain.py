"""Leaderboard periods and ranks, contest entries and the draw: pure functions, no database."""

from __future__ import annotations

from collections import Counter
from datetime import date

from loyalty.contests import domain as contests
from loyalty.leaderboards import domain as boards


def test_periods_start_on_monday_the_first_or_the_seasons_first_day() -> None:
    assert boards.period_start(boards.Period("week"), date(2026, 12, 6)) == date(2026, 11, 30)
    assert boards.period_start(boards.Period("month"), date(2026, 12, 6)) == date(2026, 12, 1)
    season = boards.Period("season", date(2026, 3, 1), date(2026, 5, 31))
    assert boards.period_start(season, date(2026, 4, 2)) == date(2026, 3, 1)
    assert boards.period_start(season, date(2026, 6, 1)) is None
    assert boards.period_end(boards.Period("month"), date(2026, 2, 1)) == date(2026, 2, 28)


def test_ranks_are_shared_by_equal_scores_across_a_page_break() -> None:
    assert boards.ranks([9, 7, 7, 5], first_position=1, first_rank=1) == [1, 2, 2, 4]
    assert boards.ranks([7, 5], first_position=3, first_rank=2) == [2, 4]


def test_a_public_name_is_the_chosen_one_only_when_shown() -> None:
    assert boards.public_name(pseudonym="A3F2C1D4", display_name="Speedy", shows_name=True) == "Speedy"
    assert boards.public_name(pseudonym="A3F2C1D4", display_name="Speedy", shows_name=False) == "Member #A3F2C1D4"


def test_the_same_seed_and_entries_give_the_same_winners_each_member_once() -> None:
    holdings = [contests.Holding(member_id, entries) for member_id, entries in ((7, 3), (2, 1), (9, 5), (4, 2))]
    seed = bytes(range(32))

    first = contests.draw(seed, holdings, 3)

    assert first == contests.draw(seed, list(reversed(holdings)), 3)
    assert len(set(first)) == 3 and set(first) <= {2, 4, 7, 9}
    assert contests.draw(seed, holdings, 10) == contests.draw(seed, holdings, 10)[:4]
    assert contests.entries_digest(holdings) == contests.entries_digest(list(reversed(holdings)))
    assert contests.entries_digest(holdings) != contests.entries_digest([*holdings[:3], contests.Holding(4, 3)])


def test_more_entries_win_more_often() -> None:
    holdings = [contests.Holding(1, 9), contests.Holding(2, 1)]
    wins = Counter(contests.draw(seed.to_bytes(32, "big"), holdings, 1)[0] for seed in range(2000))
    assert 0.85 < wins[1] / 2000 < 0.95


def test_entries_for_an_action() -> None:
    assert contests.entries_for_purchase(total=5499, entries_per_action=1, amount_per_entry=1000) == 5
    assert contests.earned(entry_action="custom_event", custom_event_type="review_posted", entries_per_action=2,
                           amount_per_entry=None, event_type="custom_event.received",
                           payload={"type": "review_posted"}) == 2
    assert contests.granted(held=4, wanted=3, maximum=5) == 1
