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
  busy: all cores minus the threads the kernel has runnable right now (not the one-minute
  load average, which lags a minute behind), at least one, read when a model loads, before
  each answer and before each batch an index build embeds.
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
    """`requested` threads, or when 0, the cores not busy right now (at least one)."""
    if requested > 0:
        return requested
    cores = os.cpu_count() or 1
    return max(1, min(cores, round(cores - busy_cores())))


# Samples of the run queue, and the pause between them: 5 x 2 ms costs ~10 ms per choice
# and smooths a process that only flickers onto a core.
SAMPLES = 5
PAUSE_S = 0.002


def busy_cores() -> float:
    """Cores other processes are using now: the kernel's count of runnable threads, less the
    one reading it (median of a few samples). Unlike the one-minute load average, it sees a
    job that just started and forgets one that just ended (after an index build the load
    average said 2 cores were busy for a minute and answers ran on one thread: 3.0 s, not 1.8 s).
    """
    counts = []
    for i in range(SAMPLES):
        try:
            with open("/proc/loadavg", encoding="ascii") as f:
                running = int(f.read().split()[3].split("/")[0])
        except (OSError, ValueError, IndexError):  # not Linux: the one-minute load average
            try:
                return os.getloadavg()[0]
            except OSError:  # pragma: no cover - no load figure on this platform
                return 0.0
        counts.append(max(0, running - 1))
        if i + 1 < SAMPLES:
            time.sleep(PAUSE_S)
    return sorted(counts)[len(counts) // 2]
