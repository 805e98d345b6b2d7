from enum import StrEnum


class CatalogueItemReadKind(StrEnum):
    CASHBACK = "cashback"
    COUPON = "coupon"
    DONATION = "donation"
    E_VOUCHER = "e_voucher"
    PHYSICAL = "physical"
    STAMP_CARD = "stamp_card"

    def __str__(self) -> str:
        return str(self.value)
