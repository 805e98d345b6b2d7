"""Sending deliveries, end to end: claim and sign (a unit of work), check the address again and
POST (no transaction open), record the outcome (a second unit of work). `deliver_due` does it
for batches of due deliveries (the worker's path); `deliver` for one (a replay).

It opens its own units of work, unlike a service, because the HTTP call must not hold a
transaction (or SQLite's write lock) for up to its timeout. The worker's task calls it.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import httpx

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.kernel.errors import Invalid
from loyalty.webhooks import domain, network, service
from loyalty.webhooks.domain import TIMEOUT_SECONDS, AddressPolicy


def deliver(database: Database, *, delivery_id: int, policy: AddressPolicy, timeout: float = TIMEOUT_SECONDS,
            transport: httpx.BaseTransport | None = None) -> str:
    """The delivery's status after this attempt ("succeeded", "failed", "dead"), or "skipped" when it
    was not due, already finished or held by another worker."""
    with unit_of_work(database) as session:
        claim = service.claim_delivery(session=session, delivery_id=delivery_id)
    if claim is None:
        return "skipped"
    if claim.url is None:
        result = network.AttemptResult(None, None, "the endpoint is disabled", 0)
    else:
        try:
            # Checked again now: the name may resolve elsewhere than when it was subscribed.
            target = network.check_url(claim.url, policy)
        except Invalid as refused:
            result = network.AttemptResult(None, None, f"refused: {refused.message}", 0)
        else:
            result = network.post(target, body=claim.body, headers=claim.headers, timeout=timeout,
                                  transport=transport)
    with unit_of_work(database) as session:
        return service.record_attempt(session=session, claim=claim, result=result)


# Endpoints sent to at once: a slow receiver holds one thread, not the batch; bounded so a
# program with many endpoints does not open a connection to each at once.
PARALLEL_ENDPOINTS = 8


@dataclass(frozen=True)
class BatchOutcome:
    """What `deliver_due` did: deliveries attempted by status, those given back unattempted, the
    earliest next attempt it scheduled (None: no failure to retry), and whether it stopped at its
    time budget with deliveries perhaps still due."""

    statuses: dict[str, int]
    released: int
    next_retry_at: datetime | None
    stopped_early: bool = False

    @property
    def attempted(self) -> int:
        return sum(self.statuses.values())


def deliver_due(database: Database, *, policy: AddressPolicy, timeout: float = TIMEOUT_SECONDS,
                transport: httpx.BaseTransport | None = None, batch_size: int = service.BATCH_SIZE,
                time_budget: float = 30.0) -> BatchOutcome:
    """Batches of due deliveries until none is left (or `time_budget` seconds have passed): each
    batch claimed in one statement (a unit of work), every distinct endpoint URL checked once at
    delivery time and sent its deliveries over one keep-alive client (endpoints in parallel, no
    transaction open), the outcomes recorded set-based (a second unit of work). An endpoint that
    gave no answer is not sent to again by this call: its unattempted deliveries are given back,
    due when its failed one is."""
    started = time.monotonic()
    statuses: Counter[str] = Counter()
    released = 0
    next_retry_at: datetime | None = None
    given_up: set[int] = set()
    stopped_early = True
    while time.monotonic() - started < time_budget:
        with unit_of_work(database) as session:
            token, claims = service.claim_due_deliveries(session=session, limit=batch_size,
                                                         skip_endpoint_ids=sorted(given_up))
        if not claims:
            stopped_early = False
            break
        results, held_back = _send_batch(claims, policy=policy, timeout=timeout, transport=transport)
        with unit_of_work(database) as session:
            recorded = service.record_attempts(session=session, token=token, results=results)
            for endpoint_id, (delivery_ids, due_at) in held_back.items():
                given_up.add(endpoint_id)
                service.release_deliveries(session=session, token=token, delivery_ids=delivery_ids, due_at=due_at)
                released += len(delivery_ids)
        for _delivery_id, status, next_at in recorded:
            statuses[status] += 1
            if next_at is not None and (next_retry_at is None or next_at < next_retry_at):
                next_retry_at = next_at
    return BatchOutcome(dict(statuses), released, next_retry_at, stopped_early)


Attempted = list[tuple[service.Claim, network.AttemptResult]]
HeldBack = dict[int, tuple[list[int], datetime | None]]  # by endpoint: deliveries not attempted, due again when


def _send_batch(claims: Sequence[service.Claim], *, policy: AddressPolicy, timeout: float,
                transport: httpx.BaseTransport | None) -> tuple[Attempted, HeldBack]:
    """Every claim's attempt result, and by endpoint the deliveries not attempted (with when they
    are due again). The endpoint's URL is checked once per batch, now."""
    by_url: dict[tuple[int, str | None], list[service.Claim]] = defaultdict(list)
    for claim in claims:
        by_url[(claim.endpoint_id, claim.url)].append(claim)
    # No endpoint may keep sending past the claim's lease: what it has not started by then is given back.
    deadline = time.monotonic() + max(service.CLAIM_LEASE.total_seconds() - 2 * timeout, timeout)

    def send(url: str | None, group: list[service.Claim]) -> list[network.AttemptResult]:
        if url is None:
            return [network.AttemptResult(None, None, "the endpoint is disabled", 0)] * len(group)
        try:
            # Checked again now, once for the batch: the name may resolve elsewhere than when it was subscribed.
            target = network.check_url(url, policy)
        except Invalid as refused:
            return [network.AttemptResult(None, None, f"refused: {refused.message}", 0)] * len(group)
        return network.post_many(target, [(claim.body, claim.headers) for claim in group], timeout=timeout,
                                 deadline=deadline, transport=transport)

    results: Attempted = []
    held_back: HeldBack = {}
    with ThreadPoolExecutor(max_workers=min(PARALLEL_ENDPOINTS, len(by_url))) as pool:
        futures = {key: pool.submit(send, key[1], group) for key, group in by_url.items()}
        for (endpoint_id, _url), group in by_url.items():
            attempted = futures[(endpoint_id, _url)].result()
            results.extend(zip(group, attempted, strict=False))
            if len(attempted) < len(group):
                last = attempted[-1] if attempted else None
                # Behind a receiver that did not answer: due when its failed delivery is.
                due_at = (clock.now() + domain.retry_delay(group[len(attempted) - 1].attempts_before + 1)
                          if last is not None and last.status_code is None else None)
                held_back[endpoint_id] = ([claim.delivery_id for claim in group[len(attempted):]], due_at)
    return results, held_back
