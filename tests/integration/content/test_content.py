"""Members-only content and early access on both databases: a member sees only what is theirs."""

from __future__ import annotations

from datetime import timedelta

from loyalty.content import service
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.surveys import make_content
from tests.factories.tiers import assign, make_levels


def _titles(database: Database, program: Program, member_id: int) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return [item.title for item in service.member_content(session=session, program_id=program.id,
                                                              member_id=member_id).items]


def test_a_member_never_sees_content_not_targeted_at_them(database: Database, program: Program) -> None:
    make_levels(database, program)
    gold = make_member(database, program)
    assign(database, program, gold.id, tier_code="gold")
    basic = make_member(database, program)
    make_content(database, program, title="For everyone")                          # given three audiences
    make_content(database, program, title="Gold only", tiers=["gold"])
    make_content(database, program, title="Platinum only", tiers=["platinum"])

    assert _titles(database, program, gold.id) == ["Gold only", "For everyone"]     # then each sees theirs
    assert _titles(database, program, basic.id) == ["For everyone"]


def test_early_access_opens_for_the_best_tier_first(database: Database, program: Program) -> None:
    make_levels(database, program)
    gold = make_member(database, program)
    assign(database, program, gold.id, tier_code="gold")
    basic = make_member(database, program)
    now = clock.now()
    make_content(database, program, kind="early_access", title="Winter blend", body="", body_format="plain",
                 item_ref="WINTER-24", windows=[
                     {"opens_at": (now - timedelta(hours=1)).isoformat(), "tiers": ["gold", "platinum"]},
                     {"opens_at": (now + timedelta(days=2)).isoformat()}])

    with unit_of_work(database, read_only=True) as session:                       # when the shop asks
        for_gold = service.early_access(session=session, program_id=program.id, member_id=gold.id,
                                        item_ref="WINTER-24")
        for_basic = service.early_access(session=session, program_id=program.id, member_id=basic.id,
                                         item_ref="WINTER-24")
        basic_view = service.member_content(session=session, program_id=program.id, member_id=basic.id).items

    assert for_gold.may_buy_now is True                                             # then gold buys now
    assert for_basic.may_buy_now is False and for_basic.opens_at is not None
    assert abs((for_basic.opens_at - now) - timedelta(days=2)) < timedelta(seconds=1)
    assert [(item.title, item.is_open) for item in basic_view] == [("Winter blend", False)]


def test_markdown_bodies_carry_no_raw_html(database: Database, program: Program) -> None:
    member = make_member(database, program)
    make_content(database, program, body="**Fresh** <script>alert(1)</script> [x](javascript:alert(1))")

    with unit_of_work(database, read_only=True) as session:
        body = service.member_content(session=session, program_id=program.id, member_id=member.id).items[0].body_html

    assert "<strong>Fresh</strong>" in body and "<script>" not in body and "href=\"javascript" not in body
