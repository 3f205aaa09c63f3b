"""The news files people have: each format, each encoding, duplicates, and the skip report."""

from __future__ import annotations

import json
from pathlib import Path

from rag.index.corpus import load_corpus
from rag.settings import CorpusSettings
from tests.conftest import make_assistant

HTML = """<!DOCTYPE html><html><head><title>Zeta Bank agrees merger | Daily Ledger</title>
<meta property="og:title" content="Zeta Bank agrees merger with Orion">
<meta property="article:published_time" content="2021-04-02T08:00:00Z">
<link rel="canonical" href="https://news.example/zeta-orion"></head>
<body><nav><a href="/">Home</a> | <a href="/markets">Markets</a></nav>
<article><h1>Zeta Bank agrees merger with Orion</h1>
<p>Zeta Bank has agreed to merge with Orion Savings in a deal worth 4.2bn euros, the two lenders said on
Friday, creating the country's third-largest bank by deposits.</p>
<p>Chief executive Marta Lind said the combined bank would close 40 branches over two years but keep every
call centre open. Shareholders of Orion will receive 0.8 Zeta shares for each share they hold.</p>
<p>The merger still needs the approval of the competition regulator, which is expected to rule in June.</p>
</article><footer>Subscribe to our newsletter. Cookies help us deliver our services.</footer></body></html>"""


def one_page_pdf(line: str) -> bytes:
    """A valid one-page PDF with a text layer, written out by hand (objects, xref, trailer)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_html_page_gives_main_text_title_date_and_url(tmp_path: Path):
    (tmp_path / "zeta.html").write_text(HTML, encoding="utf-8")
    [a] = load_corpus(tmp_path).articles
    assert a.title == "Zeta Bank agrees merger with Orion" and a.date == "2021-04-02"
    assert a.url == "https://news.example/zeta-orion"
    assert "4.2bn euros" in a.text and "Subscribe" not in a.text and "Home" not in a.text


def test_markdown_title_and_date_are_metadata_not_text(tmp_path: Path):
    (tmp_path / "zeta.md").write_text(
        "# Zeta Bank merger\n\ndate 2021-04-02\n\nZeta Bank has agreed to merge with Orion Savings.\n", encoding="utf-8"
    )
    (tmp_path / "front.markdown").write_text(
        "---\ntitle: Orion results\ndate: 2021-05-01\nurl: https://news.example/orion\n---\n"
        "Orion Savings reported a record profit.\n",
        encoding="utf-8",
    )
    by_id = {a.id: a for a in load_corpus(tmp_path).articles}
    zeta, orion = by_id["zeta"], by_id["front"]
    assert (zeta.title, zeta.date) == ("Zeta Bank merger", "2021-04-02")
    assert zeta.body.strip() == "Zeta Bank has agreed to merge with Orion Savings."
    assert (orion.title, orion.date, orion.url) == ("Orion results", "2021-05-01", "https://news.example/orion")
    assert orion.body.strip() == "Orion Savings reported a record profit."


def test_exports_give_one_article_per_record_with_configurable_fields(tmp_path: Path):
    records = [
        {
            "id": "a1",
            "headline": "Nokia wins deal",
            "body": "Nokia signed a 5G deal in Finland.",
            "published": "2020-01-15",
        },
        {"id": "a2", "headline": "Empty", "body": ""},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (tmp_path / "dump.json").write_text(json.dumps({"articles": [{"text": "ZTE signed 35 contracts."}]}))
    (tmp_path / "sheet.csv").write_text("story,link\nEricsson cut 300 jobs.,https://x.example/e\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    by_id = {a.id: a for a in corpus.articles}
    assert set(by_id) == {"feed#a1", "dump#1", "sheet#1"}
    assert (by_id["feed#a1"].title, by_id["feed#a1"].date) == ("Nokia wins deal", "2020-01-15")
    assert by_id["sheet#1"].url == "https://x.example/e"
    # A record without text is reported by its id, not dropped in silence.
    assert any("feed.jsonl#a2" in line and "no article text" in line for line in corpus.skipped_summary())
    custom = CorpusSettings(text_field=("story",), url_field=("link",))
    assert [a.id for a in load_corpus(tmp_path, custom).articles] == ["sheet#1"]


def test_pdf_text_layer_is_read(tmp_path: Path):
    (tmp_path / "kestrel.pdf").write_bytes(one_page_pdf("Kestrel Motors has agreed to buy battery maker Voltra."))
    [a] = load_corpus(tmp_path).articles
    assert "Kestrel Motors has agreed to buy battery maker Voltra" in a.text


def test_any_common_encoding_is_read_and_said(tmp_path: Path):
    (tmp_path / "cp1252.txt").write_bytes("The bill rose to £340 – a record, Mr Müller said.".encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes("Die Bank meldet Gewinn.".encode("utf-16"))
    corpus = load_corpus(tmp_path)
    texts = {a.id: a.text for a in corpus.articles}
    assert "£340 – a record" in texts["cp1252"] and "Gewinn" in texts["utf16"]
    assert set(corpus.encodings) == {str(tmp_path / "cp1252.txt"), str(tmp_path / "utf16.txt")}


def test_every_problem_reported_at_once_and_the_rest_indexed(tmp_path: Path):
    (tmp_path / "good.txt").write_text("Nokia signed a 5G deal in Finland.", encoding="utf-8")
    (tmp_path / "blob.bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["good"]
    summary = "\n".join(corpus.skipped_summary())
    for name, why in (
        ("blob.bin.txt", "binary"),
        ("empty.txt", "no article text"),
        ("notes.docx", "format .docx"),
        ("broken.json", "not valid JSON"),
    ):
        assert any(name in line and why in line for line in corpus.skipped_summary()), summary


def test_copies_are_indexed_once_and_named_in_citations(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "date 2020-01-15 Nokia signed a 5G deal with a Finnish operator in Tampere.\n"
    (corpus / "nokia.txt").write_text(text, encoding="utf-8")
    (corpus / "wire").mkdir()
    (corpus / "wire" / "nokia-copy.txt").write_text(text, encoding="utf-8")
    (corpus / "link.txt").symlink_to(corpus / "nokia.txt")
    found = load_corpus(corpus)
    assert [a.id for a in found.articles] == ["link"]  # sorted first; the others are its copies
    assert sorted(found.copies["link"]) == ["nokia", "wire/nokia-copy"]
    a = make_assistant(corpus, tmp_path / "idx", "Nokia signed a 5G deal with a Finnish operator in Tampere [1].")
    answer = a.ask("Who signed a 5G deal in Tampere?")
    [c] = answer.citations
    assert sorted(c.copies) == ["nokia", "wire/nokia-copy"] and len(answer.passages) == 1
    assert c.to_dict()["copies"] and "also" in answer.to_markdown()
