"""What users would pick instead, as tiny FastAPI apps served by the same uvicorn settings as ours.

    uvicorn --factory bench.baselines:echo_app   # the HTTP ceiling: the body back, nothing else
    uvicorn --factory bench.baselines:crud_app   # the CRUD service: the meter-installation form as one row

The CRUD app validates the body with the same command model as ours (so both refuse the same input),
inserts one row through a psycopg pool in a `def` endpoint (FastAPI's thread pool, as ours), and
answers 201 with the row's id and number. BENCH_CRUD_AUTH=1 adds the same bearer-token check as
ours (ES256 against the development key in DATA_DIR), to show what that check alone costs.
"""


import os
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, Request, Response
from pydantic import BaseModel

from schemas.commands import SubmitMeterInstallationCommand

CRUD_TABLE = """CREATE TABLE IF NOT EXISTS crud_meter_installation (
    id BIGSERIAL PRIMARY KEY, number TEXT NOT NULL, subscriber_code TEXT NOT NULL, reason TEXT NOT NULL,
    confirm_additional_meter BOOLEAN NOT NULL, phone TEXT NOT NULL, email TEXT NOT NULL, description TEXT NOT NULL,
    applicant_fin TEXT, status TEXT NOT NULL DEFAULT 'registered', created_at TIMESTAMPTZ NOT NULL DEFAULT now())"""


def echo_app() -> FastAPI:
    app = FastAPI()

    @app.post("/echo")
    async def echo(request: Request) -> Response:
        return Response(await request.body(), media_type=request.headers.get("content-type", "application/octet-stream"))

    return app


class Created(BaseModel):
    id: int
    number: str
    status: str


def crud_app() -> FastAPI:
    from psycopg_pool import ConnectionPool

    database_url = os.environ["DATABASE_URL"]
    pool_size = int(os.environ.get("DB_POOL_SIZE", "10"))
    caller = _caller_dependency() if os.environ.get("BENCH_CRUD_AUTH") == "1" else (lambda: None)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.pool = ConnectionPool(database_url, min_size=pool_size, max_size=pool_size, open=True)
        with app.state.pool.connection() as connection:
            connection.execute(CRUD_TABLE)
        yield
        app.state.pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/meter-installation", status_code=201, response_model=Created)
    def create(command: SubmitMeterInstallationCommand, request: Request, fin: Annotated[str | None, Depends(caller)]):
        with request.app.state.pool.connection() as connection:
            row = connection.execute(
                """INSERT INTO crud_meter_installation (number, subscriber_code, reason, confirm_additional_meter,
                       phone, email, description, applicant_fin)
                   VALUES ('SQ-' || nextval('crud_meter_installation_id_seq'), %s, %s, %s, %s, %s, %s, %s)
                   RETURNING id, number, status""",
                (command.subscriber_code, command.reason, command.confirm_additional_meter, command.phone,
                 command.email, command.description, fin)).fetchone()
        return Created(id=row[0], number=row[1], status=row[2])

    return app


def _caller_dependency():
    from gateway.identity import AuthenticationError
    from gateway.settings import Settings

    verifier = _verifier(Settings())

    def caller(authorization: Annotated[str, Header()] = "") -> str:
        try:
            return verifier.actor(authorization.removeprefix("Bearer "), None).subject
        except AuthenticationError as error:
            raise HTTPException(401, str(error)) from None

    return caller


def _verifier(settings):
    """The gateway's own verifier for these settings (the development key in DATA_DIR)."""
    try:
        from gateway.identity import verifier_from
    except ImportError:  # before key rings and JWKS came in
        from gateway.identity import TokenVerifier, development_private_key

        key = development_private_key(settings.dev_key_file).public_key()
        return TokenVerifier([key], settings.jwt_issuer, settings.jwt_audience, settings.jwt_algorithms)
    return verifier_from(settings)
