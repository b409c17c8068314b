"""The status-page and back-office view of every application, kept from the event log.

Each row keeps the last version applied, and the view's position in the log is
written in the same transaction as the rows, so replaying any part of the log is
always safe.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

from projections.follower import Around, LogFollower, Progress, ReadLog, log_position, nothing_around
from projections.sql import AsyncReads, Cursor, Database, Row
from schemas.event_payloads import (
    AnsweredEvent,
    AnyEventPayload,
    DeadlineExtendedEvent,
    ExecutedEvent,
    ExecutorAssignedEvent,
    InformationProvidedEvent,
    InformationRequestedEvent,
    MeterInstallationSubmittedEvent,
    NoteAddedEvent,
    Part,
    RoutedEvent,
    TechnicalConditionsSubmittedEvent,
)
from schemas.events import EventEnvelope
from schemas.text import fold, like_pattern
from schemas.views import CaseClock, CaseView, DocumentPublic, InformationRequestPublic, Note, TimelineEntry, Wait

PROJECTION = "application_views"

TIMELINE_LABELS = {
    "Submitted": "Müraciət qeydiyyata alındı",
    "Routed": "Müraciət icraya yönləndirildi",
    "ExecutorAssigned": "İcraçı təyin edildi",
    "NoteAdded": "Qeyd əlavə edildi",
    "Executed": "Müraciət icra olundu",
    "Answered": "Müraciət cavablandırıldı",
    "Withdrawn": "Müraciət geri götürüldü",
    "InformationRequested": "Müraciət edəndən əlavə məlumat istənildi",
    "InformationProvided": "Müraciət edən tələb olunan məlumatı təqdim etdi",
    "DeadlineExtended": "Müraciətin icra müddəti uzadıldı",
}
STATUS_AFTER = {"Submitted": "registered", "Routed": "in_progress", "Executed": "executed",
                "Answered": "answered", "Withdrawn": "withdrawn", "InformationRequested": "waiting_for_applicant",
                "InformationProvided": "in_progress"}
INTERNAL_EVENTS = {"ExecutorAssigned"}
CLOSED = {"answered", "withdrawn"}
# The events after which the due date is derived again: those that change the clock or close the case.
CLOCK_EVENTS = {"Submitted", "InformationRequested", "InformationProvided", "DeadlineExtended", "Answered", "Withdrawn"}
BAKU = ZoneInfo("Asia/Baku")

TABLE = "application_view"
INDEXES = {"by_applicant": "applicant_fin, submitted_at", "by_intake": "intake_unit, submitted_at",
           "by_executor": "executing_unit, submitted_at", "by_age": "submitted_at", "by_due": "due_on"}


COLUMNS = ("id", "number", "kind", "status", "applicant_fin", "district", "intake_unit", "executing_unit",
           "executor_ids", "submitted_at", "search", "version", "body", "public", "due_on", "answered_on",
           "working_days_taken", "on_time")
# Columns a release added: a table without one is rebuilt from the store at start-up.
ADDED_COLUMNS = ("public", "due_on", "on_time")
REPLAY_PAGE = 10_000  # events per read of the log in a rebuild: a few round trips per second, a few MB each


def schema(table: str) -> list[str]:
    return [table_schema(table), *index_schema(table)]


def table_schema(table: str) -> str:
    return f"""CREATE TABLE IF NOT EXISTS {table} (
            id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, status TEXT NOT NULL,
            applicant_fin TEXT NOT NULL, district TEXT NOT NULL, intake_unit TEXT NOT NULL,
            executing_unit TEXT, executor_ids TEXT NOT NULL, submitted_at TEXT NOT NULL,
            search TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL, public TEXT NOT NULL, due_on TEXT,
            answered_on TEXT, working_days_taken INTEGER, on_time INTEGER)"""


def index_schema(table: str) -> list[str]:
    return [f"CREATE INDEX IF NOT EXISTS {table}_{name} ON {table} ({columns})" for name, columns in INDEXES.items()]


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """A rebuild keeps millions of objects alive until its end, and makes no reference cycles: left
    on, the cyclic collector would walk the growing heap again and again (half of a rebuild's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


SubmittedPayload = TechnicalConditionsSubmittedEvent | MeterInstallationSubmittedEvent
Changes = dict[str, Any]  # the view's fields an event changes, by name, as CaseView.model_copy(update=...) takes them
Handler = Callable[[CaseView, AnyEventPayload, EventEnvelope], Changes]
P = TypeVar("P")


def reading(payload_type: type[P], changes: Callable[[CaseView, P, EventEnvelope], Changes]) -> Handler:
    """The handler of one event type, given the payload its contract reads."""
    def handle(view: CaseView, payload: AnyEventPayload, event: EventEnvelope) -> Changes:
        if not isinstance(payload, payload_type):
            raise TypeError(f"{event.type}'s contract reads {payload_type.__name__}, not {type(payload).__name__}")
        return changes(view, payload, event)
    return handle


class Labels(Protocol):
    def label(self, list_name: str, code: str) -> str: ...


class DueDates(Protocol):
    """The due date of a case from its clock, by the terms and the working calendar (cases.deadlines.Deadlines)."""

    def due_on(self, kind: str, clock: CaseClock, as_of: datetime | None = None) -> date | None: ...

    def timeliness(self, kind: str, clock: CaseClock, answered_on: date) -> tuple[int, bool]:
        """The working days the clock ran until the answer, and whether it came by the due date."""


History = Callable[[UUID, int], list[EventEnvelope]]  # one application's events after a version


class ApplicationViews:
    """Applies events to the view rows, and answers the status page's and the back office's queries."""

    def __init__(self, db: Database, read_log: ReadLog, labels: Labels, table: str = TABLE,
                 due_dates: DueDates | None = None, around: Around = nothing_around):
        self.db = db
        self.read_log = read_log
        self.labels = labels
        self.due_dates = due_dates
        self.projector = CaseProjector(labels, due_dates)
        self.table = table
        self.follower = LogFollower(db, read_log, PROJECTION if table == TABLE else f"{PROJECTION}:{table}", self.apply,
                                    around=around)
        self._lock = threading.Lock()
        self._upsert = f"""INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})
               ON CONFLICT (id) DO UPDATE SET status = excluded.status, executing_unit = excluded.executing_unit,
                   executor_ids = excluded.executor_ids, version = excluded.version, body = excluded.body,
                   public = excluded.public, due_on = excluded.due_on, answered_on = excluded.answered_on,
                   working_days_taken = excluded.working_days_taken, on_time = excluded.on_time"""

    def create_tables(self) -> None:
        with self.db.transaction() as cursor:
            outdated = any(self._lacks_column(cursor, column) for column in ADDED_COLUMNS)
            # An outdated table gets no index over a column it lacks: the rebuild below makes the table anew.
            for statement in [table_schema(self.table)] if outdated else schema(self.table):
                cursor.execute(statement)
            self.follower.create_tables(cursor)
        if outdated:  # rows written by an older release: replay the store into the current shape
            self.rebuild()

    def _lacks_column(self, cursor: Cursor, column: str) -> bool:
        columns = self.db.columns_of(cursor, self.table)
        return bool(columns) and column not in columns

    def catch_up(self, progress: Progress | None = None) -> int:
        """Applies every event recorded since the view's position; returns how many."""
        with self._lock:
            return self.follower.catch_up(progress)

    def apply_from_topic(self, events: list[EventEnvelope], history: History) -> None:
        """Events from the topic, in order per application: a duplicate is skipped, and a gap
        (an event whose predecessors never arrived) is filled from the event store. The batch's
        rows are read in one statement and written in another."""
        with self.db.transaction() as cursor:
            views = self._load_many(cursor, list({str(e.application_id) for e in events}))
            changed: dict[str, CaseView] = {}
            for event in events:
                key = str(event.application_id)
                view = self._caught_up(views.get(key), event, history)
                if view is not None and view is not views.get(key):
                    views[key] = changed[key] = view
            if changed:
                cursor.executemany(self._upsert, [self._row(view) for view in changed.values()])

    def _caught_up(self, view: CaseView | None, event: EventEnvelope, history: History) -> CaseView | None:
        """The view after `event`; the same view for a duplicate."""
        seen = view.version if view else 0
        if event.version <= seen:
            return view
        missing = [event] if event.version == seen + 1 else history(event.application_id, seen)
        for each in (e for e in missing if e.version <= event.version):
            view = self.projector.project(view, each)
        return view

    def apply(self, cursor: Cursor, event: EventEnvelope) -> None:
        """Applies one event to its row; an event at or below the row's version is a duplicate."""
        changed = self._applied(self._load(cursor, str(event.application_id)), event)
        if changed is not None:
            self._store(cursor, changed)

    def _applied(self, view: CaseView | None, event: EventEnvelope) -> CaseView | None:
        """The view after the event; None when the event changes nothing: a duplicate (at or below the
        view's version), or a change before its Submitted. Serves following the log and rebuilding alike."""
        if view is not None and event.version <= view.version:
            return None
        return self.projector.project(view, event)

    # --- rebuilding ---------------------------------------------------------------------------

    def rebuild(self, progress: Progress | None = None) -> int:
        """Replays the whole event store (not the topic, whose retention is finite) into fresh
        tables, then switches them in. Readers keep reading the old rows until the switch, which
        is one short transaction; returns how many events were replayed."""
        fresh = ApplicationViews(self.db, self.read_log, self.labels, table=f"{self.table}_rebuild",
                                 due_dates=self.due_dates)
        fresh.drop_tables()
        replayed = fresh._replay_whole_log(progress)
        with self._lock, self.db.transaction() as cursor:
            self.db.lock_for_rebuild(cursor, self.table)  # writers wait, readers go on
            while events := fresh.follower.apply_next_batch(cursor):  # recorded meanwhile
                replayed += len(events)
            fresh._replace(cursor, self)
        return replayed

    def _replay_whole_log(self, progress: Progress | None) -> int:
        """Folds every event into views held in memory (some 25 kB per application), then writes them
        all at once with the position reached. Until that one transaction commits there is no table:
        a replay stopped half-way leaves nothing behind that could be switched in."""
        views: dict[UUID, CaseView] = {}
        position = replayed = 0
        with cyclic_gc_paused():
            while events := self.read_log(position, REPLAY_PAGE):
                for event in events:
                    if (changed := self._applied(views.get(event.application_id), event)) is not None:
                        views[event.application_id] = changed
                replayed, position = replayed + len(events), log_position(events[-1])
                if progress:
                    progress(position)
            self._write_all(views.values(), position)
        return replayed

    def _write_all(self, views: Iterable[CaseView], position: int) -> None:
        with self.db.transaction() as cursor:
            cursor.execute(table_schema(self.table))
            self.db.insert_rows(cursor, self.table, COLUMNS, (self._row(view) for view in views))
            for statement in index_schema(self.table):  # built once over all the rows, not grown row by row
                cursor.execute(statement)
            self.follower.create_tables(cursor)
            self.follower.move_to(cursor, position)

    def drop_tables(self) -> None:
        with self.db.transaction() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
            self.follower.forget(cursor)

    def _replace(self, cursor: Cursor, target: ApplicationViews) -> None:
        """Takes the place of `target`: its table, its index names, its position."""
        cursor.execute(f"DROP TABLE {target.table}")
        self.db.rename_table(cursor, self.table, target.table, INDEXES, constraints=("pkey", "number_key"))
        target.follower.move_to(cursor, self.follower.position(cursor))
        self.follower.forget(cursor)

    # --- rows ---------------------------------------------------------------------------------

    def _load(self, cursor: Cursor, application_id: str) -> CaseView | None:
        row = cursor.execute(f"SELECT body FROM {self.table} WHERE id = %s", (application_id,)).fetchone()
        return CaseView.model_validate_json(row["body"]) if row else None

    def _load_many(self, cursor: Cursor, application_ids: list[str]) -> dict[str, CaseView]:
        if not application_ids:
            return {}
        marks = ", ".join(["%s"] * len(application_ids))
        rows = cursor.execute(f"SELECT id, body FROM {self.table} WHERE id IN ({marks})", application_ids).fetchall()
        return {row["id"]: CaseView.model_validate_json(row["body"]) for row in rows}

    def _store(self, cursor: Cursor, view: CaseView) -> None:
        cursor.execute(self._upsert, self._row(view))

    @staticmethod
    def _row(view: CaseView) -> tuple[Any, ...]:
        """The view's row, in the order of COLUMNS."""
        # The address as the applicant may see it: their search must not find words of a stranger's address.
        public = view.for_applicant()
        search = fold(" ".join([view.number, view.applicant_name, public.address, view.details.get("subscriber_code", "")]))
        executor_ids = fold("|" + "|".join(e["id"] for e in view.executors) + "|")
        return (str(view.id), view.number, view.kind, view.status, view.applicant["fin"], view.district,
                view.intake_unit, view.executing_unit, executor_ids, view.submitted_at.isoformat(), search,
                view.version, view.model_dump_json(), public.model_dump_json(),
                view.due_on.isoformat() if view.due_on else None,
                view.answered_on.isoformat() if view.answered_on else None, view.working_days_taken,
                None if view.answered_on_time is None else int(view.answered_on_time))

    # --- queries ------------------------------------------------------------------------------

    def get(self, application_id: str) -> CaseView | None:
        with self.db.read() as cursor:
            return self._load(cursor, application_id)

    def of_applicant(self, fin: str, page: int, page_size: int, q: str = "", status: str | None = None,
                     kind: str | None = None) -> tuple[list[str], int]:
        """The citizen's own applications, newest first, as the status page's JSON, written when the
        events were applied: a page is read and sent without rendering anything again."""
        return applicant_page(self.db.fetch(*self.applicant_query(fin, page, page_size, q, status, kind)))

    def applicant_query(self, fin: str, page: int, page_size: int, q: str, status: str | None,
                        kind: str | None) -> tuple[str, list[Any]]:
        """One query for a page and the count of all that match: one row with no page when the page is
        past the end, so the count still comes back."""
        where = Where().equal("applicant_fin", fin).equal("status", status).equal("kind", kind).search(q)
        sql = (f"SELECT matched.n, page.public FROM (SELECT count(*) AS n FROM {self.table} {where.sql}) AS matched "
               f"LEFT JOIN (SELECT public, submitted_at, number FROM {self.table} {where.sql} "
               f"ORDER BY submitted_at DESC, number DESC LIMIT %s OFFSET %s) AS page ON 1 = 1 "
               f"ORDER BY page.submitted_at DESC, page.number DESC")
        return sql, [*where.params, *where.params, page_size, (page - 1) * page_size]

    def public_of(self, application_id: str) -> tuple[str, int, str] | None:
        """(applicant's FİN, version, the status page's JSON) of one application."""
        return public_row(self.db.fetch(*self.public_query(application_id)))

    def public_query(self, application_id: str) -> tuple[str, tuple[Any, ...]]:
        return f"SELECT applicant_fin, version, public FROM {self.table} WHERE id = %s", (application_id,)

    def public_and_head_query(self, application_id: str, events_table: str) -> tuple[str, tuple[Any, ...]]:
        """As `public_query`, with the event store's last version of the application beside it, where one
        database holds both (Postgres): a single round trip tells whether the view is behind."""
        return (f"SELECT v.applicant_fin, v.version, v.public, h.head FROM (SELECT max(originator_version) AS head "
                f"FROM {events_table} WHERE originator_id = %s) AS h LEFT JOIN {self.table} AS v ON v.id = %s",
                (application_id, application_id))

    def of_unit(self, unit: str | None, page: int, page_size: int, status: str | None = None, kind: str | None = None,
                district: str | None = None, assignee: str | None = None, q: str = "",
                submitted_before: datetime | None = None, due: DueFilter | None = None,
                order: str = "due") -> tuple[list[CaseView], int]:
        """The cases a unit receives or executes, most urgent first (`order="due"`: the earliest due date first,
        cases without one, waiting or closed, after them, newest first) or newest first (`order="newest"`);
        `submitted_before` keeps the ones waiting longest, `due` those due in a span of days."""
        where = (Where() if unit is None else Where().either("intake_unit", "executing_unit", unit))  # None: every unit
        where = (where.equal("status", status)
                 .equal("kind", kind).equal("district", district).search(q))
        if submitted_before is not None:  # stored as ISO text in UTC, so text order is time order
            where.add("submitted_at < %s", submitted_before.astimezone(UTC).isoformat())
        if assignee:
            where.add("executor_ids LIKE %s ESCAPE '\\'", like_pattern(f"|{assignee}|"))
        if due is not None:  # ISO dates: text order is date order
            where.add("due_on IS NOT NULL")
            if due.after is not None:
                where.add("due_on > %s", due.after.isoformat())
            if due.until is not None:
                where.add("due_on <= %s", due.until.isoformat())
        return self._page(where, page, page_size, ORDERS[order])

    def _page(self, where: Where, page: int, page_size: int, order: str = "submitted_at DESC, number DESC"
              ) -> tuple[list[CaseView], int]:
        with self.db.read() as cursor:
            count = cursor.execute(f"SELECT count(*) AS n FROM {self.table} {where.sql}", where.params).fetchone()["n"]
            rows = cursor.execute(
                f"SELECT body FROM {self.table} {where.sql} ORDER BY {order} LIMIT %s OFFSET %s",
                [*where.params, page_size, (page - 1) * page_size]).fetchall()
        return [CaseView.model_validate_json(r["body"]) for r in rows], count

    def due_by(self, until: date) -> list[Row]:
        """The running cases due on or before `until`, most urgent first: narrow columns, never the bodies."""
        return self.db.fetch(f"SELECT id, version, number, kind, intake_unit, executing_unit, due_on FROM {self.table} "
                             "WHERE due_on IS NOT NULL AND due_on <= %s ORDER BY due_on", (until.isoformat(),))

    def open_with_due_dates(self) -> list[CaseView]:
        """Every case whose term runs (a due date, not waiting, not closed)."""
        with self.db.read() as cursor:
            rows = cursor.execute(f"SELECT body FROM {self.table} WHERE due_on IS NOT NULL").fetchall()
        return [CaseView.model_validate_json(r["body"]) for r in rows]

    def refresh_due_dates(self) -> int:
        """Derives every running case's due date again, by the calendar as it stands (after a day swap was
        recorded); returns how many changed. Rows are rewritten only at the version they were read at, so an
        event applied meanwhile is never undone."""
        changed = [(view, fresh) for view in self.open_with_due_dates()
                   if (fresh := self.projector.with_due_date(view)).due_on != view.due_on]
        with self._lock, self.db.transaction() as cursor:
            for view, fresh in changed:
                row = self._row(fresh)
                cursor.execute(f"UPDATE {self.table} SET body = %s, public = %s, due_on = %s WHERE id = %s AND version = %s",
                               (row[12], row[13], row[14], str(view.id), view.version))
        return len(changed)


@dataclass(frozen=True)
class DueFilter:
    """Cases due after one day (exclusive) and up to another (inclusive); either end may be open."""

    after: date | None = None
    until: date | None = None


ORDERS = {"due": "due_on IS NULL, due_on, submitted_at DESC, number DESC",  # false sorts before true in both dialects
          "newest": "submitted_at DESC, number DESC"}


def applicant_page(rows: list[Row]) -> tuple[list[str], int]:
    return [r["public"] for r in rows if r["public"] is not None], rows[0]["n"]


def public_row(rows: list[Row]) -> tuple[str, int, str] | None:
    return (rows[0]["applicant_fin"], rows[0]["version"], rows[0]["public"]) if rows else None


class StatusPages:
    """The citizen's status list and detail, the pages read most, answered on the event loop: the same
    queries as ApplicationViews', without a hop to a thread and back."""

    def __init__(self, views: ApplicationViews, reads: AsyncReads):
        self.views = views
        self.reads = reads

    async def of_applicant(self, fin: str, page: int, page_size: int, q: str = "", status: str | None = None,
                           kind: str | None = None) -> tuple[list[str], int]:
        return applicant_page(await self.reads.fetch(*self.views.applicant_query(fin, page, page_size, q, status, kind)))

    async def public_of(self, application_id: str) -> tuple[str, int, str] | None:
        return public_row(await self.reads.fetch(*self.views.public_query(application_id)))

    async def public_and_head_of(self, application_id: str, events_table: str) -> tuple[tuple[str, int, str] | None, int]:
        """`public_of`, and the store's last version of the application (0 when none) in the same query."""
        [row] = await self.reads.fetch(*self.views.public_and_head_query(application_id, events_table))
        return public_row([row] if row["version"] is not None else []), row["head"] or 0


class CaseProjector:
    """How each event changes an application's view: pure, so the same code serves the stored
    views, a rebuild, and a command's answer rendered straight from the aggregate's events."""

    def __init__(self, labels: Labels, due_dates: DueDates | None = None):
        self.labels = labels
        self.due_dates = due_dates  # None: views without due dates (the projector's own tests)
        # One handler per event type after the first, giving the view's fields the event changes; an
        # event whose only change is the status (Withdrawn) needs none.
        self._handlers: dict[str, Handler] = {
            "Routed": reading(RoutedEvent, self._routed),
            "ExecutorAssigned": reading(ExecutorAssignedEvent, self._executors_assigned),
            "NoteAdded": reading(NoteAddedEvent, self._note_added),
            "Executed": reading(ExecutedEvent, self._executed), "Answered": reading(AnsweredEvent, self._answered),
            "InformationRequested": reading(InformationRequestedEvent, self._information_requested),
            "InformationProvided": reading(InformationProvidedEvent, self._information_provided),
            "DeadlineExtended": reading(DeadlineExtendedEvent, self._deadline_extended)}

    def render(self, events: list[EventEnvelope], as_of: datetime | None = None) -> CaseView | None:
        """The view after the events; None without a Submitted (no events: no such application). The due
        date is the one the calendar gave at `as_of` (the calendar as it stands, for None)."""
        view = None
        for event in events:
            view = self.project(view, event, as_of)
        return view

    def project(self, view: CaseView | None, event: EventEnvelope, as_of: datetime | None = None) -> CaseView | None:
        """The view after the event; None when the event cannot apply (a change before its Submitted)."""
        if event.type == "Submitted":
            submitted = event.payload
            if not isinstance(submitted, SubmittedPayload):
                raise TypeError(f"Submitted's contract reads a submission, not {type(submitted).__name__}")
            return self._timed(self._stamp(self._submitted(submitted, event), event), as_of)
        if view is None:
            return None
        handler = self._handlers.get(event.type)
        stamped = self._stamp(view, event, handler(view, event.payload, event) if handler else {})
        return self._timed(stamped, as_of) if event.type in CLOCK_EVENTS else stamped

    def _timed(self, view: CaseView, as_of: datetime | None = None) -> CaseView:
        """The view with its due date derived again from its clock: none once closed or while it waits."""
        if view.status == "answered" and view.answered_on is None:
            view = self._answered_in_time(view)
        due = None
        if self.due_dates is not None and view.clock is not None and view.status not in CLOSED:
            due = self.due_dates.due_on(view.kind, view.clock, as_of)
        return view if due == view.due_on else view.model_copy(update={"due_on": due})

    def _answered_in_time(self, view: CaseView) -> CaseView:
        """An answered case's day of answer, the working days its clock ran, and whether it was on time."""
        answered_on = baku_day(view.updated_at)
        if self.due_dates is None or view.clock is None:
            return view.model_copy(update={"answered_on": answered_on})
        taken, on_time = self.due_dates.timeliness(view.kind, view.clock, answered_on)
        return view.model_copy(update={"answered_on": answered_on, "working_days_taken": taken, "answered_on_time": on_time})

    def with_due_date(self, view: CaseView) -> CaseView:
        """The view's due date by the calendar as it stands now (after a recorded day swap)."""
        return self._timed(view)

    def _submitted(self, submitted: SubmittedPayload, event: EventEnvelope) -> CaseView:
        label, applicant = self.labels.label, submitted.applicant
        portal = submitted.context.portal
        return CaseView(
            id=event.application_id, number=submitted.number, kind=submitted.kind,
            kind_label=label("kinds", submitted.kind), status="registered", status_label="",
            source=portal, source_label=label("sources", portal) if portal else None,
            submitted_at=event.time, updated_at=event.time, version=0, applicant=recorded(applicant),
            applicant_name=f"{applicant.first_name} {applicant.surname}",
            district=submitted.district, district_label=label("districts", submitted.district),
            address=self._address(submitted), details=recorded(submitted.details), contact=recorded(submitted.contact),
            intake_unit=submitted.intake_unit,
            documents=[DocumentPublic(**recorded(d)) for d in submitted.documents],
            clock=CaseClock(submitted_on=baku_day(event.time)),
        )

    def _address(self, submitted: SubmittedPayload) -> str:
        if isinstance(submitted, MeterInstallationSubmittedEvent):
            return submitted.details.subscriber.address
        return submitted.details.address(self.labels.label("districts", submitted.district))

    @staticmethod
    def _routed(view: CaseView, routed: RoutedEvent, event: EventEnvelope) -> Changes:
        return {"executing_unit": routed.unit}

    @staticmethod
    def _executors_assigned(view: CaseView, assigned: ExecutorAssignedEvent, event: EventEnvelope) -> Changes:
        # New events name only executors not assigned before; events recorded before that rule may
        # repeat one, so the view still skips those when it replays them.
        known = {e["id"] for e in view.executors}
        return {"executors": view.executors + [recorded(e) for e in assigned.executors if e.id not in known]}

    @staticmethod
    def _note_added(view: CaseView, note: NoteAddedEvent, event: EventEnvelope) -> Changes:
        added = Note(text=note.text, visible_to_applicant=note.visible_to_applicant, at=event.time, by=note.context.name)
        return {"notes": [*view.notes, added]}

    @staticmethod
    def _executed(view: CaseView, executed: ExecutedEvent, event: EventEnvelope) -> Changes:
        return {"result_document": DocumentPublic(**recorded(executed.result_document)),
                "act": recorded(executed.act) if executed.act else None}

    @staticmethod
    def _information_requested(view: CaseView, requested: InformationRequestedEvent, event: EventEnvelope) -> Changes:
        clock = view.clock or CaseClock(submitted_on=baku_day(view.submitted_at))
        wait = Wait(requested_at=event.time, requested_on=baku_day(event.time))
        return {"clock": clock.model_copy(update={"waits": [*clock.waits, wait]}),
                "information_request": InformationRequestPublic(
                    question=requested.question, answer_by=date.fromisoformat(requested.answer_by), requested_at=event.time)}

    @staticmethod
    def _information_provided(view: CaseView, provided: InformationProvidedEvent, event: EventEnvelope) -> Changes:
        clock = view.clock or CaseClock(submitted_on=baku_day(view.submitted_at))
        waits = list(clock.waits)
        if waits and waits[-1].provided_on is None:
            waits[-1] = waits[-1].model_copy(update={"provided_on": baku_day(event.time)})
        return {"clock": clock.model_copy(update={"waits": waits}), "information_request": None,
                "documents": [*view.documents, *(DocumentPublic(**recorded(d)) for d in provided.documents)]}

    @staticmethod
    def _deadline_extended(view: CaseView, extended: DeadlineExtendedEvent, event: EventEnvelope) -> Changes:
        clock = view.clock or CaseClock(submitted_on=baku_day(view.submitted_at))
        return {"clock": clock.model_copy(update={"extension_days": clock.extension_days + extended.working_days,
                                                  "extensions": clock.extensions + 1})}

    def _answered(self, view: CaseView, answered: AnsweredEvent, event: EventEnvelope) -> Changes:
        reason = answered.reason_code
        return {"outcome": answered.outcome, "reason_code": reason,
                "reason_label": self.labels.label("refusal_reasons", reason) if reason else None}

    def _stamp(self, view: CaseView, event: EventEnvelope, changes: Changes | None = None) -> CaseView:
        """The event's own changes and its status and timeline entry, in one copy of the view."""
        status = STATUS_AFTER.get(event.type, view.status)
        entry = TimelineEntry(
            version=event.version, type=event.type, at=event.time, label=self._timeline_label(event),
            status=status, actor_role=event.payload.context.role,
            visible_to_applicant=self._visible_to_applicant(event))
        return view.model_copy(update={
            **(changes or {}), "status": status, "status_label": self.labels.label("statuses", status),
            "version": event.version, "updated_at": event.time, "timeline": [*view.timeline, entry]})

    def _timeline_label(self, event: EventEnvelope) -> str:
        label = TIMELINE_LABELS.get(event.type, event.type)
        if isinstance(event.payload, AnsweredEvent):
            label += f": {self.labels.label('outcomes', event.payload.outcome)}"
        return label

    @staticmethod
    def _visible_to_applicant(event: EventEnvelope) -> bool:
        if isinstance(event.payload, NoteAddedEvent):
            return event.payload.visible_to_applicant
        return event.type not in INTERNAL_EVENTS


def baku_day(moment: datetime) -> date:
    """The day in Baku at a moment: the day a citizen counts a term by (cases.calendar)."""
    return moment.astimezone(BAKU).date()


def recorded(part: Part) -> dict[str, Any]:
    """A part of the payload as the event recorded it: the fields it had, and no default added for one
    absent from an older event."""
    return part.model_dump(exclude_unset=True)


class Where:
    """A WHERE clause built from the filters that were given; absent filters add nothing."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []  # the statement's values, whatever their columns hold

    def add(self, clause: str, *params: Any) -> Where:
        self.clauses.append(clause)
        self.params.extend(params)
        return self

    def equal(self, column: str, value: Any) -> Where:
        return self.add(f"{column} = %s", value) if value is not None else self

    def either(self, first: str, second: str, value: Any) -> Where:
        return self.add(f"({first} = %s OR {second} = %s)", value, value)

    def search(self, q: str) -> Where:
        return self.add("search LIKE %s ESCAPE '\\'", like_pattern(q)) if q and q.strip() else self

    @property
    def sql(self) -> str:
        return "WHERE " + " AND ".join(self.clauses) if self.clauses else ""
