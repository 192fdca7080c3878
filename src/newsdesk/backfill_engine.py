"""The distributed engine under ``newsdesk backfill``: Ray Data, locally or on a cluster.

The backfill needs one thing from an engine: apply a pure function to many items in
parallel and give the results back in the items' order. ``RayEngine`` does that with a
Ray Data ``map_batches`` job; items travel as pickled bytes, so any picklable value
(``RawDocument``, ``Article``) goes through without an Arrow schema.

Ray is an optional dependency (``pip install 'newsdesk[backfill]'``); importing this
module never needs it, only starting an engine does.
"""

from __future__ import annotations

import logging
import pickle
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from newsdesk.errors import NewsdeskError

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("ray",)
INSTALL_HINT = "the backfill engine is not installed: run pip install 'newsdesk[backfill]'"


class EngineError(NewsdeskError):
    """The backfill engine is missing, unknown or cannot be started."""


class Engine(Protocol):
    """A batch engine: ordered parallel map over a sequence of items."""

    name: str

    def map(self, fn: Callable[[list[T]], list[R]], items: Sequence[T]) -> Iterator[R]:
        """Yield ``fn`` applied batch by batch to ``items``, in item order, as results come."""
        ...

    def close(self) -> None: ...


def _apply_pickled(fn: Callable[[list[Any]], list[Any]]) -> Callable[[dict[str, Any]], Any]:
    def run(batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        items = [pickle.loads(blob) for blob in batch["blob"]]  # noqa: S301 (our own bytes)
        out = fn(items)
        if len(out) != len(items):
            raise EngineError(f"a batch of {len(items)} items gave {len(out)} results")
        blobs = np.empty(len(out), dtype=object)
        blobs[:] = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in out]
        return {"seq": batch["seq"], "blob": blobs}

    return run


class RayEngine:
    """Ray Data, started locally (``address=None``) or joined to a running cluster.

    Example:
        >>> engine = RayEngine(address=None, num_cpus=2)  # doctest: +SKIP
        >>> engine.map(lambda xs: [x * 2 for x in xs], [1, 2, 3])  # doctest: +SKIP
        [2, 4, 6]
    """

    name = "ray"

    def __init__(
        self, address: str | None = None, num_cpus: int | None = None, batch_size: int = 32
    ) -> None:
        """Start or join Ray.

        Args:
            address: a Ray cluster address ("auto", "ray://head:10001"); None starts
                a local Ray on this machine.
            num_cpus: CPUs a local Ray may use (None: all); ignored with an address.
            batch_size: items per engine task.
        """
        try:
            import ray
            import ray.data
        except ImportError as exc:
            raise EngineError(INSTALL_HINT) from exc
        self._ray = ray
        self.batch_size = batch_size
        self._owned = False
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {
                "include_dashboard": False,
                "log_to_driver": False,
                "configure_logging": False,
            }
            if address:
                kwargs["address"] = address
            else:
                kwargs["num_cpus"] = num_cpus
            try:
                ray.init(**kwargs)
            except Exception as exc:  # Ray raises several types for a bad address
                where = address or "a local Ray"
                raise EngineError(f"cannot start {where}: {exc}") from exc
            self._owned = True
        # Ray Data logs every job at INFO and warns when progress bars are turned off.
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        with warnings.catch_warnings():
            # Ray Data's own context set-up trips over its deprecated settings.
            warnings.simplefilter("ignore", DeprecationWarning)
            context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False

    def map(self, fn: Callable[[list[T]], list[R]], items: Sequence[T]) -> Iterator[R]:
        """Apply ``fn`` to ``items`` in batches of ``batch_size`` on Ray Data.

        Results stream back while later batches are still being computed, so the caller
        can consume them meanwhile.

        Args:
            fn: a pure, picklable function from a batch of items to as many results.
            items: the items, in the order the results must keep.

        Yields:
            The results, one per item, in item order.
        """
        if not items:
            return
        rows = [
            {"seq": i, "blob": pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)}
            for i, item in enumerate(items)
        ]
        # A few blocks per CPU: enough to balance, few enough that task overhead stays small.
        resources: dict[str, float] = self._ray.cluster_resources()  # type: ignore[no-untyped-call]
        cpus = int(resources.get("CPU", 1))
        blocks = max(1, min(-(-len(rows) // self.batch_size), 4 * cpus))
        dataset = self._ray.data.from_items(rows, override_num_blocks=blocks)
        mapped = dataset.map_batches(
            _apply_pickled(fn), batch_size=self.batch_size, batch_format="numpy"
        )
        expected = 0
        for batch in mapped.iter_batches(batch_format="numpy", batch_size=None):
            for seq, blob in zip(batch["seq"], batch["blob"], strict=True):
                if int(seq) != expected:  # preserve_order is set; this guards the promise
                    raise EngineError(f"engine results out of order: {seq} for {expected}")
                expected += 1
                yield pickle.loads(blob)  # noqa: S301 (our own bytes)
        if expected != len(items):
            raise EngineError(f"the engine gave {expected} results for {len(items)} items")

    def close(self) -> None:
        """Shut Ray down when this engine started it; a joined Ray is left running."""
        if self._owned and self._ray.is_initialized():
            self._ray.shutdown()
        self._owned = False


def start_engine(
    name: str, address: str | None = None, num_cpus: int | None = None, batch_size: int = 32
) -> Engine:
    """Start the named engine.

    Args:
        name: "ray" (the only engine so far).
        address: cluster address; None runs locally.
        num_cpus: local CPUs to use (None: all).
        batch_size: items per engine task.

    Returns:
        A started engine; call ``close`` when done.

    Raises:
        EngineError: unknown engine, engine not installed, or it cannot start.
    """
    if name != "ray":
        raise EngineError(f"unknown backfill engine {name!r}: choose one of {', '.join(ENGINES)}")
    return RayEngine(address=address, num_cpus=num_cpus, batch_size=batch_size)
