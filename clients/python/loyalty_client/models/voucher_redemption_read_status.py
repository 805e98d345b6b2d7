from enum import StrEnum


class VoucherRedemptionReadStatus(StrEnum):
    REDEEMED = "redeemed"
    ROLLED_BACK = "rolled_back"

    def __str__(self) -> str:
        return str(self.value)
