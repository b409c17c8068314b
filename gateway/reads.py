"""Read-your-writes for one application: a portal following the `Location` of its 201 and an
employee following their own command see what they have just written.

The views follow the event store (through Kafka in production) and may lag behind it by some tens
of milliseconds, or by any time while the projector is away. A single application is read from its
view when the view has the store's last version of it, and rendered from its own events (the
views' projector, `Services.case_view`) when its row is missing or behind. Lists stay on the views.
"""

from __future__ import annotations

from uuid import UUID

from starlette.concurrency import run_in_threadpool

from gateway.adapters.numbers import events_table
from gateway.bootstrap import Services
from schemas.views import CaseView

Public = tuple[str, int, str]  # the applicant's FİN, the version, the status page's JSON


def current_case(services: Services, application_id: UUID) -> CaseView | None:
    """The case as the event store has it now; None when no such application was recorded."""
    view = services.views.get(str(application_id))
    if view is not None and view.version >= services.registry.head_version(application_id):
        return with_days_left(services, view)
    rendered = services.case_view(application_id)
    return with_days_left(services, rendered) if rendered is not None else None


def with_days_left(services: Services, view: CaseView) -> CaseView:
    """The case with the working days left until its due date, counted from today (Baku): read-time, never stored."""
    if view.due_on is None:
        return view
    left = services.deadlines.working_days_left(view.due_on, services.registry.clock.now())
    return view.model_copy(update={"working_days_left": left})


async def current_public(services: Services, application_id: UUID) -> Public | None:
    """The citizen's status detail, current as `current_case`: the most-read page, so the common
    case (the view is current) costs what reading the view alone costs, give or take one index probe."""
    found, head = await _public_and_head(services, application_id)
    if head == 0:  # nothing recorded under this id: not found, without reading the store again
        return None
    if found is not None and found[1] >= head:
        return found
    view = await run_in_threadpool(services.case_view, application_id)
    if view is None:
        return None
    return view.applicant["fin"], view.version, view.for_applicant().model_dump_json()


async def _public_and_head(services: Services, application_id: UUID) -> tuple[Public | None, int]:
    if services.settings.uses_postgres:  # the views and the events share the database: one query
        return await services.status_pages.public_and_head_of(str(application_id), _events_table(services))

    def both() -> tuple[Public | None, int]:  # the events are a file of their own: both reads in one hop
        return services.views.public_of(str(application_id)), services.registry.head_version(application_id)

    return await run_in_threadpool(both)


def _events_table(services: Services) -> str:
    return events_table(services.registry.recorder)
