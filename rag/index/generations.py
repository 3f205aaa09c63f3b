"""The index folder's generations: which one is live, and switching to a new one safely.

A build writes `.tmp-gen-N-<pid>/`, fsyncs it, renames it to `gen-N/` (now complete) and
only then points `CURRENT` at it (written to `.CURRENT.tmp`, fsynced, renamed). A crash at
any point leaves either the previous generation live, or a complete `gen-N` that `CURRENT`
does not name yet:
- with no `CURRENT` at all (a first build killed just after its rename), the newest complete
  generation is live: nothing is asked of the user;
- with a `CURRENT`, it stays authoritative; the stray generation is removed by the next
  switch, which keeps the generation it replaces (for readers that still have it open).
Every generation records its files' sizes in its manifest, so a truncated file is found
before it is used.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path
from typing import Any

from rag.errors import StoreError

_NAME = re.compile(r"gen-\d{6}")
OUT_OF_SPACE = (errno.ENOSPC, errno.EDQUOT)


def check_root(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise StoreError(f"index path {root} is a file, not a folder; point --index (or RAG_INDEX) at a folder")


def complete(root: Path) -> list[Path]:
    """The complete generations (renamed into place, manifest written), oldest first."""
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if _NAME.fullmatch(p.name) and (p / "manifest.json").is_file()]
    return sorted(found, key=lambda p: p.name)


def live(root: Path) -> Path | None:
    """The generation readers use: the one CURRENT names, else the newest complete one."""
    check_root(root)
    pointer = root / "CURRENT"
    if not pointer.is_file():
        gens = complete(root)
        return gens[-1] if gens else None
    try:
        name = pointer.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        name = ""
    gen = root / name
    if _NAME.fullmatch(name) and (gen / "manifest.json").is_file():
        return gen
    gens = complete(root)
    if gens:  # a damaged pointer: the newest complete generation is the best guess
        return gens[-1]
    raise StoreError(f"{root} is corrupt (CURRENT names no complete generation); run `rag index --rebuild`")


def next_name(root: Path) -> str:
    numbers = [int(p.name[4:]) for p in root.glob("gen-*") if _NAME.fullmatch(p.name)]
    return f"gen-{max(numbers, default=0) + 1:06d}"


def switch(root: Path, tmp: Path, final: Path) -> None:
    """Make the finished build in `tmp` the live generation `final` (crash-safe order)."""
    previous = live(root)
    fsync_tree(tmp)
    os.replace(tmp, final)
    pointer = root / ".CURRENT.tmp"
    pointer.write_text(final.name + "\n")
    fsync_file(pointer)
    os.replace(pointer, root / "CURRENT")
    fsync_dir(root)
    # Keep the generation just replaced for readers that still have it open; drop the rest
    # (older ones, and strays a crashed build renamed but never switched to).
    keep = {final.name, previous.name if previous else ""}
    for gen in root.glob("gen-*"):
        if gen.name not in keep:
            shutil.rmtree(gen, ignore_errors=True)
    for stale in root.glob(".tmp-gen-*"):
        shutil.rmtree(stale, ignore_errors=True)


def adopt(root: Path, gen: Path) -> None:
    """Point CURRENT at `gen` if nothing names it yet (a build killed just after its rename)."""
    if not (root / "CURRENT").is_file():
        pointer = root / ".CURRENT.tmp"
        pointer.write_text(gen.name + "\n")
        fsync_file(pointer)
        os.replace(pointer, root / "CURRENT")


def file_sizes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_size for p in sorted(folder.rglob("*")) if p.is_file()}


def damaged(gen: Path, manifest: dict[str, Any]) -> str:
    """What is wrong with a generation's files ("" when every file has its recorded size)."""
    for name, size in manifest.get("files", {}).items():
        path = gen / name
        if not path.is_file():
            return f"{name} is missing"
        if path.stat().st_size != size:
            return f"{name} is {path.stat().st_size} bytes, {size} expected"
    return ""


def fsync_file(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            fsync_file(p)
