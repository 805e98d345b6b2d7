"""The generated client (clients/python) against a real `loyalty serve`, on both databases: what
a till or a shop does through it, every answer read as its typed model and every error as the
typed `Error`. Nothing here talks HTTP but the client."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any, TypeVar

from loyalty_client import AuthenticatedClient
from loyalty_client.api.earning_rules import create_rule
from loyalty_client.api.members import enrol_member, list_members, read_member
from loyalty_client.api.points import read_balance, spend_points
from loyalty_client.api.purchases import member_purchases, record_purchase
from loyalty_client.api.rewards import create_reward, member_redemption_receipt, redeem_reward
from loyalty_client.api.vouchers import (
    create_voucher_campaign,
    export_campaign_codes,
    import_campaign_codes,
    redeem_voucher,
    validate_voucher,
)
from loyalty_client.models import (
    Address,
    BasketIn,
    BasketInChannel,
    BasketLineIn,
    CampaignCreate,
    CampaignCreateKind,
    CampaignRead,
    CodeBatchRead,
    Error,
    MemberCreate,
    MemberRead,
    MemberRef,
    MovementRead,
    PurchaseCreate,
    PurchaseOutcome,
    ReceiptLine,
    RedemptionCreate,
    RedemptionRead,
    RewardCreate,
    RewardCreateKind,
    RewardCreateNames,
    RewardRead,
    RuleCreate,
    RuleCreatePerAmountEffect,
    RuleCreateTrigger,
    SpendRequest,
    ValidationRead,
    VoucherCheck,
    VoucherRedeem,
    VoucherRedemptionRead,
)
from loyalty_client.types import UNSET, File

Answer = TypeVar("Answer")


def expect(answer: object, kind: type[Answer]) -> Answer:
    """The parsed answer, which must be a `kind` (the client types it as `Error | kind | None`)."""
    assert isinstance(answer, kind), answer
    return answer


def enrol(loyalty: AuthenticatedClient, email: str) -> MemberRead:
    return expect(enrol_member.sync(client=loyalty, body=MemberCreate(email=email, first_name="Ola")), MemberRead)


def one_point_per_unit(loyalty: AuthenticatedClient) -> None:
    effect = RuleCreatePerAmountEffect(kind="per_amount", points=1, per_minor=100)
    create_rule.sync(client=loyalty, body=RuleCreate(name="1 point per 1.00", trigger=RuleCreateTrigger.PURCHASE,
                                                      effect=effect))


def receipt(external_id: str, member_id: int) -> PurchaseCreate:
    return PurchaseCreate(external_id=external_id, member=MemberRef(id=member_id), store="WAW-01", lines=[
        ReceiptLine(sku="CAP", name="Cappuccino", category="coffee", quantity=2, unit_price=1450),
        ReceiptLine(sku="BRD", name="Bread", category="bakery", quantity=1, unit_price=2100)])


def all_pages(fetch: Callable[[Any], object]) -> list[list[Any]]:
    """The items of each page of a list, following `next_cursor` from the first page: every list
    of the API pages the same way."""
    pages: list[list[Any]] = []
    cursor: Any = UNSET
    while True:
        page = fetch(cursor)
        items, cursor = page.items, page.next_cursor  # type: ignore[attr-defined]
        pages.append(items)
        if cursor is None:
            return pages


def test_a_purchase_its_replay_and_a_spend_with_an_idempotency_key(loyalty: AuthenticatedClient) -> None:
    one_point_per_unit(loyalty)
    ola = enrol(loyalty, "ola@example.com")

    first = record_purchase.sync_detailed(client=loyalty, body=receipt("R-1", ola.id))
    again = record_purchase.sync_detailed(client=loyalty, body=receipt("R-1", ola.id))
    spend = SpendRequest(points=20, reason="coffee")
    spent = spend_points.sync_detailed(ola.id, client=loyalty, body=spend, idempotency_key="till-7-0001")
    replayed = spend_points.sync_detailed(ola.id, client=loyalty, body=spend, idempotency_key="till-7-0001")
    other_body = spend_points.sync_detailed(ola.id, client=loyalty, body=SpendRequest(points=21),
                                            idempotency_key="till-7-0001")

    purchase = expect(first.parsed, PurchaseOutcome)
    assert (first.status_code, again.status_code) == (201, 200)
    assert expect(again.parsed, PurchaseOutcome).to_dict() == purchase.to_dict()
    assert purchase.member_id == ola.id and purchase.total == 5000 and purchase.points.earned == 50
    assert (spent.status_code, replayed.status_code) == (201, 201)
    assert expect(replayed.parsed, MovementRead).to_dict() == expect(spent.parsed, MovementRead).to_dict()
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert other_body.status_code == 409
    assert expect(other_body.parsed, Error).error.code == "idempotency_mismatch"
    balance = read_balance.sync(ola.id, client=loyalty)
    assert balance is not None and not isinstance(balance, Error)
    assert balance.units["points"].available == 30


def test_a_coupon_is_imported_validated_and_redeemed_once(loyalty: AuthenticatedClient) -> None:
    campaign = expect(create_voucher_campaign.sync(client=loyalty, body=CampaignCreate(
        name="5 off", kind=CampaignCreateKind.FIXED_AMOUNT, amount=500)), CampaignRead)
    imported = import_campaign_codes.sync(campaign.id, client=loyalty, idempotency_key="import-1",
                                          body=File(payload=io.BytesIO(b"code\nFIVE-OFF\n"), mime_type="text/csv"))
    basket = BasketIn(channel=BasketInChannel.ONLINE, lines=[
        BasketLineIn(line_no=10, sku="CAP", category="coffee", quantity=2, unit_price=1400),
        BasketLineIn(line_no=20, sku="CRO", category="bakery", quantity=1, unit_price=900)])

    checked = validate_voucher.sync(client=loyalty, body=VoucherCheck(code="five-off", basket=basket))
    order = VoucherRedeem(code="FIVE-OFF", basket=basket, order_id="WEB-1")
    redeemed = redeem_voucher.sync_detailed(client=loyalty, body=order, idempotency_key="order-WEB-1")
    replayed = redeem_voucher.sync_detailed(client=loyalty, body=order, idempotency_key="order-WEB-1")
    used_up = redeem_voucher.sync_detailed(client=loyalty, body=VoucherRedeem(code="FIVE-OFF", basket=basket,
                                                                                  order_id="WEB-2"),
                                           idempotency_key="order-WEB-2")
    export = expect(export_campaign_codes.sync(campaign.id, client=loyalty), File)

    assert expect(imported, CodeBatchRead).size == 1
    validation = expect(checked, ValidationRead)
    assert validation.valid is True and validation.discount == 500
    redemption = expect(redeemed.parsed, VoucherRedemptionRead)
    assert redeemed.status_code == 201 and redemption.discount == 500 and redemption.order_id == "WEB-1"
    assert expect(replayed.parsed, VoucherRedemptionRead).to_dict() == redemption.to_dict()
    assert used_up.status_code == 409 and expect(used_up.parsed, Error).error.code == "voucher_used_up"
    rows = list(csv.DictReader(io.StringIO(export.payload.read().decode())))
    assert [(row["code"], row["uses"]) for row in rows] == [("FIVE-OFF", "1")]


def test_a_reward_is_redeemed_for_points_and_its_receipt_is_a_pdf(loyalty: AuthenticatedClient) -> None:
    one_point_per_unit(loyalty)
    ola = enrol(loyalty, "ola@example.com")
    record_purchase.sync(client=loyalty, body=receipt("R-1", ola.id))  # 50 points
    mug = expect(create_reward.sync(client=loyalty, body=RewardCreate(
        kind=RewardCreateKind.PHYSICAL, names=RewardCreateNames.from_dict({"en": "Coffee mug"}), points_price=30,
        stock=5)), RewardRead)

    order = RedemptionCreate(reward_id=mug.id, delivery_address=Address(
        line1="ul. Piotrkowska 1", city="Łódź", postal_code="90-001", country="PL"))
    redeemed = redeem_reward.sync_detailed(ola.id, client=loyalty, body=order, idempotency_key="app-redeem-1")
    too_poor = redeem_reward.sync_detailed(ola.id, client=loyalty, body=order, idempotency_key="app-redeem-2")

    redemption = expect(redeemed.parsed, RedemptionRead)
    assert redeemed.status_code == 201 and redemption.reward_id == mug.id and redemption.points == 30
    assert too_poor.status_code == 409 and expect(too_poor.parsed, Error).error.code == "insufficient_points"
    pdf = expect(member_redemption_receipt.sync(ola.id, redemption.id, client=loyalty), File)
    assert pdf.payload.read().startswith(b"%PDF-")


def test_members_and_a_members_purchases_are_read_page_by_page(loyalty: AuthenticatedClient) -> None:
    members = [enrol(loyalty, f"member{number}@example.com") for number in range(5)]
    for number in range(3):
        record_purchase.sync(client=loyalty, body=receipt(f"R-{number}", members[0].id))

    member_pages = all_pages(lambda cursor: list_members.sync(client=loyalty, limit=2, cursor=cursor))
    purchase_pages = all_pages(lambda cursor: member_purchases.sync(members[0].id, client=loyalty, limit=2,
                                                                    cursor=cursor))

    assert [[member.id for member in page] for page in member_pages] == [
        [members[4].id, members[3].id], [members[2].id, members[1].id], [members[0].id]]
    assert [[purchase.external_id for purchase in page] for page in purchase_pages] == [["R-2", "R-1"], ["R-0"]]


def test_errors_are_read_as_the_typed_error(loyalty: AuthenticatedClient, server: str) -> None:
    enrol(loyalty, "ola@example.com")

    unknown = read_member.sync_detailed(999_999, client=loyalty)
    taken = enrol_member.sync_detailed(client=loyalty, body=MemberCreate(email="OLA@example.com"))
    invalid = enrol_member.sync_detailed(client=loyalty, body=MemberCreate(email="not an address"))
    with AuthenticatedClient(base_url=server, token="lk_not_a_key", raise_on_unexpected_status=True) as stranger:
        locked_out = read_member.sync_detailed(1, client=stranger)

    assert unknown.status_code == 404 and expect(unknown.parsed, Error).error.code == "member_not_found"
    assert taken.status_code == 409 and expect(taken.parsed, Error).error.code == "member_exists"
    error = expect(invalid.parsed, Error).error
    assert invalid.status_code == 422 and (error.code, error.field) == ("invalid_value", "email")
    assert locked_out.status_code == 401 and expect(locked_out.parsed, Error).error.code == "invalid_api_key"
