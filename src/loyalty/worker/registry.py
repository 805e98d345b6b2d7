"""Every subscriber of the event stream and every area's jobs, in one place.

An area adds its subscriber to SUBSCRIBERS and its procrastinate Blueprint to BLUEPRINTS (task
names become `<namespace>:<task>`).
"""

from __future__ import annotations

import procrastinate

from loyalty.events.subscribers import Subscriber
from loyalty.worker import tasks_core, tasks_scans

SUBSCRIBERS: list[Subscriber] = [
    tasks_scans.RHYTHM_SUBSCRIBER,
]

BLUEPRINTS: dict[str, procrastinate.Blueprint] = {
    "core": tasks_core.blueprint,
    "scans": tasks_scans.blueprint,
}

# Periodic tasks that only re-defer lost work: `drain` runs them on every round.
SWEEPS: list[str] = ["core:sweep_failures"]


def subscriber(name: str) -> Subscriber:
    for each in SUBSCRIBERS:
        if each.name == name:
            return each
    raise LookupError(f"no subscriber named {name!r}")
