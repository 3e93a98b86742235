"""The worker processes of a run: one pool, started early on a cold run over a
folder, given each folder's files while discovery lists the rest, and kept
for every settings group and pass.  Each job is engine.run_job in a worker."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from dataclasses import fields
from operator import attrgetter
from typing import TYPE_CHECKING

from linter44s.budget import hold
from linter44s.engine import FileReport, Job, ready, run_job
from linter44s.orphan import exit_with_parent

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from linter44s.engine import RunOptions

PARALLEL_THRESHOLD = 8  # files: below this, starting workers costs more than it saves


def worker_count(options: RunOptions) -> int:
    return 1 if options.exhaustive else options.jobs or os.cpu_count() or 1


def _init_worker() -> None:
    _tune_gc()
    hold()  # this process is ours: the per-file budget need not swap handlers
    exit_with_parent()  # a worker outliving a killed run would wait forever
    # What reading any file needs, loaded now: a pool started early (Workers.start)
    # does this while the main process still lists the folders.
    for language in ("python", "javascript"):
        ready(language)


def _tune_gc() -> None:
    """Syntax trees are millions of small acyclic objects: the default cyclic
    collector scans them again and again for nothing (about 15% of a cold run)."""
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


# A job travels as the tuple of its fields, in Job's order: it pickles faster than the
# dataclass, and its settings once per chunk (pickle's memo: 5 us).
_job_fields = attrgetter(*(f.name for f in fields(Job)))
# A job started ahead is known again by its settings' identity and its other fields:
# hashing the settings themselves would cost more than the lookup saves.
_other_fields = attrgetter(*(f.name for f in fields(Job) if f.name != "settings"))


def _ahead_key(job: Job) -> tuple:
    return id(job.settings), _other_fields(job)


def _run_remote(values: tuple) -> FileReport:
    return run_job(Job(*values))


def _run_chunk(chunk: list[tuple]) -> list[FileReport]:
    return [run_job(Job(*values)) for values in chunk]


def _started() -> None:
    """The task that makes a pool start its processes (their initializer does the work)."""


class Workers:
    """Worker processes, started on first need (or early, by `start`) and kept
    for every pass and every settings group of a run."""

    # Jobs per task sent ahead: each task costs the main process a submission while it lists
    # folders (16 cost more than the overlap won on two cores); the last few go in small tasks (map).
    AHEAD_CHUNK = 64

    def __init__(self, count: int) -> None:
        _tune_gc()
        self.count = count
        self._pool: ProcessPoolExecutor | None = None
        # Jobs started ahead of map: key -> the task's future and the job's place in its chunk.
        # (Keys hold the settings' identity: the job kept in `_waiting` or here keeps it alive.)
        self._ahead: dict[tuple, tuple[Future[list[FileReport]], int, Job]] = {}
        self._waiting: list[Job] = []  # jobs given to `ahead`, not yet sent
        self.taken_ahead = 0  # reports map took from jobs started ahead (the tests read it)

    def start(self) -> None:
        """Start the processes now: the CLI calls this before listing the folders of a
        run that will need them, so that starting them (about 30 ms) and their imports
        overlap the listing."""
        if self.count <= 1 or self._pool is not None:
            return
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(max_workers=self.count, initializer=_init_worker)
        for _ in range(self.count):  # (a pool that spawns on demand starts one process per waiting task)
            self._pool.submit(_started)

    @property
    def running(self) -> bool:
        return self._pool is not None

    def ahead(self, jobs: list[Job]) -> None:
        """Start these jobs on a running pool before `map` is asked for them: the CLI
        gives each folder's files as discovery lists it, so that the workers check
        files while the main process still lists the rest.  A job that map is never
        asked for (the cache knew the file) is wasted work, never a wrong report: map
        takes a report only for a job equal to the one started."""
        if self._pool is None:
            return
        self._waiting += jobs
        if len(self._waiting) >= self.AHEAD_CHUNK:
            self._send_waiting()

    def _send_waiting(self, size: int | None = None) -> None:
        waiting, self._waiting = self._waiting, []
        if self._pool is None or not waiting:
            return
        size = size or len(waiting)
        for start in range(0, len(waiting), size):
            chunk = waiting[start : start + size]
            future = self._pool.submit(_run_chunk, [_job_fields(j) for j in chunk])
            for i, job in enumerate(chunk):
                self._ahead[_ahead_key(job)] = (future, i, job)

    def map(self, jobs: list[Job], progress=None) -> Iterator[FileReport]:
        """Each job's report, in the jobs' order, as soon as it is known: the
        caller stores one in the cache while the workers check the next."""
        self._send_waiting(size=4)  # the end of the listing: small tasks, as the last one decides the wall time
        started = [self._ahead.pop(_ahead_key(j), None) for j in jobs] if self._ahead else [None] * len(jobs)
        computed = self._compute([j for j, early in zip(jobs, started, strict=True) if early is None])
        for i, early in enumerate(started):
            if early is not None:
                self.taken_ahead += 1
                report = early[0].result()[early[1]]
            else:
                report = next(computed)
            if progress:
                progress(i + 1, len(jobs))
            yield report

    def _compute(self, jobs: list[Job]) -> Iterator[FileReport]:
        # A few jobs on a pool already running go to it too: its processes have loaded the
        # frontends, and the main process has not (a second pass over 7 importers of a
        # client: 50 ms of imports, and the files one after the other).
        if self.count <= 1 or not jobs or (self._pool is None and len(jobs) < PARALLEL_THRESHOLD):
            return map(run_job, jobs)
        self.start()
        assert self._pool is not None
        values = [_job_fields(j) for j in jobs]
        # Small chunks: files differ a lot in size, and the last chunk decides the wall time.
        return self._pool.map(_run_remote, values, chunksize=max(1, min(16, len(jobs) // (self.count * 16))))

    def close(self) -> None:
        self._ahead.clear()
        self._waiting = []
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)  # jobs started ahead that no one asked for
            self._pool = None


