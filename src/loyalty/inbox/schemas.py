from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class InboxItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    message_id: int
    channel: str
    subject: str
    body: str
    link_url: str | None
    created_at: datetime
    read_at: datetime | None

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
