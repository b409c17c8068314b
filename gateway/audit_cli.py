"""The auditor's commands: history, state, verify, export (`python -m gateway.cli history TS-2026-000001`).

They read the store configured by the environment (DATABASE_URL, or the embedded default's files)
and change nothing. verify exits 1 when a link is broken, so it can run from cron or CI.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from cases.audit import ChainReport, History, StoreReport, parse_head
from cases.errors import CaseError
from cases.integrity import PROBLEMS, Anchor, Break, format_time


def add_commands(commands) -> None:
    """Adds the auditor's sub-commands to gateway.cli's parser."""
    history = commands.add_parser("history", help="every event of an application, in order (read-only)")
    history.add_argument("application", help="its id or number, e.g. TS-2026-000123")
    history.add_argument("--json", action="store_true", help="print JSON instead of text")
    history.set_defaults(run=_guarded(show_history))
    state = commands.add_parser("state", help="an application as it stood at a moment or version")
    state.add_argument("application", help="its id or number")
    when = state.add_mutually_exclusive_group()
    when.add_argument("--as-of", type=_aware_time, help="an ISO time with its offset, e.g. 2026-11-22T14:00:00+04:00")
    when.add_argument("--version", type=int, help="the version to stop at")
    state.set_defaults(run=_guarded(show_state))
    verify = commands.add_parser("verify", help="check the hash chains of one application or the whole store")
    verify.add_argument("application", nargs="?", help="its id or number; none means every application")
    verify.add_argument("--head", help="one application: a head kept earlier, VERSION:HASH")
    verify.add_argument("--anchor", type=Anchor.parse, help="the whole store: an anchor kept earlier, POSITION:DIGEST")
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.set_defaults(run=_guarded(run_verify))
    export = commands.add_parser("export", help="write an application's history, hashes and check to a JSON file")
    export.add_argument("application", help="its id or number")
    export.add_argument("-o", "--output", type=Path, help="the file (default: <number>-history.json here)")
    export.set_defaults(run=_guarded(write_export))


def show_history(services, args: argparse.Namespace) -> int:
    auditor = services.auditor
    history = auditor.history(auditor.resolve(args.application))
    print(json.dumps(_jsonable(history), ensure_ascii=False, indent=2) if args.json else format_history(history))
    return 0


def show_state(services, args: argparse.Namespace) -> int:
    auditor = services.auditor
    view = auditor.state(auditor.resolve(args.application), as_of=args.as_of, version=args.version)
    print(view.model_dump_json(indent=2))
    return 0


def run_verify(services, args: argparse.Namespace) -> int:
    auditor = services.auditor
    if args.application:
        report = auditor.verify(auditor.resolve(args.application), parse_head(args.head) if args.head else None)
    else:
        with _progress_bar(services) as progress:
            report = auditor.verify_store(args.anchor, progress=progress)
    print(json.dumps(_jsonable(report), indent=2) if args.json else format_report(report))
    return 0 if report.ok else 1


def write_export(services, args: argparse.Namespace) -> int:
    auditor = services.auditor
    export = auditor.export(auditor.resolve(args.application), exported_by="cli")
    path = args.output or Path(f"{export['application']['number'] or export['application']['id']}-history.json")
    path.write_text(json.dumps(export, ensure_ascii=False, indent=2), encoding="utf-8")
    verdict = "intact" if export["verification"]["ok"] else "BROKEN"
    print(f"Wrote {path}: {len(export['events'])} events, chain {verdict}.")
    return 0


# --- text output ----------------------------------------------------------------------------------

def format_history(history: History) -> str:
    lines = [f"{history.number}  {history.application_id}  ({history.version} events)"]
    for e in history.events:
        who = " ".join(f"{k}={v}" for k, v in (("unit", e.actor_unit), ("portal", e.portal), ("via", e.service_account),
                                              ("sign-in", e.sign_in_method)) if v)
        lines += [f"v{e.version}  {format_time(e.time)}  {e.type:<16} {e.actor_role or '-'} {e.actor_subject or '-'}"
                  f"{'  ' + who if who else ''}  correlation={e.correlation_id or '-'}",
                  f"    payload  {json.dumps(e.payload, ensure_ascii=False, sort_keys=True)}",
                  f"    hash     {e.hash or '(recorded before the chain)'}  previous {e.previous_hash or '-'}"]
    return "\n".join(lines)


def format_report(report: ChainReport | StoreReport) -> str:
    if isinstance(report, ChainReport):
        head = f"head v{report.head_version} {report.head_hash}"
        summary = f"{report.application_id}: {report.events} events, {head}"
        extra = [f"keep this head to check again later: {report.head_version}:{report.head_hash}"]
    else:
        summary = (f"{report.applications} applications, {report.events} events checked in {report.seconds:.2f} s"
                   f" ({report.events / max(report.seconds, 1e-9):,.0f} events/s)")
        extra = [f"keep this anchor to check again later: {report.anchor}"]
        if report.kept_anchor_matches is not None:
            extra.append(f"the kept anchor {'matches' if report.kept_anchor_matches else 'does NOT match'}")
    if report.unsealed_events:
        extra.append(f"{report.unsealed_events} events were recorded before the hash chain (class version 1)")
    if report.ok:
        verdict = "OK"
    else:
        assert report.first_break is not None  # a check is not ok exactly when it found a break, the first kept here
        verdict = "BROKEN: " + describe(report.first_break)
    return "\n".join([verdict, summary, *extra])


def describe(problem: Break) -> str:
    where = f"application {problem.application_id}, version {problem.version}" if problem.version else "the anchor"
    return f"{where}: {PROBLEMS[problem.problem]} ({problem.detail})"


# --- plumbing ---------------------------------------------------------------------------------------

def _guarded(command):
    """Wires the services for the command; a refusal (no such application…) is a message, not a trace."""
    def run(args: argparse.Namespace) -> int:
        from gateway.bootstrap import bootstrap
        from gateway.settings import Settings

        services = bootstrap(Settings())
        try:
            return command(services, args)
        except CaseError as error:
            print(error.detail, file=sys.stderr)
            return 2
        finally:
            services.close()
    return run


@contextmanager
def _progress_bar(services):
    """A progress bar on a terminal; nothing when the output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    total = services.registry.recorder.max_notification_id() or 0
    with tqdm(total=total, unit="event", desc="Verifying", file=sys.stderr) as bar:
        yield lambda position: bar.update(position - bar.n)


def _aware_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give the time with its offset, e.g. 2026-11-22T14:00:00+04:00")
    return moment


def _jsonable(report) -> dict:
    from pydantic import TypeAdapter

    return TypeAdapter(type(report)).dump_python(report, mode="json")
