"""The operator's and the maintainer's command line, on the embedded default."""

from __future__ import annotations

import json

import pytest

from gateway.bootstrap import bootstrap
from gateway.cli import main
from gateway.identity import DEVELOPMENT_IDENTITIES, actor_from_claims
from gateway.settings import Settings
from schemas.commands import SubmitMeterInstallationCommand
from tests.samples import METER_INSTALLATION

CITIZEN = actor_from_claims(DEVELOPMENT_IDENTITIES["citizen"] | {"role": "citizen"}, None)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


def submitted_number(settings: Settings) -> str:
    services = bootstrap(settings)
    try:
        return services.registry.submit_meter_installation(SubmitMeterInstallationCommand(**METER_INSTALLATION), CITIZEN) \
            .application.number
    finally:
        services.close()


def test_deliveries_lists_the_messages_of_an_application_and_counts_them_by_status(data_dir, capsys):
    number = submitted_number(Settings(_env_file=None, data_dir=data_dir))
    assert main(["deliveries", "--number", number]) == 0
    out = capsys.readouterr().out
    assert out.count(number) == 2 and "/email" in out and "/sms" in out
    assert "2 matching" in out


def test_retrying_an_unknown_delivery_says_so_and_fails(data_dir, capsys):
    assert main(["retry-delivery", "00000000-0000-0000-0000-000000000000:1/sms"]) == 1
    assert "No such delivery" in capsys.readouterr().err


def test_rebuild_views_replays_the_store_and_keeps_the_rows(data_dir, capsys):
    number = submitted_number(Settings(_env_file=None, data_dir=data_dir))
    assert main(["rebuild-views"]) == 0
    assert "from 1 events" in capsys.readouterr().out
    services = bootstrap(Settings(_env_file=None, data_dir=data_dir))
    try:
        rows, count = services.views.of_applicant(CITIZEN.subject, 1, 10)
        assert count == 1 and json.loads(rows[0])["number"] == number
    finally:
        services.close()


def test_the_workers_refuse_to_start_without_kafka(data_dir, capsys):
    assert main(["relay"]) == 2
    assert "KAFKA_BOOTSTRAP_SERVERS" in capsys.readouterr().err


def test_a_day_swap_recorded_from_the_command_line_is_listed_with_who_and_why(data_dir, capsys):
    assert main(["day-swap", "--day", "2026-12-26", "--working", "--decree", "Qərar № 1", "--reason", "İş günü",
                 "--by", "ops-07"]) == 0
    assert "2026-12-26 is a working day" in capsys.readouterr().out
    assert main(["day-swap", "--day", "2026-12-26", "--rest", "--decree", "Qərar № 2", "--reason", "Düzəliş",
                 "--by", "ops-07"]) == 0
    capsys.readouterr()
    assert main(["day-swaps", "--year", "2026"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [("superseded" in line, "in force" in line) for line in listed] == [(True, False), (False, True)]
    assert all("ops-07" in line for line in listed)


def test_a_day_swap_that_changes_nothing_or_names_no_day_is_refused(data_dir, capsys):
    assert main(["day-swap", "--day", "2026-12-27", "--rest", "--decree", "Q", "--reason", "R", "--by", "ops"]) == 1
    assert "rest day already" in capsys.readouterr().err
    assert main(["day-swap", "--day", "27.12.2026", "--rest", "--decree", "Q", "--reason", "R", "--by", "ops"]) == 2
