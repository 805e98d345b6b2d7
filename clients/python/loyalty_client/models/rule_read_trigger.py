from enum import StrEnum


class RuleReadTrigger(StrEnum):
    BIRTHDAY = "birthday"
    CUSTOM_EVENT = "custom_event"
    ENROLMENT = "enrolment"
    PURCHASE = "purchase"

    def __str__(self) -> str:
        return str(self.value)
