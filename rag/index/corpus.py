"""Corpus stage: every readable article in a folder, and every file skipped with its reason.

Files of the formats in rag.index.formats are read (sub-folders too; hidden files and
folders are not); one bad file never stops the rest: it is listed in `Corpus.skipped` with
why, and everything else is indexed. The same article reached twice (a symlink, or a copy
of the story filed again) is indexed once; the others are listed as its copies, and
citations name them. Article id = the file's path relative to the folder, without its
suffix ("world/2019/huawei"); an article from a record of a .jsonl/.json/.csv export adds
"#" and the record's id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rag.data import Article
from rag.errors import CorpusError
from rag.index.formats import LOADERS, Source, Unreadable
from rag.settings import CorpusSettings
from rag.text.guard import clean_text


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class Corpus:
    articles: list[Article]
    skipped: list[Skipped] = field(default_factory=list)
    # Article id -> the ids of its other copies (symlinks, the same text filed twice).
    copies: dict[str, list[str]] = field(default_factory=dict)
    # Files read in another encoding than UTF-8: path -> encoding.
    encodings: dict[str, str] = field(default_factory=dict)

    def skipped_summary(self) -> list[str]:
        """One line per reason, with the files it applies to."""
        by_reason: dict[str, list[str]] = {}
        for s in self.skipped:
            by_reason.setdefault(s.reason, []).append(s.path)
        return [f"{reason}: {', '.join(paths)}" for reason, paths in sorted(by_reason.items())]


def parse_article(article_id: str, path: str, text: str, source: Source | None = None) -> Article:
    """An Article from text (its date header split off); an empty body is Unreadable."""
    source = source or _plain(text)
    if not text[source.body_start :].strip():
        raise Unreadable("no article text")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Article(
        article_id, path, text, source.date, source.body_start, digest, source.title, source.url, source.encoding
    )


def _plain(text: str) -> Source:
    from rag.index.formats import _DATE

    m = _DATE.match(text)
    return Source("", text, m.end() if m else 0, None, m.group(1) if m else None)


def article_id(folder: Path, path: Path, key: str = "") -> str:
    rel = path.relative_to(folder)
    # A file name that is not UTF-8 keeps its file; its id shows U+FFFD for the odd bytes.
    base = clean_text(str(rel.with_suffix(""))).replace("\\", "/")
    return f"{base}#{key}" if key else base


def load_corpus(folder: Path, settings: CorpusSettings | None = None) -> Corpus:
    settings = settings or CorpusSettings()
    if not folder.exists():
        raise CorpusError(
            f"corpus folder {folder} does not exist; create it and add .txt articles, or pass --corpus DIR"
        )
    if not folder.is_dir():
        raise CorpusError(f"corpus path {folder} is not a folder; pass --corpus DIR")
    corpus = Corpus([])
    real: dict[Path, str] = {}  # resolved file -> the id it was read under
    by_text: dict[str, str] = {}  # sha256 -> the first id with that text
    for path in _files(folder):
        shown = clean_text(str(path))
        loader = LOADERS.get(path.suffix.lower())
        if loader is None:
            known = " ".join(sorted(LOADERS))
            corpus.skipped.append(Skipped(shown, f"format {path.suffix or '(none)'} not read (rag reads {known})"))
            continue
        target = path.resolve()
        if target in real:
            corpus.copies.setdefault(real[target], []).append(article_id(folder, path))
            continue
        try:
            sources = loader(path, settings)
        except Unreadable as exc:
            corpus.skipped.append(Skipped(shown, str(exc)))
            continue
        except OSError as exc:
            corpus.skipped.append(Skipped(shown, f"cannot be read ({exc.strerror or exc.__class__.__name__})"))
            continue
        for source in sources:
            aid = article_id(folder, path, source.key)
            try:
                article = parse_article(aid, shown, source.text, source)
            except Unreadable as exc:
                corpus.skipped.append(Skipped(f"{shown}#{source.key}" if source.key else shown, str(exc)))
                continue
            real.setdefault(target, aid)
            if article.sha256 in by_text:
                corpus.copies.setdefault(by_text[article.sha256], []).append(aid)
                continue
            by_text[article.sha256] = aid
            if source.encoding != "utf-8":
                corpus.encodings[shown] = source.encoding
            corpus.articles.append(article)
    _check_unique(corpus.articles)
    if not corpus.articles:
        why = f" ({len(corpus.skipped)} files skipped: {'; '.join(corpus.skipped_summary())})" if corpus.skipped else ""
        raise CorpusError(f"corpus folder {folder} has no readable articles{why}; add some or pass --corpus DIR")
    return corpus


def _files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _check_unique(articles: list[Article]) -> None:
    seen: dict[str, str] = {}
    for a in articles:
        if a.id in seen:
            raise CorpusError(f"{a.path} and {seen[a.id]} share the article id {a.id!r}; rename one of them")
        seen[a.id] = a.path
