"""One attempt at one delivery, end to end: claim and sign it (a unit of work), check the
address again and POST (no transaction open), record the outcome (a second unit of work).

It opens its own units of work, unlike a service, because the HTTP call must not hold a
transaction (or SQLite's write lock) for up to its timeout. The worker's task calls it.
"""

from __future__ import annotations

import httpx

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Invalid
from loyalty.webhooks import network, service
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
