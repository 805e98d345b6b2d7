from enum import StrEnum


class RuleUpdateTriggerType0(StrEnum):
    BIRTHDAY = "birthday"
    CUSTOM_EVENT = "custom_event"
    ENROLMENT = "enrolment"
    PURCHASE = "purchase"

    def __str__(self) -> str:
        return str(self.value)
