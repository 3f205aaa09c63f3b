"""Corpus stage: read every article file in a folder into Article records.

Plain text (.txt, .md) is supported; other formats plug in through LOADERS (suffix -> function
returning the decoded text). The optional header `date YYYY-MM-DD` at the very start of the
first line becomes metadata and is kept out of the body; offsets stay relative to the
original text. Article id = file name stem. Hidden files and unknown suffixes are skipped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from rag.data import Article
from rag.errors import CorpusError
from rag.text.guard import clean_text

_DATE_HEADER = re.compile(r"\A\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path} is not UTF-8 text (byte {exc.start}); convert it to UTF-8 or move it out of the corpus folder"
        ) from None


LOADERS: dict[str, Callable[[Path], str]] = {".txt": _read_text, ".md": _read_text}


def parse_article(article_id: str, path: str, text: str) -> Article:
    """Split off the date header and build the Article; empty bodies are an error."""
    date = None
    body_start = 0
    m = _DATE_HEADER.match(text)
    if m:
        date, body_start = m.group(1), m.end()
    if not text[body_start:].strip():
        raise CorpusError(f"{path} has no article text; add its text or remove the file")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(article_id, path, text, date, body_start, digest)


def article_files(folder: Path) -> list[Path]:
    if not folder.exists():
        raise CorpusError(
            f"corpus folder {folder} does not exist; create it and add .txt articles, or pass --corpus DIR"
        )
    if not folder.is_dir():
        raise CorpusError(f"corpus path {folder} is not a folder; pass --corpus DIR")
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in LOADERS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not files:
        raise CorpusError(f"corpus folder {folder} has no articles (.txt or .md); add some or pass --corpus DIR")
    return files


def article_id(folder: Path, path: Path) -> str:
    rel = path.relative_to(folder)
    # A file name that is not UTF-8 keeps its file; its id shows U+FFFD for the odd bytes.
    return clean_text(str(rel.with_suffix(""))).replace("\\", "/")


def load_corpus(folder: Path) -> list[Article]:
    articles = [load_article(folder, p) for p in article_files(folder)]
    _check_unique(articles)
    return articles


def load_article(folder: Path, path: Path) -> Article:
    text = LOADERS[path.suffix.lower()](path)
    return parse_article(article_id(folder, path), clean_text(str(path)), text)


def _check_unique(articles: Iterable[Article]) -> None:
    seen: dict[str, str] = {}
    for a in articles:
        if a.id in seen:
            raise CorpusError(f"{a.path} and {seen[a.id]} share the article id {a.id!r}; rename one of them")
        seen[a.id] = a.path
