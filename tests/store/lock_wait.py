"""Waiting, in a PostgreSQL lock-order test, until one connection blocks on another's row."""

from __future__ import annotations

import threading
import time
from typing import Any

import psycopg


def wait_for_row_lock(
    watch: psycopg.Connection[Any], waiter: Any, thread: threading.Thread, seconds: float
) -> None:
    """Return once ``waiter`` (a store on PostgreSQL) waits for a lock, ``thread`` has
    finished, or ``seconds`` have passed: a test then lets the holder go on."""
    pid = waiter.conn.raw.info.backend_pid
    deadline = time.monotonic() + seconds
    while thread.is_alive() and time.monotonic() < deadline:
        waiting = watch.execute(
            "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)
        ).fetchone()
        if waiting and waiting[0] == "Lock":
            return
        time.sleep(0.02)
