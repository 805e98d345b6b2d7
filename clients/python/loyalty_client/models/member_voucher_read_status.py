from enum import StrEnum


class MemberVoucherReadStatus(StrEnum):
    AVAILABLE = "available"
    EXPIRED = "expired"
    INACTIVE = "inactive"
    NOT_YET_VALID = "not_yet_valid"
    USED_UP = "used_up"

    def __str__(self) -> str:
        return str(self.value)
