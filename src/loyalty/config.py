"""One Settings object, nested by concern, read from LOYALTY_* environment variables.

`LOYALTY_DATABASE_URL` is accepted as a shortcut for `LOYALTY_DATABASE__URL`.
"""

from __future__ import annotations

import os
import secrets
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///loyalty.db"


class DatabaseSettings(BaseModel):
    url: str = DEFAULT_DATABASE_URL
    pool_size: int = Field(default=20, ge=1, le=500)
    max_overflow: int = Field(default=10, ge=0, le=500)
    # FULL: an acknowledged purchase survives a power cut (WAL + fsync on commit).
    sqlite_synchronous: Literal["OFF", "NORMAL", "FULL", "EXTRA"] = "FULL"
    sqlite_busy_timeout_seconds: float = Field(default=30.0, gt=0)
    # Off by default: a ping is a round trip on every checkout. A dropped connection (database
    # restart) fails one request, and the pool then replaces every connection it holds.
    pool_pre_ping: bool = False
    echo: bool = False

    @field_validator("url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        if not (value.startswith("sqlite") or value.startswith("postgresql+psycopg")):
            raise ValueError("database url must be sqlite:///PATH or postgresql+psycopg://...")
        return value


class ServerSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    # Threads per process that run request handlers (each holds at most one database connection).
    # Handlers are CPU-bound where the database shares the host: more threads than a few per
    # core only queue on the GIL and the database's locks (40 gave 30% fewer purchases/s than 4).
    threads: int = Field(default=4, ge=1, le=1000)
    # Largest request body taken (bytes); larger is 413 before it is read. Big enough for a CSV
    # of half a million codes, small enough that no client can make a process hold gigabytes.
    max_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)


class WorkerSettings(BaseModel):
    # Whether each server process also runs a worker (the event subscribers and the jobs) in a
    # thread: "auto" on SQLite (the two-command demo needs nothing else), never on PostgreSQL,
    # where `loyalty worker` processes on any hosts share the work.
    in_process: Literal["auto", "always", "never"] = "auto"
    # Jobs one worker runs at once (threads: the tasks are synchronous).
    concurrency: int = Field(default=4, ge=1, le=64)

    def runs_in_process(self, dialect: str) -> bool:
        return self.in_process == "always" or (self.in_process == "auto" and dialect == "sqlite")


class RateLimitSettings(BaseModel):
    """Attempt limits ("30/minute", "5/second"; the `limits` package's notation).

    Counters live in process memory by default; with several processes or hosts, point
    `storage_uri` at Redis (redis://host:6379/0, needs `pip install 'limits[redis]'`) so
    they share one count.
    """

    storage_uri: str = "memory://"
    voucher_validation_per_key: str = "600/minute"
    voucher_validation_per_member: str = "30/minute"
    # Public links anyone may follow (referral links): per client address.
    public_link_per_ip: str = "60/minute"
    # The e-shop tracking script's batches (POST /t/events), per client address and per program key.
    tracking_per_ip: str = "120/minute"
    tracking_per_key: str = "6000/minute"
    # Live counts of a segment condition (POST /api/v1/segments/count), per API key: each is a
    # query over every member.
    segment_count_per_key: str = "120/minute"
    # Sign-ins on the gift page (/gift): every attempt counts, per client IP and per voucher
    # code prefix or bonus card number (which is what protects a card's short PIN).
    gift_sign_in_per_ip: str = "30/minute"
    gift_sign_in_per_code: str = "10/hour"
    # Staff sign-ins (admin panel, POS), per client address and per e-mail typed; the account
    # itself locks after repeated wrong passwords (auth/staff.py).
    staff_sign_in_per_ip: str = "30/minute"
    staff_sign_in_per_email: str = "30/hour"
    # Members asking for a sign-in code, and typing one, per address and per e-mail.
    member_sign_in_per_ip: str = "30/minute"
    member_sign_in_per_email: str = "10/hour"

    @field_validator("voucher_validation_per_key", "voucher_validation_per_member", "gift_sign_in_per_ip",
                     "gift_sign_in_per_code", "staff_sign_in_per_ip", "staff_sign_in_per_email",
                     "member_sign_in_per_ip", "member_sign_in_per_email", "tracking_per_ip",
                     "tracking_per_key")
    @classmethod
    def _rate(cls, value: str) -> str:
        import limits

        try:
            limits.parse(value)
        except ValueError as error:
            raise ValueError(f"{value!r} is not a rate such as '30/minute': {error}") from error
        return value

    @field_validator("storage_uri")
    @classmethod
    def _known_storage(cls, value: str) -> str:
        if not value.startswith(("memory://", "redis://", "rediss://", "redis+sentinel://", "redis+cluster://")):
            raise ValueError("storage_uri must be memory:// or a redis:// URI")
        return value


MIN_SECRET_KEY_LENGTH = 32


class SecuritySettings(BaseModel):
    """Secrets of the server itself.

    `secret_key` signs the gift page's session cookies and the pages' one-time notices. It has
    no default that could sign anything: `loyalty serve` refuses to start without one, the demo
    and the tests generate one (`generate_secret_key()`). Every process and host serving the same site needs the
    same key, or a cookie signed by one is refused by the next.
    """

    secret_key: SecretStr | None = None

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(f"secret_key must be at least {MIN_SECRET_KEY_LENGTH} characters; "
                             "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'")
        return value

    @property
    def has_secret_key(self) -> bool:
        return self.secret_key is not None


