"""Progress of long index work, as a tqdm bar on stderr: reading files, embedding sentences.

The bar shows the count, rate and time left, and is updated after every small batch (under
a second of work), so it never sits still. It appears only on a terminal and only once a
step has taken a second: short work and piped output stay quiet.
"""

from __future__ import annotations

import sys
from typing import Any


class Bar:
    def __init__(self, desc: str = "embedding", unit: str = "sentence") -> None:
        self.desc, self.unit = desc, unit
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            quiet = not sys.stderr.isatty()
            self.bar = tqdm(total=total, unit=self.unit, desc=self.desc, delay=1.0, disable=quiet, leave=False)
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.bar.close()
