"""``MailStore`` in SQL: each day's digest and its sending state, alerts and recoveries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from newsdesk.store.records import AlertRecord, DigestRecord
from newsdesk.store.rows import Decoders, from_iso, marks, record, to_iso
from newsdesk.store.sql.core import SQLCore

_DIGEST: Decoders = {
    **dict.fromkeys(("made_at", "period_start", "period_end"), from_iso),
    **dict.fromkeys(("last_attempt_at", "sent_at"), from_iso),
    "attempts": int,
}
_ALERT: Decoders = {
    "id": int,
    **dict.fromkeys(("fired_at", "fire_sent_at", "resolved_at", "recovery_sent_at"), from_iso),
}


def _digest_of(r: Any) -> DigestRecord:
    return record(DigestRecord, r, _DIGEST)


class MailSQL(SQLCore):
    """A digest's state moves only forward through ``start_digest_send`` and its answer."""

    def save_digest(self, record: DigestRecord) -> bool:
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO digests (day, made_at, period_start, period_end, content, "
                "send_state) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(day) DO NOTHING",
                (
                    record.day,
                    to_iso(record.made_at),
                    to_iso(record.period_start),
                    to_iso(record.period_end),
                    record.content,
                    record.send_state,
                ),
            )
            return bool(cur.rowcount)

    def digest(self, day: str) -> DigestRecord | None:
        rows = self._rows("SELECT * FROM digests WHERE day = ?", (day,))
        return _digest_of(rows[0]) if rows else None

    def digests(self, limit: int = 30) -> list[DigestRecord]:
        rows = self._rows("SELECT * FROM digests ORDER BY day DESC LIMIT ?", (limit,))
        return [_digest_of(r) for r in rows]

    def start_digest_send(self, day: str, at: datetime, states: Sequence[str]) -> bool:
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE digests SET send_state = 'sending', attempts = attempts + 1, "
                f"last_attempt_at = ? WHERE day = ? AND send_state IN ({marks(len(states))})",
                (to_iso(at), day, *states),
            )
            return bool(cur.rowcount)

    def set_digest_state(
        self,
        day: str,
        state: str,
        at: datetime,
        error: str = "",
        message_id: str = "",
    ) -> None:
        sent_at = to_iso(at) if state == "sent" else None
        with self.transaction():
            self.conn.execute(
                "UPDATE digests SET send_state = ?, last_error = ?, "
                "sent_at = COALESCE(?, sent_at), "
                "message_id = CASE WHEN ? = '' THEN message_id ELSE ? END WHERE day = ?",
                (state, error[:2000], sent_at, message_id, message_id, day),
            )

    def open_alerts(self) -> list[AlertRecord]:
        rows = self._rows(
            "SELECT * FROM alerts WHERE resolved_at IS NULL OR recovery_sent_at IS NULL ORDER BY id"
        )
        return [record(AlertRecord, r, _ALERT) for r in rows]

    def fire_alert(self, condition: str, detail: str, at: datetime) -> bool:
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO alerts (condition, detail, fired_at) VALUES (?, ?, ?) "
                "ON CONFLICT (condition) WHERE resolved_at IS NULL DO NOTHING",
                (condition, detail, to_iso(at)),
            )
            return bool(cur.rowcount)

    def resolve_alert(self, alert_id: int, at: datetime) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL",
                (to_iso(at), alert_id),
            )

    def mark_alert_sent(self, alert_id: int, recovery: bool, at: datetime) -> None:
        column = "recovery_sent_at" if recovery else "fire_sent_at"
        with self.transaction():
            self.conn.execute(
                f"UPDATE alerts SET {column} = ? WHERE id = ?", (to_iso(at), alert_id)
            )