def generate_secret_key() -> str:
    """A fresh random secret key (the demo's and the tests'; a real site sets its own once)."""
    return secrets.token_urlsafe(48)


class MailSettings(BaseModel):
    """Where e-mail goes (member sign-in codes and links). Without `smtp_host`, messages are
    written to `outbox_dir` and the server log instead, so a demo works offline."""

    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    sender: str = "Loyalty <no-reply@localhost>"
    outbox_dir: str = "outbox"


class WebhookSettings(BaseModel):
    """Outgoing webhooks (docs/webhooks.md). Deliveries reach public addresses only: loopback,
    private, link-local, CGNAT, multicast and reserved addresses are refused, at subscription
    and before every attempt. `allow_private_networks` opens them all (tests, an on-premise
    receiver) except cloud metadata addresses; `allowed_networks` opens only the CIDRs listed
    (LOYALTY_WEBHOOKS__ALLOWED_NETWORKS='["10.20.0.0/16"]')."""

    allow_private_networks: bool = False
    allowed_networks: list[str] = Field(default_factory=list)
    timeout_seconds: float = Field(default=10.0, gt=0, le=60)

    @field_validator("allowed_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        import ipaddress

        for cidr in value:
            try:
                ipaddress.ip_network(cidr, strict=False)
            except ValueError as error:
                raise ValueError(f"{cidr!r} is not a network such as 10.0.0.0/8: {error}") from error
        return value


class SmsSettings(BaseModel):
    """Where SMS go: `provider = "log"` (the default, development) writes them to the log;
    `"http"` POSTs `{"to", "text"}` as JSON to `url` with `auth_header` ("Authorization: Bearer …")."""

    provider: Literal["log", "http"] = "log"
    url: str | None = None
    auth_header: SecretStr | None = None
    sender: str | None = None


class PushSettings(BaseModel):
    """Web push to the member app. The VAPID key pair is made once per installation and kept in
    the database (`push_keys`); `loyalty push public-key` shows its public half.

    `vapid_subject` is the contact push services see (mailto: or https:); without it, the mail
    sender's address. `allow_private_endpoints` lets subscriptions point at http:// and private
    addresses: only for tests and closed networks, since a member chooses the endpoint."""

    vapid_subject: str | None = None
    ttl_seconds: int = Field(default=4 * 24 * 3600, ge=0, le=28 * 24 * 3600)
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    allow_private_endpoints: bool = False

    @field_validator("vapid_subject")
    @classmethod
    def _contact(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("mailto:", "https://")):
            raise ValueError("vapid_subject must be a mailto: or https:// address")
        return value

    def subject(self, mail: MailSettings) -> str:
        if self.vapid_subject:
            return self.vapid_subject
        from email.utils import parseaddr

        return f"mailto:{parseaddr(mail.sender)[1] or 'no-reply@localhost'}"


class AnalyticsSettings(BaseModel):
    """The analytics copy (docs/analytics.md): a DuckDB file the worker fills from the
    operational database every minute; the dashboard and the pivot read only it.

    Where: `path` if set; else, on SQLite, beside the database file (`loyalty.db` →
    `loyalty.db.analytics.duckdb`); on PostgreSQL, in `data_dir`, named after the database.
    `memory_limit` and `threads` bound DuckDB (2 threads and 1 GB fit a 2-core host beside
    the server). `sync_overlap_seconds`: rows recorded this recently are copied again on the
    next sync, so a transaction that committed late (ids out of order) is not missed."""

    path: str | None = None
    data_dir: str = "data"
    memory_limit: str = "1GB"
    threads: int = Field(default=2, ge=1, le=64)
    sync_overlap_seconds: int = Field(default=120, ge=0, le=86400)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LOYALTY_", env_nested_delimiter="__", extra="ignore")

    database: DatabaseSettings = DatabaseSettings()
    server: ServerSettings = ServerSettings()
    worker: WorkerSettings = WorkerSettings()
    rate_limit: RateLimitSettings = RateLimitSettings()
    security: SecuritySettings = SecuritySettings()
    mail: MailSettings = MailSettings()
    webhooks: WebhookSettings = WebhookSettings()
    sms: SmsSettings = SmsSettings()
    push: PushSettings = PushSettings()
    analytics: AnalyticsSettings = AnalyticsSettings()
    log_level: str = "INFO"
    # The address people reach this server at: referral links are `{public_url}/r/{code}`.
    public_url: str = "http://127.0.0.1:8000"
    # The program the member app (/app) serves; None: the server's first program.
    app_program_id: int | None = None

    @field_validator("public_url")
    @classmethod
    def _absolute_public_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        scheme, _, host = value.partition("://")
        if scheme not in ("http", "https") or not host:
            raise ValueError("public_url must be an absolute http:// or https:// address, "
                             "e.g. https://loyalty.example.com")
        return value


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with CLI options (non-None values) on top."""
    settings = Settings()
    url = os.environ.get("LOYALTY_DATABASE_URL")
    if url and "LOYALTY_DATABASE__URL" not in os.environ:
        settings.database = DatabaseSettings(**{**settings.database.model_dump(), "url": url})
    database_url = overrides.pop("database_url", None)
    if database_url:
        settings.database = DatabaseSettings(**{**settings.database.model_dump(), "url": database_url})
    server = {k: v for k, v in overrides.items() if k in ("host", "port", "workers") and v is not None}
    if server:
        settings.server = ServerSettings(**{**settings.server.model_dump(), **server})
    return settings
