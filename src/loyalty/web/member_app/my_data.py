"""The member's "download my data" (/app/my-data.json): everything the program keeps about them.

The export is put together here, in the adapter above every domain, because the domains it
needs stand on both sides of `member_access`: `member_access.export` gathers what the domains
below it hold (profile, consents, cards, ledger, purchases, redemptions, coupons), and each
domain above it answers for its own rows with a `member_data` function (its repository is the
one place that knows its tables). Reading the higher domains' tables by name from
member_access would hide an upward dependency from the import-linter and repeat their
queries; a new top domain importing every other one would be an adapter in all but name.

Content and early access keep nothing about a member (items and windows name tiers and
segments, never members), so they add nothing. docs/members.md lists every key and what is left
out on purpose; tests/unit/web/test_my_data_covers_every_table.py fails when a table about members
is neither exported nor left out with a reason.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from loyalty.browsing import service as browsing
from loyalty.campaigns import service as campaigns
from loyalty.contests import service as contests
from loyalty.gamification import service as gamification
from loyalty.inbox import service as inbox
from loyalty.journeys import service as journeys
from loyalty.kernel import paging
from loyalty.leaderboards import service as leaderboards
from loyalty.lifecycle import service as lifecycle
from loyalty.member_access import service as access
from loyalty.messaging import service as messaging
from loyalty.programs.models import Program
from loyalty.push import service as push
from loyalty.recommendations import service as recommendations
from loyalty.scoring import service as scoring
from loyalty.service_desk import service as service_desk
from loyalty.surveys import service as surveys


def member_export(*, session: Session, program: Program, member_id: int) -> dict[str, Any]:
    """The member's data as one JSON-ready document, read in the caller's (read-only) unit."""
    data = access.export(session=session, program=program, member_id=member_id)
    data.update(service_desk.member_data(session=session, program_id=program.id, member_id=member_id))
    data["scores"] = scoring.member_data(session=session, program_id=program.id, member_id=member_id)
    data.update(lifecycle.member_data(session=session, program_id=program.id, member_id=member_id))
    data["messages"] = messaging.member_data(session=session, program_id=program.id, member_id=member_id)
    data.update(campaigns.member_data(session=session, program_id=program.id, member_id=member_id))
    data["journeys"] = journeys.member_data(session=session, program_id=program.id, member_id=member_id)
    data.update(browsing.member_data(session=session, program_id=program.id, member_id=member_id))
    data["app_messages"] = [item.model_dump(mode="json") for item in paging.every_item(
        lambda before: inbox.member_inbox(session=session, program_id=program.id, member_id=member_id,
                                          before_message_id=before, limit=paging.MAX_PAGE_SIZE))]
    data["push_subscriptions"] = [
        subscription.model_dump(mode="json", include={"id", "user_agent", "created_at", "last_success_at",
                                                      "gone_at"})
        for subscription in push.member_subscriptions(session=session, program_id=program.id,
                                                      member_id=member_id, live_only=False)]
    data["recommendations"] = recommendations.member_data(session=session, program_id=program.id,
                                                          member_id=member_id)
    data.update(gamification.member_data(session=session, program=program, member_id=member_id))
    data["leaderboards"] = leaderboards.member_data(session=session, program=program, member_id=member_id)
    data["contest_entries"] = contests.member_data(session=session, program=program, member_id=member_id)
    data["contest_wins"] = contests.member_wins(session=session, program=program, member_id=member_id)
    data.update(surveys.member_data(session=session, program=program, member_id=member_id))
    return data
