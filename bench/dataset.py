"""Synthetic history for the benchmark: applications with realistic life cycles, stored in the event
store's own format by bulk COPY, and a real PDF for the upload.

Why not through the registry's commands: a million events at the write path's few hundred per second
would take most of an hour. Why it is still the real thing: every event is first made by the aggregate
itself (`Application.submit_…`, `route`, `add_note`, …), and its stored state is encoded by the case
registry's own mapper (the library's JSON transcoder), exactly as `save()` would encode it; only the
fields that make applications differ (id, number, applicant, times) are changed on the way. The check
`decode_sample` reads rows back through the library and the projector, so a format drift fails loudly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from cases.application import Application, Outcome
from cases.documents import Upload
from cases.reference import Catalogue
from cases.subscribers import SeededSubscriberRegister
from eventlog.decoding import envelope_of
from gateway.adapters.document_contents import ContentInspector
from schemas.commands import MeterActInput, SubmitMeterInstallationCommand, SubmitTechnicalConditionsCommand
from schemas.context import Actor, Citizen
from schemas.views import CaseView

CONTENTS = ContentInspector()

EVENTS_TABLE = "caseregistry_events"
APPS_PER_CITIZEN = 5
ID_PREFIX = 0xBE7C << 112  # synthetic application ids are easy to tell apart from uuid4 ones
# Life cycles by their number of events; the mean is 10, so N events make about N/10 applications.
# registered, withdrawn, refused, in progress (5), fulfilled with 5..15 notes.
LIFECYCLE_LENGTHS = (1, 2, 3, 5, 10, 12, 14, 15, 18, 20)
FIRST_NAMES = ("Rəşad", "Günel", "Elvin", "Aysel", "Tural", "Nərmin", "Orxan", "Leyla", "Kamran", "Səbinə")
SURNAMES = ("Əliyev", "Məmmədova", "Həsənov", "Quliyeva", "İsmayılov", "Hüseynova", "Abbasov", "Cəfərova")
PORTALS = ("e-gov", "azersu", "e-su")


# --- the upload -----------------------------------------------------------------------------------

def make_pdf(size: int = 200 * 1024) -> bytes:
    """A valid one-page PDF of about `size` bytes: a page whose content stream draws many short lines."""
    drawing = b"".join(b"%d %d m %d %d l S\n" % (i % 500, i % 700, (i * 7) % 500, (i * 3) % 700) for i in range(size // 18))
    drawing = drawing[: max(0, size - 600)]
    drawing = drawing[: drawing.rfind(b"\n") + 1]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(drawing) + drawing + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- the events -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class StoredTemplate:
    topic: str
    state: dict  # the event's attributes as the mapper takes them (originator id and version left out)


class HistoryFactory:
    """Stored events of synthetic applications, numbered by a global application index."""

    def __init__(self, catalogue: Catalogue, transcoder, planned_applications: int, year: int):
        self.transcoder = transcoder
        self.citizens = max(1, planned_applications // APPS_PER_CITIZEN)
        self.start = dt.datetime(year - 2, 1, 1, 8, tzinfo=dt.UTC)
        # Spread over two years, so every synthetic number is of a year before this one: the numbers
        # the benchmark's own submissions get (this year's series) never collide with them.
        self.spacing = dt.timedelta(days=700) / max(1, planned_applications)
        self.templates = {(kind, length): _lifecycle(catalogue, kind, length)
                          for kind in ("meter_installation", "technical_conditions") for length in LIFECYCLE_LENGTHS}

    @staticmethod
    def application_id(index: int) -> uuid.UUID:
        return uuid.UUID(int=ID_PREFIX | index)

    def citizen_of(self, index: int) -> Citizen:
        c = index % self.citizens
        return Citizen(fin=f"B{c:06d}", first_name=FIRST_NAMES[c % len(FIRST_NAMES)],
                       surname=SURNAMES[(c // len(FIRST_NAMES)) % len(SURNAMES)], address="Bakı şəhəri")

    def kind_and_length(self, index: int) -> tuple[str, int]:
        kind = "meter_installation" if index % 2 == 0 else "technical_conditions"
        return kind, LIFECYCLE_LENGTHS[(index // 2 * 7 + index) % len(LIFECYCLE_LENGTHS)]

    def submitted_at(self, index: int) -> dt.datetime:
        return self.start + self.spacing * index

    def number(self, index: int) -> str:
        prefix = "SQ" if self.kind_and_length(index)[0] == "meter_installation" else "TS"
        return f"{prefix}-{self.submitted_at(index).year}-{index:06d}"

    @staticmethod
    def portal(index: int) -> str:
        return PORTALS[index % len(PORTALS)]

    def events_of(self, index: int) -> list[tuple[uuid.UUID, int, str, bytes]]:
        """(originator_id, version, topic, state) of one application, oldest first."""
        citizen = self.citizen_of(index)
        submitted_at = self.submitted_at(index)
        app_id = self.application_id(index)
        rows = []
        for version, template in enumerate(self.templates[self.kind_and_length(index)], start=1):
            state = dict(template.state)
            state["timestamp"] = submitted_at + dt.timedelta(hours=5 * (version - 1))
            if version == 1:
                state |= {"number": self.number(index), "applicant": citizen.model_dump(), "fingerprint": f"{index:064x}",
                          "context": state["context"] | {"subject": citizen.fin, "name": citizen.full_name,
                                                         "portal": self.portal(index), "correlation_id": f"bench-{index}"}}
            rows.append((app_id, version, template.topic, self.transcoder.encode(state)))
        return rows

    def stream(self, first: int, count: int, interleave: int = 1000) -> Iterator[tuple[uuid.UUID, int, str, bytes]]:
        """The events of applications first..first+count-1, interleaved in chunks as a busy day's log would be."""
        for chunk_start in range(first, first + count, interleave):
            chunk = [self.events_of(i) for i in range(chunk_start, min(first + count, chunk_start + interleave))]
            for layer in itertools.zip_longest(*chunk):
                yield from (row for row in layer if row is not None)


