"""Work in worker processes that cannot outlive their parent, and whose death
costs one item.

Each worker takes one item at a time over its own pipe, so the pool knows
which item every worker holds: when a worker dies (killed, out of memory),
that item's result is made by ``died(item, how)`` and a fresh worker takes
its place; the other items go on. A thread of the parent hands out items and
collects results, so workers keep busy while the caller does other work
(writes the store) instead of waiting for it to ask for the next result. A worker watches its parent and exits as
soon as the parent is gone (killed with SIGKILL, say): forked workers hold
copies of each other's pipes, so they would never see an end of input.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable

PARENT_CHECK_SECONDS = 0.5
STOP_SECONDS = 5.0  # how long an idle worker is given to exit before it is killed


@dataclass(slots=True)
class Task:
    item: Any
    result: Any = None
    done: bool = False


@dataclass(slots=True)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    task: Task | None = None


def _exit_with_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _serve(conn: Connection, work: Callable[[Any], Any], parent: int) -> None:
    # what the forked worker inherits stays shared: its collector would
    # otherwise write into every inherited object (a million file paths) and
    # so copy every page of the parent's heap
    gc.freeze()
    _exit_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    while (item := conn.recv()) is not None:
        conn.send(work(item))


def how_it_ended(exitcode: int | None) -> str:
    """How a worker ended, from its exit code.

    >>> how_it_ended(-9)
    'killed by SIGKILL'
    """
    if exitcode is not None and exitcode < 0:
        return f"killed by {signal.Signals(-exitcode).name}"
    return f"exit status {exitcode}"


class WorkerPool:
    """``jobs`` processes computing ``work(item)``, which must not raise;
    ``died(item, how)`` is the result of an item whose worker died.

    Only the pool's thread touches the workers; ``submit`` and ``result``
    meet it under one lock."""

    def __init__(self, jobs: int, work: Callable[[Any], Any], died: Callable[[Any, str], Any]):
        self._work, self._died = work, died
        self._waiting: deque[Task] = deque()
        self._changed = threading.Condition()
        self._closing = False
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_write, False)
        self._workers = [self._start() for _ in range(jobs)]
        self._thread = threading.Thread(target=self._serve_pool, name="kg-pool", daemon=True)
        self._thread.start()

    def _start(self) -> _Worker:
        mine, theirs = multiprocessing.Pipe()
        process = multiprocessing.Process(target=_serve, args=(theirs, self._work, os.getpid()),
                                          daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def submit(self, item: Any) -> Task:
        task = Task(item)
        with self._changed:
            self._waiting.append(task)
        self._wake()
        return task

    def result(self, task: Task) -> Any:
        with self._changed:
            self._changed.wait_for(lambda: task.done)
        return task.result

    def _wake(self) -> None:
        with suppress(BlockingIOError):  # a full pipe already wakes the thread
            os.write(self._wake_write, b"!")

    def _serve_pool(self) -> None:
        while True:
            with self._changed:
                if self._closing:
                    return
                self._dispatch()
                busy = [w for w in self._workers if w.task is not None]
            ready = set(wait([self._wake_read] + [w.conn for w in busy] + [w.process.sentinel for w in busy]))
            if self._wake_read in ready:
                os.read(self._wake_read, 1 << 16)
            with self._changed:
                for worker in busy:
                    if worker.conn in ready or worker.process.sentinel in ready:
                        self._receive(worker)
                self._changed.notify_all()

    def _dispatch(self) -> None:
        for index, worker in enumerate(self._workers):
            if worker.task is None and self._waiting:
                task = self._waiting.popleft()
                try:
                    worker.conn.send(task.item)
                    worker.task = task
                except OSError:  # it died idle: nothing lost, a fresh one takes the item
                    self._waiting.appendleft(task)
                    self._workers[index] = self._replace(worker)
                    self._dispatch()
                    return

    def _receive(self, worker: _Worker) -> None:
        task = worker.task
        try:
            if worker.conn.poll():  # a worker may die right after sending its result
                self._finish(worker, task, worker.conn.recv())
                return
        except (EOFError, OSError):
            pass
        worker.process.join()
        self._finish(worker, task, self._died(task.item, how_it_ended(worker.process.exitcode)))
        self._workers[self._workers.index(worker)] = self._replace(worker)

    @staticmethod
    def _finish(worker: _Worker, task: Task, result: Any) -> None:
        task.result, task.done, worker.task = result, True, None

    def _replace(self, worker: _Worker) -> _Worker:
        worker.conn.close()
        worker.process.join()
        return self._start()

    def close(self) -> None:
        """Stop the pool's thread, then every worker: idle ones are asked to
        exit, busy ones killed."""
        with self._changed:
            self._closing = True
        self._wake()
        self._thread.join()
        os.close(self._wake_read)
        os.close(self._wake_write)
        for worker in self._workers:
            if worker.task is None:
                with suppress(OSError):
                    worker.conn.send(None)
            else:
                worker.process.kill()
        for worker in self._workers:
            worker.process.join(STOP_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_) -> None:
        self.close()
