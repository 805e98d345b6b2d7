from enum import StrEnum


class MemberCreateEnrolmentChannel(StrEnum):
    API = "api"
    APP = "app"
    CONTACT_CENTER = "contact_center"
    IMPORT = "import"
    ONLINE = "online"
    PARTNER = "partner"
    POS = "pos"

    def __str__(self) -> str:
        return str(self.value)
