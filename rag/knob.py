"""`knob(default, why)`: a settings field that carries its reason (rag.settings)."""

from __future__ import annotations

import dataclasses
from dataclasses import field
from typing import Any


def knob(default: Any = dataclasses.MISSING, why: str = "", *, factory: Any = dataclasses.MISSING) -> Any:
    """A settings field with its reason (shown by `rag settings`)."""
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata={"why": why})
    return field(default=default, metadata={"why": why})
