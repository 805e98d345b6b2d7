"""RFM: recency, frequency and monetary quintile scores (1–5, 5 best) and the named cells.

Pure functions on numpy arrays. A score is the quintile of the customer's rank, and equal values
always share a score: the rank used is the number of customers strictly worse (numpy's
searchsorted "left"), so ties go to the lower quintile together, whatever the order of the input.
With many equal values (say half the members bought once) a quintile may be empty.

The cells, from the R and F scores (the usual RFM grid, as in Putler's and the `rfm` R package's
segment tables); M is shown but does not name the cell:

| R \\ F | 1-2            | 3               | 4               | 5           |
|-------|----------------|-----------------|-----------------|-------------|
| 5     | new            | potential loyal | champions       | champions   |
| 4     | promising      | potential loyal | loyal           | loyal       |
| 3     | about to sleep | need attention  | loyal           | loyal       |
| 1-2   | hibernating    | at risk         | at risk         | cannot lose |

(R5F1 is "new", R4F1 "promising"; R5F2 and R4F2 are "potential loyal", R3F2 "about to sleep",
R1–2F1–2 "hibernating".)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

CELLS = ("champions", "loyal", "potential_loyal", "new", "promising", "need_attention", "about_to_sleep",
         "at_risk", "cannot_lose", "hibernating")


def quintile_scores(values: ArrayLike, *, higher_is_better: bool = True) -> NDArray[np.int16]:
    """1–5 per value: 1 + ⌊5 · (customers strictly worse) / n⌋; equal values share a score."""
    array = np.asarray(values, dtype=np.float64)
    if array.size == 0:
        return np.zeros(0, dtype=np.int16)
    keyed = array if higher_is_better else -array
    ordered = np.sort(keyed)
    worse = np.searchsorted(ordered, keyed, side="left")
    return np.asarray(1 + (worse * 5) // array.size, dtype=np.int16)


def rfm_scores(days_since_last: ArrayLike, purchases: ArrayLike, spend: ArrayLike
               ) -> tuple[NDArray[np.int16], NDArray[np.int16], NDArray[np.int16]]:
    """(R, F, M): fewer days since the last purchase is better; more purchases and spend are."""
    return (quintile_scores(days_since_last, higher_is_better=False), quintile_scores(purchases),
            quintile_scores(spend))


# Indexed [R][F] (index 0 unused).
_GRID = np.array([
    ["", "", "", "", "", ""],
    ["", "hibernating", "hibernating", "at_risk", "at_risk", "cannot_lose"],
    ["", "hibernating", "hibernating", "at_risk", "at_risk", "cannot_lose"],
    ["", "about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
    ["", "promising", "potential_loyal", "potential_loyal", "loyal", "loyal"],
    ["", "new", "potential_loyal", "potential_loyal", "champions", "champions"],
], dtype=object)


def rfm_cells(recency_scores: ArrayLike, frequency_scores: ArrayLike) -> NDArray[np.object_]:
    """The cell name of each (R, F) pair."""
    r = np.asarray(recency_scores, dtype=np.int64)
    f = np.asarray(frequency_scores, dtype=np.int64)
    return np.asarray(_GRID[r, f], dtype=object)
