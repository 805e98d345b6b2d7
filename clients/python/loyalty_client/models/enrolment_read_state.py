from enum import StrEnum


class EnrolmentReadState(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CONVERTED = "converted"
    EXITED = "exited"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
