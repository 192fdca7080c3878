"""PostgreSQL lock-order tests: a cluster batch racing another statement, and the wait until
one connection blocks on another's row."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
from contract_rows import T0, stored_article

from newsdesk.store import open_store
from newsdesk.store.base import Store


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


def race(
    pg_url: str,
    holder: Store,
    first: Callable[[], Any],
    then: Callable[[], Any],
    call: Callable[[], Any],
    waiter: Store,
) -> Any:
    """In one transaction of ``holder``, run ``first``, wait until ``call`` (on ``waiter``)
    waits for a lock, then run ``then``; returns what ``call`` returned (both must end
    without an error)."""
    watch = psycopg.connect(pg_url, autocommit=True)
    errors: list[BaseException] = []
    returned: list[Any] = []
    first_done, go_on = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with holder.transaction():
                first()
                first_done.set()
                go_on.wait(20)
                then()
        except BaseException as exc:
            errors.append(exc)

    def other() -> None:
        try:
            first_done.wait(20)
            returned.append(call())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=hold), threading.Thread(target=other)]
    try:
        for thread in threads:
            thread.start()
        assert first_done.wait(20)
        wait_for_row_lock(watch, waiter, threads[1], 20)
        go_on.set()
        for thread in threads:
            thread.join(30)
        assert not any(t.is_alive() for t in threads)
        assert errors == []
        return returned[0]
    finally:
        go_on.set()
        watch.close()


def race_with_cluster_batch(
    pg_url: str, store: Store, earlier: int, later: int, call: Callable[[], Any]
) -> Any:
    """Run ``call`` on ``store`` while a cluster batch holds ``later`` and then wants
    ``earlier``; returns what ``call`` returned (both must end without an error)."""
    setup, cluster = open_store(pg_url), open_store(pg_url)
    try:
        added = [stored_article(setup, 100 + n) for n in range(2)]
        for article_id in added:
            setup.mark_duplicate(article_id, None)
        return race(  # ``call`` waits for the batch's row of ``later``
            pg_url,
            cluster,
            lambda: cluster.add_to_story(later, added[0], T0),
            lambda: cluster.add_to_story(earlier, added[1], T0),
            call,
            store,
        )
    finally:
        setup.close()
        cluster.close()
