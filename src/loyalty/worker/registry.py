"""Every subscriber of the event stream and every area's jobs, in one place.

An area adds its subscriber to SUBSCRIBERS and its procrastinate Blueprint to BLUEPRINTS (task
names become `<namespace>:<task>`).
"""

from __future__ import annotations

import procrastinate

from loyalty.events.subscribers import Subscriber
from loyalty.worker import (
    tasks_analytics,
    tasks_campaigns,
    tasks_contests,
    tasks_core,
    tasks_gamification,
    tasks_journeys,
    tasks_leaderboards,
    tasks_messaging,
    tasks_recommendations,
    tasks_scans,
    tasks_scoring,
    tasks_segments,
    tasks_webhooks,
)

SUBSCRIBERS: list[Subscriber] = [tasks_webhooks.subscriber, tasks_scans.RHYTHM_SUBSCRIBER,
                                 tasks_journeys.subscriber, tasks_segments.subscriber,
                                 tasks_gamification.subscriber,
                                 tasks_leaderboards.subscriber, tasks_contests.subscriber]

BLUEPRINTS: dict[str, procrastinate.Blueprint] = {
    "core": tasks_core.blueprint,
    "messaging": tasks_messaging.blueprint,
    "campaigns": tasks_campaigns.blueprint,
    "webhooks": tasks_webhooks.blueprint,
    "scans": tasks_scans.blueprint,
    "journeys": tasks_journeys.blueprint,
    "scoring": tasks_scoring.blueprint,
    "recommendations": tasks_recommendations.blueprint,
    "segments": tasks_segments.blueprint,
    "analytics": tasks_analytics.blueprint,
    "contests": tasks_contests.blueprint,
    "gamification": tasks_gamification.blueprint,
}

# Periodic tasks that only re-defer lost work: `drain` runs them on every round.
SWEEPS: list[str] = ["core:sweep_failures", "messaging:sweep", "campaigns:sweep", "webhooks:sweep"]


def subscriber(name: str) -> Subscriber:
    for each in SUBSCRIBERS:
        if each.name == name:
            return each
    raise LookupError(f"no subscriber named {name!r}")