class ViewFactory:
    """The status-view rows of the synthetic applications, as the projector renders them.

    The projector renders one application of each life cycle from its stored events (decoded by the
    library); the others of that life cycle differ only in identity and times, which are set on a copy.
    `check` compares such copies with the projector's own rendering, so the rows are the ones the
    projector would have written (same body, same columns), only made a hundred times faster.
    """

    def __init__(self, history: HistoryFactory, mapper, projector):
        self.history = history
        self.mapper = mapper
        self.projector = projector
        self._bases: dict[tuple[str, int], tuple[int, CaseView]] = {}

    def rendered(self, index: int) -> CaseView:
        """The projector's own rendering of the application's stored events."""
        events = [self.mapper.to_domain_event(StoredEvent(originator_id=i, originator_version=v, topic=t, state=s))
                  for i, v, t, s in self.history.events_of(index)]
        return self.projector.render([envelope_of(e) for e in events])

    def view(self, index: int) -> CaseView:
        key = self.history.kind_and_length(index)
        if key not in self._bases:
            self._bases[key] = (index, self.rendered(index))
        base_index, base = self._bases[key]
        shift = self.history.submitted_at(index) - self.history.submitted_at(base_index)
        citizen, portal = self.history.citizen_of(index), self.history.portal(index)
        return base.model_copy(update={
            "id": self.history.application_id(index), "number": self.history.number(index),
            "source": portal, "source_label": self.projector.labels.label("sources", portal),
            "submitted_at": base.submitted_at + shift, "updated_at": base.updated_at + shift,
            "applicant": citizen.model_dump(), "applicant_name": f"{citizen.first_name} {citizen.surname}",
            "timeline": [t.model_copy(update={"at": t.at + shift}) for t in base.timeline],
            "notes": [n.model_copy(update={"at": n.at + shift}) for n in base.notes]})

    def check(self, indexes: list[int]) -> None:
        for index in indexes:
            made, rendered = self.view(index).model_dump(), self.rendered(index).model_dump()
            if made != rendered:
                differing = sorted(k for k in made if made[k] != rendered[k])
                raise AssertionError(f"synthetic view of application {index} differs from the projector's in {differing}")

    def store(self, views, first: int, count: int, chunk: int = 5000) -> None:
        """Writes the rows with the views' own statement, a chunk per transaction."""
        for start in range(first, first + count, chunk):
            with views.db.transaction() as cursor, _pipelined(cursor):
                for index in range(start, min(first + count, start + chunk)):
                    views._store(cursor, self.view(index))


