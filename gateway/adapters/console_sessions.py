"""The console's signed-out sessions: what makes signing out end a session everywhere, not only in the
browser that asked.

A session is a signed cookie (gateway/console/session.py), so a copy of it taken before sign-out would
stay valid until it expires. Each session carries an id; signing out records that id here until the
moment the session would have expired anyway, after which the signature refuses it on its own and the
row is removed."""

from __future__ import annotations

from projections.sql import Database


class SqlSignedOutSessions:
    TABLE = "console_signed_out_sessions"

    def __init__(self, db: Database):
        self.db = db

    def create_tables(self) -> None:
        with self.db.transaction() as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {self.TABLE} (session_id TEXT PRIMARY KEY, "
                           "expires_at BIGINT NOT NULL)")

    def sign_out(self, session_id: str, expires_at: float, now: float) -> None:
        """Record the id until `expires_at` (epoch seconds), and forget those whose time is past."""
        with self.db.transaction() as cursor:
            cursor.execute(f"DELETE FROM {self.TABLE} WHERE expires_at < %s", (int(now),))
            cursor.execute(f"INSERT INTO {self.TABLE} (session_id, expires_at) VALUES (%s, %s) "
                           "ON CONFLICT (session_id) DO NOTHING", (session_id, int(expires_at) + 1))

    def is_signed_out(self, session_id: str) -> bool:
        return bool(self.db.fetch(f"SELECT 1 FROM {self.TABLE} WHERE session_id = %s", (session_id,)))
