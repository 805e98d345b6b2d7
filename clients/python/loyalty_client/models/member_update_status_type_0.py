from enum import StrEnum


class MemberUpdateStatusType0(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"

    def __str__(self) -> str:
        return str(self.value)
