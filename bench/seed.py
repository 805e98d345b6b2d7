"""Fast seeding of a benchmark database: the demo program and its whole offer (rules, tiers,
referral programme, stamp cards, vouchers, rewards), the demo generator's members in bulk,
then a purchase history through the real purchase service.

The demo loader (`loyalty demo`) replays two years day by day through every service, which
is right for a demo of 2,000 members and far too slow for the 100,000+ members a benchmark
needs on a small machine. Here members go in with one multi-row INSERT per few thousand
(their enrolment rules and events are skipped: the benchmark measures purchases), and the
history is recorded with record_purchase in large units of work, so every purchase still
runs the rules and posts to the ledger.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, insert

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.demo.generator import generate
from loyalty.demo.loader import create_demo_offer, create_demo_program
from loyalty.members.domain import generate_referral_code
from loyalty.members.models import Member, MemberConsent
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate

CHUNK = 5_000


def seed(database: Database, *, members: int, purchases_count: int, seed_value: int = 42) -> int:
    """Create the demo program with `members` members and `purchases_count` receipts; its id."""
    started = time.perf_counter()
    data = generate(members=members, purchases=purchases_count, seed=seed_value, now=datetime.now(UTC))
    with unit_of_work(database) as session:
        program = create_demo_program(session=session)
        # The whole offer, as the demo has it: purchases then also move tiers, fill stamp cards
        # (issuing their coupons) and check referrals, as they do in a real program.
        create_demo_offer(session=session, program=program, data=data)
    member_ids: list[int] = []
    codes: set[str] = set()
    for start in range(0, len(data.members), CHUNK):
        rows = []
        for spec in data.members[start:start + CHUNK]:
            code = generate_referral_code()
            while code in codes:
                code = generate_referral_code()
            codes.add(code)
            rows.append({
                "program_id": program.id, "email": spec.email, "phone": spec.phone, "external_id": spec.external_id,
                "first_name": spec.first_name, "last_name": spec.last_name, "birth_date": spec.birth_date,
                "birth_month_day": spec.birth_date.strftime("%m-%d"), "preferred_language": spec.preferred_language,
                "attributes": {"home_store": spec.home_store}, "status": "active",
                "enrolment_channel": spec.enrolment_channel, "enrolled_at": spec.enrolled_at,
                "updated_at": spec.enrolled_at, "referral_code": code,
            })
        with unit_of_work(database) as session:
            table = cast(Table, Member.__table__)
            ids = list(session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))
            consents = [{"program_id": program.id, "member_id": member_id, "channel": channel, "granted": True,
                         "recorded_at": spec.enrolled_at, "source": "bench-seed"}
                        for member_id, spec in zip(ids, data.members[start:start + CHUNK], strict=True)
                        for channel, granted in (("email", spec.email_consent), ("sms", spec.sms_consent)) if granted]
            if consents:
                session.execute(insert(cast(Table, MemberConsent.__table__)), consents)
        member_ids.extend(ids)
        print(f"  members: {len(member_ids):,}/{members:,} ({time.perf_counter() - started:.0f}s)", flush=True)
    for start in range(0, len(data.purchases), 1_000):
        with unit_of_work(database) as session:
            for receipt in data.purchases[start:start + 1_000]:
                member = None if receipt.member_index is None else {"id": member_ids[receipt.member_index]}
                purchases.record_purchase(session=session, program=program, actor="bench-seed",
                                          data=PurchaseCreate.model_validate({
                    "member": member, "external_id": receipt.external_id, "receipt_number": receipt.receipt_number,
                    "channel": receipt.channel, "store": receipt.store_code, "occurred_at": receipt.occurred_at,
                    "lines": [{"sku": line.sku, "name": line.name, "category": line.category,
                               "quantity": line.quantity, "unit_price": line.unit_price_minor}
                              for line in receipt.lines],
                }))
        done = min(start + 1_000, len(data.purchases))
        print(f"  purchases: {done:,}/{len(data.purchases):,} ({time.perf_counter() - started:.0f}s)", flush=True)
    return program.id
