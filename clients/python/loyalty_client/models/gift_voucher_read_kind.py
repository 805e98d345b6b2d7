from enum import StrEnum


class GiftVoucherReadKind(StrEnum):
    BONUS_CARD = "bonus_card"
    VOUCHER = "voucher"

    def __str__(self) -> str:
        return str(self.value)