@contextlib.contextmanager
def _pipelined(cursor):
    """Postgres pipeline mode: the chunk's statements go out without waiting for each answer."""
    with cursor.connection.pipeline():
        yield


def copy_events(conninfo: str, rows: Iterator[tuple[uuid.UUID, int, str, bytes]]) -> int:
    """Appends the rows to the event store in one COPY; the notification ids come from its sequence."""
    written = 0
    with psycopg.connect(conninfo) as connection, connection.cursor() as cursor:
        with cursor.copy(f"COPY {EVENTS_TABLE} (originator_id, originator_version, topic, state) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        connection.commit()
        cursor.execute(f"ANALYZE {EVENTS_TABLE}")
        connection.commit()
    return written


def _lifecycle(catalogue: Catalogue, kind: str, length: int) -> list[StoredTemplate]:
    """The events of one application of this life cycle, made by the aggregate's own methods."""
    citizen = Citizen(fin="T000000", first_name="Rəşad", surname="Əliyev", address="Bakı şəhəri")
    applicant = Actor(subject=citizen.fin, role="citizen", name=citizen.full_name, portal="e-gov",
                      sign_in_method="asan_imza", correlation_id="bench", citizen=citizen)
    intake = {"applicant": citizen.model_dump(), "fingerprint": "0" * 64, "context": applicant.recorded()}
    application = _submitted(catalogue, kind, intake)
    staff = Actor(subject="emp-1001", role="employee", name="Leyla Həsənova", unit=application.intake_unit,
                  correlation_id="bench").recorded()
    executing = "SQS" if kind == "meter_installation" else "TSS"
    if length == 2:
        application.withdraw(applicant.recorded())
    elif length == 3:
        application.route(executing, catalogue, staff)
        reason = "no_meter_in_stock" if kind == "meter_installation" else "no_network_capacity"
        application.answer(Outcome.REFUSED, reason, catalogue, staff)
    elif length >= 5:
        application.route(executing, catalogue, staff)
        application.assign_executors([{"id": "exe-17", "name": "Vüqar Nəbiyev"}], staff)
        notes = length - 3 if length == 5 else length - 5
        for n in range(notes):
            application.add_note(f"Obyektə baxış keçirildi, qeyd {n + 1}.", n % 2 == 0, staff)
        if length > 5:
            result, _ = Upload("result", "netice.pdf", make_pdf(30_000)).accept(CONTENTS)
            act = MeterActInput(kind="installation", meter_serial="AZ-SM-300001", initial_reading=0, seal_number="SL-1") \
                if kind == "meter_installation" else None
            application.record_execution(result, act, staff)
            application.answer(Outcome.FULFILLED, None, catalogue, staff)
    events = application.collect_events()
    assert len(events) == length, (kind, length, len(events))
    return [StoredTemplate(get_topic(type(e)), {k: v for k, v in vars(e).items()
                                                if k not in ("originator_id", "originator_version")}) for e in events]


def _submitted(catalogue: Catalogue, kind: str, intake: dict) -> Application:
    if kind == "meter_installation":
        command = SubmitMeterInstallationCommand(subscriber_code="1001234567", reason="new_meter", phone="+994557654321",
                                                 email="resad.aliyev@example.az", description="Yeni sayğac xahiş olunur.")
        subscriber = SeededSubscriberRegister().find(command.subscriber_code)
        return Application.submit_meter_installation(id=uuid.uuid4(), number="", command=command, subscriber=subscriber,
                                                     catalogue=catalogue, intake=intake)
    command = SubmitTechnicalConditionsCommand(purpose="individual_house", district="BIN", place="Biləcəri qəsəbəsi",
                                               house_number="12", phone="+994501234567", email="resad.aliyev@example.az",
                                               confirmed=True)
    document, _ = Upload("address_document", "çıxarış.pdf", make_pdf()).accept(CONTENTS)
    return Application.submit_technical_conditions(id=uuid.uuid4(), number="", command=command, documents=[document],
                                                   catalogue=catalogue, intake=intake)

