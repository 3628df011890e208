"""Run one rendering in a forked child whose time and memory are bounded by the kernel.

The parent (a web worker or a Celery worker) has already read the database and rendered the
HTML; the child only turns HTML into PDF bytes and never touches the database, the cache or the
broker. Limits: RLIMIT_AS (address space, on top of what the child inherits), RLIMIT_CPU, and a
wall-clock deadline after which the parent kills the child. A runaway document (a huge table, a
decompression bomb of an image) therefore costs one child, never the worker.
"""

from __future__ import annotations

import math
import os
import resource
import selectors
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

OK, FAILED = b"\x00", b"\x01"


class RenderError(RuntimeError):
    """The rendering failed, ran out of time or of memory."""


@dataclass(frozen=True)
class Outcome:
    data: bytes
    seconds: float
    child_max_rss_mb: float  # peak resident memory of the rendering child
    child_cpu_seconds: float = 0.0  # CPU time of the child (steadier than wall time on a busy host)


def _address_space() -> int:
    """Bytes of address space mapped now (VmSize), so the limit is relative to it."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_child(timeout: float, memory_mb: int) -> None:
    cpu = max(1, math.ceil(timeout))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    if memory_mb:
        ceiling = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child(write_fd: int, job: Callable[[], bytes], timeout: float, memory_mb: int) -> None:
    """Never returns: writes OK + bytes or FAILED + a message, then exits at once."""
    code = 1
    try:
        # The parent's handlers (Celery's, gunicorn's) must not run in the child.
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1):
            signal.signal(sig, signal.SIG_DFL)
        _limit_child(timeout, memory_mb)
        try:
            payload = OK + job()
            code = 0
        except MemoryError:
            payload = FAILED + b"memory limit reached"
        except BaseException:
            payload = FAILED + traceback.format_exc(limit=5)[-2000:].encode()
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
    finally:
        os._exit(code)  # no atexit, no shared connections closed behind the parent's back


def run(job: Callable[[], bytes], *, timeout: float, memory_mb: int) -> Outcome:
    """Run `job` in a forked child within `timeout` seconds and `memory_mb` of extra memory."""
    started = time.perf_counter()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read_fd)
        _child(write_fd, job, timeout, memory_mb)
    os.close(write_fd)
    chunks: list[bytes] = []
    timed_out = False
    deadline = started + timeout
    with os.fdopen(read_fd, "rb", buffering=0) as pipe, selectors.DefaultSelector() as sel:
        sel.register(pipe, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                timed_out = True
                break
            if not sel.select(remaining):
                continue
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    if timed_out:
        raise RenderError(f"rendering took more than {timeout:g} s")
    data = b"".join(chunks)
    if os.waitstatus_to_exitcode(status) != 0 or not data.startswith(OK):
        reason = data[1:].decode(errors="replace") if data else f"child status {status}"
        raise RenderError(f"rendering failed: {reason}")
    return Outcome(data[1:], seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)
