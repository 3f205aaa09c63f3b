"""Progress of a long index build, as a tqdm bar on stderr (or nothing).

The build calls `progress(done, total)` after each embedded batch; the bar is created on
the first call, so a build with nothing to embed draws nothing.
"""

from __future__ import annotations

from typing import Any


class Bar:
    """A progress bar over all passages of a build, which embeds them in several batches."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="passage", desc="embedding")
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.bar.close()
