"""How fast does the journeys subscriber take first purchases, and the advance task walk them?

    python bench/journeys_entry.py                     # 3,000 members, 1,000 first purchases
    python bench/journeys_entry.py --repeat 1000       # then 1,000 purchases of members in the journey

On a fresh PostgreSQL database of its own (dropped at the end): the demo program (bench/seed.py),
whose welcome journey every first purchase enters. The purchases are recorded with no worker
running; then, timed apart, in this one process: (1) the journeys subscriber's batches
(consumer.pump, as the worker's pump thread runs them) until its cursor is at the end, and
(2) the journeys' advance task (journeys.service.advance_due batches) until nothing is due. It
prints events/s for each and for both together (a member entered and their first steps walked,
the welcome message queued). With --repeat N, then N more purchases of members already in the
journey (waiting a week in it): (3) the subscriber's batches of their events, which enter
nobody (the journey's re-entry policy is `never`) but meet their enrolments. Run it on two
versions of the code, on the same machine, at about the same time: the figures are only
comparable with each other.
"""

from __future__ import annotations

import argparse
import os
import time

from earn import admin_sql, postgres_url
from seed import seed
from sqlalchemy import func, select

from loyalty.config import DatabaseSettings
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.journeys import service as journeys
from loyalty.journeys.models import JourneyEnrolment
from loyalty.members.models import Member
from loyalty.members.schemas import MemberRef
from loyalty.messaging.models import Message
from loyalty.migrate import upgrade
from loyalty.programs import service as programs
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate
from loyalty.worker import consumer, tasks_journeys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--purchases", type=int, default=1000, help="first purchases, one per member")
    parser.add_argument("--repeat", type=int, default=0, help="then purchases of members in the journey")
    args = parser.parse_args()
    name = f"loyalty_bench_jentry_{os.getpid()}"
    admin_sql(f"CREATE DATABASE {name}")
    url = postgres_url(name)
    try:
        upgrade(url)
        database = create_database(DatabaseSettings(url=url))
        program_id = seed(database, members=args.members, purchases_count=0)
        consumer.pump(database, tasks_journeys.subscriber)  # its cursor starts now
        with unit_of_work(database, read_only=True) as session:
            program = programs.get_program(session=session, program_id=program_id)
            member_ids = list(session.scalars(select(Member.id).where(Member.program_id == program_id)
                                              .order_by(Member.id).limit(args.purchases)))
        for number, member_id in enumerate(member_ids):
            with unit_of_work(database) as session:
                purchases.record_purchase(session=session, program=program, actor="bench", data=PurchaseCreate(
                    member=MemberRef(id=member_id), total=5000 + number, external_id=f"JE-{number}"))
        started = time.perf_counter()
        events = 0
        while (handled := consumer.pump(database, tasks_journeys.subscriber).handled):
            events += handled
        subscriber_seconds = time.perf_counter() - started
        started = time.perf_counter()
        walked = 0
        while True:
            with unit_of_work(database) as session:
                run = journeys.advance_due(session=session)
            walked += run.advanced
            if not run.more:
                break
        advance_seconds = time.perf_counter() - started
        with unit_of_work(database, read_only=True) as session:
            enrolled = session.scalar(select(func.count()).select_from(JourneyEnrolment)) or 0
            queued = session.scalar(select(func.count()).select_from(Message)) or 0
        repeat_events, repeat_seconds = 0, 0.0
        for number in range(args.repeat):
            with unit_of_work(database) as session:
                purchases.record_purchase(session=session, program=program, actor="bench", data=PurchaseCreate(
                    member=MemberRef(id=member_ids[number % len(member_ids)]), total=4000 + number,
                    external_id=f"JR-{number}"))
        if args.repeat:
            started = time.perf_counter()
            while (handled := consumer.pump(database, tasks_journeys.subscriber).handled):
                repeat_events += handled
            repeat_seconds = time.perf_counter() - started
        total = subscriber_seconds + advance_seconds
        print(f"{len(member_ids):,} first purchases ({events:,} journeys events, load average "
              f"{os.getloadavg()[0]:.1f}): {enrolled:,} enrolments, {queued:,} messages queued")
        print(f"  subscriber: {subscriber_seconds:6.1f} s  {events / subscriber_seconds:6.1f} events/s")
        print(f"  advance:    {advance_seconds:6.1f} s  {walked:,} enrolments walked"
              + (f"  {walked / advance_seconds:6.1f}/s" if walked else ""))
        print(f"  both:       {total:6.1f} s  {len(member_ids) / total:6.1f} entering members/s")
        if args.repeat:
            print(f"  members in the journey: {args.repeat:,} purchases ({repeat_events:,} journeys events), "
                  f"subscriber {repeat_seconds:6.1f} s  {repeat_events / repeat_seconds:6.1f} events/s")
        database.dispose()
    finally:
        admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
