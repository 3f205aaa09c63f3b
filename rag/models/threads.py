"""How many threads the numeric libraries use, and how their idle threads wait.

On a busy machine, threads that spin while they wait turn a 1.3 s answer into minutes
(measured: 160 s, with OpenMP barrier spins in llama.cpp and OpenBLAS threads spinning in
the NumPy encoder). So:
- OpenMP threads (llama.cpp; torch when indexing) spin only briefly before they sleep
  (`GOMP_SPINCOUNT`; a passive policy sleeps at once but made an idle answer 1.7x slower),
  set before either library loads unless the environment sets it (the user's choice wins);
- BLAS (NumPy's matrix products in the question encoder) runs on `blas_threads` threads,
  set through threadpoolctl (the matrices of one question are too small to gain from more);
- the number of llama.cpp and torch threads, when not set (0), is the cores not already
  busy: all cores minus the one-minute load average, at least one, read when a model loads
  and again before each answer (llama.cpp's threads follow the machine's load).
This module is the one place that touches process-wide thread state; bench/busy_machine.py
measures the effect (README 'Measured speed').
"""

from __future__ import annotations

import os
import time


def prepare_openmp(spin_count: int, policy: str = "") -> None:
    """Set how OpenMP threads wait, for libraries not yet loaded (the environment's wins)."""
    if spin_count >= 0:
        os.environ.setdefault("GOMP_SPINCOUNT", str(spin_count))
    if policy:
        os.environ.setdefault("OMP_WAIT_POLICY", policy.upper())


def limit_blas(threads: int) -> None:
    """Run BLAS on `threads` threads (0 leaves the library's choice)."""
    if threads > 0:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads, user_api="blas")


def choose(requested: int) -> int:
    """`requested` threads, or when 0, the cores not busy right now (at least one).

    The load average counts this process too; in a long-lived process (a notebook, `rag
    chat`) its own recent CPU use is taken back out, so an idle machine keeps all its cores.
    """
    if requested > 0:
        return requested
    cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except OSError:  # pragma: no cover - no load average on this platform
        busy = 0.0
    busy = max(0.0, busy - _own_share())
    return max(1, min(cores, round(cores - busy)))


_last: tuple[float, float] | None = None


def _own_share() -> float:
    """This process's CPU use (in cores) since the previous call, if that was recent."""
    global _last
    now, used = time.monotonic(), time.process_time()
    share = 0.0
    if _last is not None and 0 < now - _last[0] < 120:
        share = (used - _last[1]) / (now - _last[0])
    _last = (now, used)
    return share
