"""Article formats: what a file holds, as one or more articles (text, title, date, url).

Each loader reads one file through a well-kept library and returns `Source` records, or
raises `Unreadable` with the reason (the corpus reports it and goes on):
- .txt: any common encoding (charset-normalizer guesses one when the bytes are not UTF-8;
  the encoding is recorded and said on stderr); a first line `date YYYY-MM-DD` is the date.
- .md/.markdown: YAML front matter (title, date, url) and a leading `# Title` become the
  title, `date YYYY-MM-DD` on a line of the header block the date; none of it is body text.
- .html/.htm: the main text, title, date and url as trafilatura finds them.
- .jsonl/.json/.csv: news exports, one article per record; field names from the settings
  (`corpus.text_field` and friends, each a list of names tried in order).
- .pdf: the text of every page (pypdf); a PDF without a text layer is unreadable.
Offsets of citations index `Source.text`: the file's own text for .txt and .md, the
extracted text for the others (shown whole in `rag ask --json` passages).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rag.settings import CorpusSettings


class Unreadable(Exception):
    """A file that holds no article rag can read; the message says why."""


@dataclass(frozen=True)
class Source:
    key: str  # "" for a one-article file, else the record's id within the file
    text: str
    body_start: int = 0
    title: str | None = None
    date: str | None = None
    url: str | None = None
    encoding: str = "utf-8"


_DATE = re.compile(r"\A\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
_DATE_LINE = re.compile(r"^[ \t]*date\s+(\d{4}-\d{2}-\d{2})[ \t]*$", re.M)
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_HEADING = re.compile(r"\A\s*#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The legacy encodings news files come in, most common first (Windows Western, then ISO).
_USUAL = ("utf_16", "utf_32", "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2")
# Readings this close to the calmest one are equally plausible (charset-normalizer's chaos).
_CHAOS_SLACK = 0.1


def decode(data: bytes) -> tuple[str, str]:
    """The text of some bytes and the encoding it was read with."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("binary file, not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise Unreadable("not text in any encoding rag recognises")
    # Short texts fit many code pages equally well ("£340" is cp852 as readily as cp1252);
    # among the least chaotic readings, the encodings news files are really in come first.
    calm = min(m.chaos for m in matches) + _CHAOS_SLACK
    for wanted in _USUAL:
        for m in matches:
            if m.encoding == wanted and m.chaos <= calm:
                return str(m), m.encoding
    return str(matches[0]), matches[0].encoding


def load_text(path: Path, settings: CorpusSettings) -> list[Source]:
    text, encoding = decode(path.read_bytes())
    m = _DATE.match(text)
    return [Source("", text, m.end() if m else 0, None, m.group(1) if m else None, None, encoding)]


def load_markdown(path: Path, settings: CorpusSettings) -> list[Source]:
    text, encoding = decode(path.read_bytes())
    title = date = url = None
    start = 0
    front = _FRONT.match(text)
    if front:
        import yaml

        try:
            meta = yaml.safe_load(front.group(1)) or {}
        except yaml.YAMLError:
            meta = {}
        if isinstance(meta, dict):
            title, url = _str(meta.get("title")), _str(meta.get("url") or meta.get("link"))
            date = _date(meta.get("date"))
        start = front.end()
    # A header block: a "# Title" line and a "date YYYY-MM-DD" line, blank lines between.
    while True:
        rest = text[start:]
        heading = _HEADING.match(rest)
        dated = _DATE_LINE.match(rest.lstrip("\n"))
        if heading and title is None:
            title, start = heading.group(1).strip(), start + heading.end()
        elif dated and date is None:
            date, start = dated.group(1), start + (len(rest) - len(rest.lstrip("\n"))) + dated.end()
        else:
            break
    return [Source("", text, start, title, date, url, encoding)]


def load_html(path: Path, settings: CorpusSettings) -> list[Source]:
    import trafilatura

    html, _ = decode(path.read_bytes())
    doc = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise Unreadable("no article text found in the page")
    return [Source("", text, 0, _str(doc.title), _date(doc.date), _str(doc.url))]


def load_pdf(path: Path, settings: CorpusSettings) -> list[Source]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = _str(reader.metadata.title) if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise Unreadable(f"unreadable PDF ({exc.__class__.__name__})") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise Unreadable("PDF without a text layer (a scan?); run OCR on it first")
    return [Source("", text, 0, title)]


def load_records(path: Path, settings: CorpusSettings) -> list[Source]:
    raw, _ = decode(path.read_bytes())
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            records = list(csv.DictReader(io.StringIO(raw)))
        elif suffix == ".jsonl":
            records = [json.loads(line) for line in raw.splitlines() if line.strip()]
        else:
            data = json.loads(raw)
            records = data if isinstance(data, list) else data.get("articles", [data]) if isinstance(data, dict) else []
    except (ValueError, csv.Error, AttributeError) as exc:
        raise Unreadable(f"not valid {suffix[1:].upper()} ({exc.__class__.__name__})") from None
    out = []
    for n, record in enumerate(records, 1):
        if not isinstance(record, dict):
            continue
        # A record without text is kept (empty) so the corpus lists it as skipped, by its id.
        text = _field(record, settings.text_field) or ""
        key = _field(record, settings.id_field) or str(n)
        out.append(
            Source(
                key,
                text,
                0,
                _field(record, settings.title_field),
                _date(_field(record, settings.date_field)),
                _field(record, settings.url_field),
            )
        )
    if not any(source.text.strip() for source in out):
        raise Unreadable(f"no record with an article text (fields tried: {', '.join(settings.text_field)})")
    return out


LOADERS: dict[str, Callable[[Path, CorpusSettings], list[Source]]] = {
    ".txt": load_text,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".jsonl": load_records,
    ".json": load_records,
    ".csv": load_records,
}


def _field(record: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return str(value)
    return None


def _str(value: object) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None


def _date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date, a datetime or a string that starts with one."""
    if value is None:
        return None
    found = _ISO_DATE.match(str(value).strip())
    return found.group(0) if found else None
