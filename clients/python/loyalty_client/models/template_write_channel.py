from enum import StrEnum


class TemplateWriteChannel(StrEnum):
    EMAIL = "email"
    INBOX = "inbox"
    PUSH = "push"
    SMS = "sms"

    def __str__(self) -> str:
        return str(self.value)
