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
    """An app-wide dependency: 422 problem for the first query parameter a command does not take."""
    route = request.scope.get("route")
    if request.method != "POST" or not isinstance(route, APIRoute):
        return
    declared = declared_query_parameters(route)
    unknown = [name for name in request.query_params if name not in declared]
    if unknown:
        takes = ", ".join(sorted(declared)) or "none"
        raise RequestValidationError([{
            "loc": ("query", unknown[0]), "type": "extra_forbidden", "input": request.query_params[unknown[0]],
            "msg": f"Unknown query parameter; this command takes: {takes}"}])


def declared_query_parameters(route: APIRoute) -> frozenset[str]:
    """The route's own query parameters and those of its dependencies."""
    return frozenset(_query_names(route.dependant))


def _query_names(dependant: Dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_names(dependency)
    return names
