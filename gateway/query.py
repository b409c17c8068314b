"""Commands take only the query parameters they declare.

A misspelt `?dry_run` (say `?dryrun=true`) would otherwise be ignored and the command carried out
for real: registering an application, sending e-mail and SMS. So a command (POST) naming a query
parameter its route does not declare is refused, naming it, before anything is done.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute


def refuse_unknown_query_parameters(request: Request) -> None:
    """An app-wide dependency: 422 problem for the first query parameter a command does not take, or
    is given twice."""
    route = request.scope.get("route")
    if request.method != "POST" or not isinstance(route, APIRoute):
        return
    declared = declared_query_parameters(route)
    names = [name for name, _ in request.query_params.multi_items()]
    unknown = [name for name in names if name not in declared]
    if unknown:
        refuse(unknown[0], f"Unknown query parameter; this command takes: {', '.join(sorted(declared)) or 'none'}")
    repeated = [name for name in names if names.count(name) > 1]
    if repeated:  # `?dry_run=true&dry_run=false` must not be settled by whichever value the framework keeps
        refuse(repeated[0], "Given more than once; give it once")


def refuse(name: str, message: str) -> None:
    raise RequestValidationError([{"loc": ("query", name), "type": "extra_forbidden", "msg": message}])


def declared_query_parameters(route: APIRoute) -> frozenset[str]:
    """The route's own query parameters and those of its dependencies."""
    return frozenset(_query_names(route.dependant))


def _query_names(dependant: Dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_names(dependency)
    return names
