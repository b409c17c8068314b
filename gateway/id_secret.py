"""The secret that application ids are derived with (cases.application_ids), from the settings.

Production names it in APPLICATION_ID_SECRET, the same on every replica. The embedded default makes one
on first start and keeps it in the data folder beside the development key: losing it would not lose an
application, but a retry with an old key would then register a second one."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cases.application_ids import ApplicationIds


def application_ids_from(settings) -> ApplicationIds:
    if settings.application_id_secret is not None:
        return ApplicationIds(settings.application_id_secret.get_secret_value().encode())
    return ApplicationIds(kept_secret(settings.application_id_secret_file))


def kept_secret(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # atomic, and keeps the secret another process made first
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_bytes().strip()
