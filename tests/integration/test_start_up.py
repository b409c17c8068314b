"""Processes that start together on a new Postgres database (gateway replicas, the workers) each
create the tables they need; none of them may fail because another is doing the same."""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest

from gateway.bootstrap import bootstrap
from gateway.settings import Settings
from tests.postgres_server import database_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def new_database(postgres_server_url):
    name = f"azersu_start_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_server_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield database_url(postgres_server_url, name)
    with psycopg.connect(postgres_server_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_services_starting_at_once_on_a_new_database_all_come_up(new_database, tmp_path):
    settings = [Settings(_env_file=None, data_dir=tmp_path / str(n), database_url=new_database, db_pool_size=2)
                for n in range(6)]
    started, failures, go = [], [], threading.Barrier(len(settings))

    def start(each: Settings) -> None:
        go.wait()
        try:
            started.append(bootstrap(each))
        except Exception as error:  # what a replica would die of at start-up
            failures.append(error)

    threads = [threading.Thread(target=start, args=(each,)) for each in settings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for services in started:
        services.close()
    assert failures == [] and len(started) == len(settings)
