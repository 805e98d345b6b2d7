from enum import StrEnum


class RuleVersionReadTrigger(StrEnum):
    BIRTHDAY = "birthday"
    CUSTOM_EVENT = "custom_event"
    ENROLMENT = "enrolment"
    PURCHASE = "purchase"

    def __str__(self) -> str:
        return str(self.value)
