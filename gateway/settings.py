"""One typed settings object, read from the environment (and a .env file, if any)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, get_args
from urllib.parse import unquote, urlparse

from pydantic import BaseModel, ConfigDict, EmailStr, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from cases.deadlines import Terms

MiB = 1024 * 1024

GrantedRole = Literal["citizen", "portal", "employee", "supervisor", "auditor", "operator"]
EVERY_ROLE: tuple[str, ...] = get_args(GrantedRole)


class IssuerSettings(BaseModel):
    """One identity provider: where its keys are, and the roles its tokens may grant (gateway.identity)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    issuer: str = Field(min_length=1, description="the tokens' `iss`, exactly")
    public_keys: list[Path] = Field(default=[], description="PEM files of its public keys")
    jwks_url: str | None = Field(default=None, description="its JWKS: a file path, file:// or http(s):// URL")
    roles: list[GrantedRole] = Field(min_length=1, description="the roles its tokens may grant; any other is refused")
    audience: str | None = Field(default=None, description="the `aud` its tokens carry; JWT_AUDIENCE when unset")

    @model_validator(mode="after")
    def has_keys(self) -> IssuerSettings:
        if not (self.public_keys or self.jwks_url):
            raise ValueError(f"the issuer {self.issuer!r} of JWT_ISSUERS needs public_keys or jwks_url")
        return self


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str | None = Field(
        default=None, description="postgresql://… for Postgres; unset means SQLite files under data_dir")
    data_dir: Path = Path(".data")
    port: int = 8000
    kafka_bootstrap_servers: str | None = Field(
        default=None, description="host:port[,…]; set means events go to Kafka and the views follow the topic")
    kafka_topic: str = "azersu.application-events"
    kafka_group_prefix: str = Field(default="azersu", description="consumer groups <prefix>-views and <prefix>-notifications")

    jwt_public_keys: list[Path] = Field(default=[], description="PEM files of the identity provider's public keys")
    jwt_issuer: str = "azersu-dev"
    jwt_audience: str = "azersu-cases"
    jwt_algorithms: list[str] = ["RS256", "ES256"]
    jwt_jwks_url: str | None = Field(
        default=None, description="the identity provider's JWKS: a file path, file:// or http(s):// URL; keys chosen by kid")
    jwt_jwks_refresh_seconds: float = Field(default=300, description="re-read the JWKS this often, so withdrawn keys go")
    jwt_jwks_cooldown_seconds: float = Field(default=10, description="an unknown kid re-reads the JWKS at most this often")
    jwt_clock_skew_seconds: float = 30
    # Submissions (gateway.ratelimit): at most this many per window, per portal and per citizen.
    rate_limit_window_seconds: float = 3600
    rate_limit_submissions_per_portal: int = 3000
    rate_limit_submissions_per_citizen: int = 10
    # The database (gateway.availability): a request waits at most this long for it before answering 503.
    database_wait_seconds: float = 0.8

    max_document_bytes: int = 10 * MiB
    max_request_bytes: int = 25 * MiB
    db_pool_size: int = 10

    # E-mail: unset SMTP_HOST means messages are written to files under data_dir/outbox instead.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "Azərsu <no-reply@azersu.az>"
    smtp_timeout_seconds: float = 10
    # SMS: unset SMS_GATEWAY_URL means messages are written to files under data_dir/outbox instead.
    sms_gateway_url: str | None = None
    sms_gateway_username: str | None = Field(default=None, description="HTTP basic auth, when the gateway wants it")
    sms_gateway_password: str | None = None
    sms_gateway_token: str | None = Field(default=None, description="bearer token, when the gateway wants one")
    sms_sender: str = "AZERSU"
    sms_request_template: str = Field(
        default='{"from": $sender, "to": $to, "text": $text, "reference": $key}',
        description="the JSON body the gateway expects; $sender, $to, $text and $key become JSON strings")
    sms_timeout_seconds: float = 10
    # Delivery: a failed message is tried again after 2^attempt × base seconds, and parked after the limit.
    delivery_max_attempts: int = 5
    delivery_backoff_seconds: float = 2.0
    delivery_threads: int = Field(default=4, ge=1, le=64, description="messages sent at once by one process")
    delivery_lease_seconds: float = Field(
        default=60.0, description="a message claimed this long ago by a dispatcher that died is sent again")
    # Delivery reports: the SMS gateway's (POST /v1/deliveries/sms-reports) and the mail system's bounces
    # (POST /v1/deliveries/email-bounces) authenticate with this bearer token; unset, both endpoints refuse.
    delivery_report_token: SecretStr | None = Field(default=None, min_length=32)
    # Webhooks to the portals (consumers.webhooks).
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60, description="a receiver's whole answer, at most")
    webhook_suspend_after_seconds: float = Field(default=6 * 3600, ge=0,
                                                 description="an endpoint failing this long is suspended")
    operator_emails: list[str] = Field(default=[], description="JSON list: who is told of a suspended endpoint")

    # Access (gateway.identity, gateway.id_secret): the issuers and the roles each may grant; the application id secret.
    application_id_secret: SecretStr | None = Field(
        default=None, min_length=32, description="HMAC key of the ids of keyed submissions; required in production "
                                                 "(the same on every replica), else made once under data_dir")
    jwt_issuers: list[IssuerSettings] = Field(
        default=[], description="JSON list of {issuer, public_keys | jwks_url, roles, audience?}; required in production. "
                                "Unset: JWT_ISSUER with JWT_PUBLIC_KEYS / JWT_JWKS_URL (or the development key) grants every role")

    # Document inspection (gateway.adapters.document_inspection): worker processes, and each document's budget.
    document_inspection_workers: int = Field(default=2, ge=1, le=32, description="documents inspected at once")
    document_inspection_cpu_seconds: float = Field(default=5, gt=0, le=120, description="CPU one document may cost")
    document_inspection_memory_mib: int = Field(default=512, ge=128, le=16384, description="memory one worker may use")
    document_inspection_wall_seconds: float = Field(
        default=15, gt=0, le=600, description="a worker that has not answered by then is killed and replaced")

    # Limits (area: limits): request bodies, connections and flooding (gateway.uploads, gateway.server, gateway.ratelimit).
    max_json_bytes: int = Field(default=64 * 1024, description="any body but a multipart form; the largest command is under 8 KiB")
    server_head_timeout_seconds: float = Field(default=10, gt=0, description="a request's head arrives within this (gateway.server)")
    server_body_timeout_seconds: float = Field(default=60, gt=0, description="its body within this after the head, or 408")
    server_keep_alive_seconds: float = Field(default=5, gt=0, description="an idle keep-alive connection is closed after this")
    server_max_concurrency: int = Field(default=100, ge=1, description="connections and requests at once per process; 503 beyond")
    server_backlog: int = Field(default=256, ge=1, description="connections waiting to be accepted")
    rate_limit_lookups_per_citizen: int = Field(default=30, ge=1, description="subscriber lookups per window of RATE_LIMIT_WINDOW_SECONDS")
    max_open_applications_per_kind: int = Field(default=5, ge=1, description="a citizen's applications of one kind not yet answered")
    max_document_bytes_per_citizen_day: int = Field(default=50 * MiB, ge=1, description="a citizen's uploads in any 24 hours")
    # Terms in working days (cases/deadlines.py; the README says where each default comes from).
    term_days_technical_conditions: int = Field(default=15, ge=1, le=250, description="the term of technical conditions")
    term_days_meter_installation: int = Field(default=15, ge=1, le=250, description="the term of a meter installation")
    information_request_days: int = Field(default=5, ge=1, le=60, description="the applicant's default term to answer")
    information_request_max_days: int = Field(default=30, ge=1, le=60, description="the longest term a request may give")
    max_deadline_extensions: int = Field(default=1, ge=0, le=10, description="extensions of one case's term")
    deadline_extension_max_days: int = Field(default=15, ge=1, le=60, description="working days one extension may add")
    # Escalation (consumers/escalation.py): the unit's supervisors are told when a case reaches a threshold.
    supervisor_emails: dict[str, list[EmailStr]] = Field(
        default={}, description='JSON: unit code → the addresses of its supervisors, "*" for any unit without its own')
    escalation_thresholds: list[Annotated[int, Field(ge=-60, le=60)]] = Field(
        default=[2, -1], min_length=1, description="working days left at or below which a case is escalated; -1: overdue")
    escalation_interval_seconds: float = Field(default=60, gt=0, le=86400, description="how often running cases are scanned")

    # The front door (docs): /docs and /openapi.json in production only when this says so (gateway.api_docs).
    api_docs_public: bool = False

    # Start-up applies pending schema migrations (gateway.migrations); false: it refuses to start with one pending,
    # and an operator applies them with `python -m gateway.cli migrate`.
    migrate_on_start: bool = True

    # /metrics: open on the embedded default; in production only to a scraper presenting this bearer token
    # (Prometheus: `authorization: {credentials_file: …}`), and 404 when none is set.
    metrics_token: SecretStr | None = None
    # The workers' own port for /metrics, /healthz and /readyz (`gateway.cli relay|project|notify`); none when unset.
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65535)

    @property
    def metrics_open(self) -> bool:
        return self.environment != "production"
    # The back office in the browser (gateway.console): its session, and the staff's OpenID Connect provider.
    console_session_secret: SecretStr | None = Field(
        default=None, min_length=32, description="signs the console's session cookies; required in production (the same on "
                                                 "every replica), else made once under data_dir")
    console_session_seconds: int = Field(default=8 * 3600, ge=60, le=7 * 24 * 3600, description="a console session ends this long "
                                                                                             "after sign-in")
    console_oidc_issuer: str | None = Field(
        default=None, description="the staff identity provider (its /.well-known/openid-configuration); unset: no OpenID sign-in")
    console_oidc_client_id: str = "azersu-console"
    console_oidc_client_secret: SecretStr | None = Field(default=None, description="unset: a public client (PKCE alone)")
    console_oidc_redirect_uri: str | None = Field(
        default=None, description="the callback the provider knows, https://…/console/auth/callback; unset: from the request")

    @model_validator(mode="after")
    def refuse_development_identity_in_production(self) -> Settings:
        """Production names every identity provider and the roles it may grant: a citizens' sign-in that could
        mint an employee's token would turn one compromised portal login into back-office access."""
        if self.trusts_development_key or self.jwt_issuers:
            return self
        if self.jwt_public_keys or self.jwt_jwks_url:
            raise ValueError("production needs JWT_ISSUERS, naming the roles each issuer may grant: JWT_PUBLIC_KEYS "
                             "and JWT_JWKS_URL alone would let their issuer grant every role")
        raise ValueError("production needs JWT_ISSUERS (each issuer with public_keys or jwks_url, like JWT_PUBLIC_KEYS "
                         "or JWT_JWKS_URL): the local development key is refused")

    @model_validator(mode="after")
    def one_form_of_issuers(self) -> Settings:
        if self.jwt_issuers and (self.jwt_public_keys or self.jwt_jwks_url):
            raise ValueError("set JWT_ISSUERS or JWT_PUBLIC_KEYS / JWT_JWKS_URL, not both")
        names = [i.issuer for i in self.jwt_issuers]
        if len(set(names)) != len(names):
            raise ValueError("an issuer is named more than once in JWT_ISSUERS")
        return self

    @model_validator(mode="after")
    def jwks_over_https_in_production(self) -> Settings:
        """Keys fetched over plain HTTP could be swapped on the way: production takes them over HTTPS or from a file."""
        urls = [self.jwt_jwks_url or "", *(i.jwks_url or "" for i in self.jwt_issuers)]
        if self.environment == "production" and any(url.startswith("http://") for url in urls):
            raise ValueError("production fetches JWT_JWKS_URL and JWT_ISSUERS' jwks_url over https:// (or from a file)")
        return self

    @model_validator(mode="after")
    def refuse_symmetric_algorithms_in_production(self) -> Settings:
        """HS256 would let anyone holding the public key forge tokens, and `none` signs nothing."""
        unsafe = [a for a in self.jwt_algorithms if not a.upper().startswith(("RS", "PS", "ES"))]
        if self.environment == "production" and unsafe:
            raise ValueError(f"production accepts only RS*, PS* and ES* token algorithms, not {unsafe}")
        return self

    @model_validator(mode="after")
    def kafka_needs_postgres(self) -> Settings:
        if self.kafka_bootstrap_servers and not self.uses_postgres:
            raise ValueError("KAFKA_BOOTSTRAP_SERVERS needs DATABASE_URL: the relay, projector and notifier share Postgres")
        return self

    @model_validator(mode="after")
    def application_id_secret_in_production(self) -> Settings:
        """Replicas must derive the same ids, and a secret made on one machine's disk would not be shared."""
        if self.environment == "production" and self.application_id_secret is None:
            raise ValueError("production needs APPLICATION_ID_SECRET (at least 32 characters), the same on every replica")
        return self

    @model_validator(mode="after")
    def real_channels_in_production(self) -> Settings:
        """Without them the messages would silently become files on one replica's disk, and nobody told."""
        if self.environment == "production":
            for name, value in (("SMTP_HOST", self.smtp_host), ("SMS_GATEWAY_URL", self.sms_gateway_url)):
                if not (value or "").strip():
                    raise ValueError(f"production needs {name}: without it messages are written to local files")
        return self

    @model_validator(mode="after")
    def credentials_never_in_clear_in_production(self) -> Settings:
        """A password sent unencrypted is a password given to whoever is on the path. The SMTP sender's only TLS is
        STARTTLS (it has no implicit TLS), so a password needs SMTP_STARTTLS."""
        if self.environment != "production":
            return self
        if self.smtp_password and not self.smtp_starttls:
            raise ValueError("production sends SMTP_PASSWORD only over TLS: set SMTP_STARTTLS=true")
        in_clear = (self.sms_gateway_url or "").strip().lower().startswith("http://")
        for name, value in (("SMS_GATEWAY_TOKEN", self.sms_gateway_token), ("SMS_GATEWAY_PASSWORD", self.sms_gateway_password)):
            if value and in_clear:
                raise ValueError(f"production sends {name} only over https://: SMS_GATEWAY_URL is http://")
        return self

    def terms(self) -> Terms:
        """The terms in working days, as the deadlines' rules take them."""
        return Terms(by_kind={"technical_conditions": self.term_days_technical_conditions,
                              "meter_installation": self.term_days_meter_installation},
                     request_default=self.information_request_days, request_max=self.information_request_max_days,
                     max_extensions=self.max_deadline_extensions, extension_max_days=self.deadline_extension_max_days)
    @model_validator(mode="after")
    def console_session_secret_in_production(self) -> Settings:
        """Replicas must read each other's session cookies; a secret made on one machine's disk would not be shared.
        (Production without CONSOLE_OIDC_ISSUER has no console sign-in at all, so no session to sign.)"""
        if self.environment == "production" and self.console_oidc_issuer and self.console_session_secret is None:
            raise ValueError("production's console sign-in needs CONSOLE_SESSION_SECRET (at least 32 characters), the same on "
                             "every replica")
        return self

    @property
    def trusts_development_key(self) -> bool:
        """The development key's one rule: trusted outside production only. Production refuses it at start-up,
        wherever it appears (here, when no issuer is named; gateway.identity, among an issuer's keys)."""
        return self.environment != "production"

    @property
    def uses_kafka(self) -> bool:
        return bool(self.kafka_bootstrap_servers)

    @property
    def uses_postgres(self) -> bool:
        return self.database_url is not None and self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def postgres_url(self) -> str:
        """DATABASE_URL, where it names Postgres (`uses_postgres`; always so with Kafka)."""
        if self.database_url is None or not self.uses_postgres:
            raise RuntimeError("DATABASE_URL names no Postgres database")
        return self.database_url

    @property
    def kafka_servers(self) -> str:
        """KAFKA_BOOTSTRAP_SERVERS, where the service uses Kafka (`uses_kafka`)."""
        if not self.kafka_bootstrap_servers:
            raise RuntimeError("KAFKA_BOOTSTRAP_SERVERS is not set")
        return self.kafka_bootstrap_servers

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def dev_key_file(self) -> Path:
        return self.data_dir / "dev-jwt-key.pem"

    @property
    def console_secret_file(self) -> Path:
        return self.data_dir / "console-session-secret"

    @property
    def application_id_secret_file(self) -> Path:
        return self.data_dir / "application-id-secret"

    def event_store_env(self) -> dict[str, str]:
        """The eventsourcing library's settings for this database."""
        if not self.uses_postgres:
            return {"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                    "SQLITE_DBNAME": str(self.data_dir / "events.sqlite"), "SQLITE_LOCK_TIMEOUT": "30"}
        url = urlparse(self.postgres_url)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.path.lstrip("/"),
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_POOL_SIZE": str(self.db_pool_size),
            "POSTGRES_CONNECT_TIMEOUT": "5",
        }
