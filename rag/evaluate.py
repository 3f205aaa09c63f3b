"""Evaluation harness behind `rag eval`: run a JSONL question set, score every answer.

Question format (one JSON object per line, see eval/README.md): id, corpus (folder, relative
to the question file), question, type, answerable, facts (list of groups; each group is a list
of alternatives and one of them must appear in the answer), gold (article + quote: the
evidence a correct answer rests on).

Metrics, per question and overall:
- recall@k: a gold quote lies inside a retrieved passage (answerable questions);
- accuracy: answerable and not refused and every fact group present in the answer (case
  and "%" / "percent" ignored);
- citation precision: a citation is correct when its quoted sentence holds all the citing
  sentence's numbers and >= 70% of its content words, or more than half when the quote
  overlaps a gold quote; judged independently of rag's own verifier (whose paraphrase route uses
  embeddings);
- citation recall: answer sentences that carry at least one correct citation;
- citations on gold: of answerable questions' citations, the share in the gold article or
  holding a gold quote (what the sealed set calls citation precision);
- grounded: accurate and citing a sentence that holds the gold evidence (cite_hit);
- refusal accuracy (unanswerable questions refused) and false refusals (answerable refused);
- accuracy by question type and by tag (paraphrase, casual, ...), refusal by kind of
  unanswerable question (absent_topic, false_premise, looks_answerable).
Each corpus gets its own index, in a temporary folder or, with `index_root`, in a folder
kept between runs (updated incrementally: a large corpus is embedded once); models load
once for the whole run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rag.assistant import Assistant
from rag.data import Answer, Citation
from rag.errors import EvalError
from rag.text.amounts import numbers
from rag.text.lexicon import content_words

REQUIRED = ("id", "corpus", "question", "answerable")


def load_questions(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise EvalError(f"question file {path} does not exist; see eval/dev.jsonl for the format")
    rows = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise EvalError(f"{path}:{no} is not valid JSON; one question object per line") from None
        missing = [k for k in REQUIRED if k not in row]
        if missing:
            raise EvalError(f"{path}:{no} lacks {', '.join(missing)}; see eval/README.md")
        row.setdefault("facts", [])
        row.setdefault("gold", [])
        row["corpus_dir"] = (path.parent / row["corpus"]).resolve()
        rows.append(row)
    if not rows:
        raise EvalError(f"{path} has no questions")
    return rows


def holds_gold(text: str, gold: list[dict[str, Any]]) -> bool:
    """Does a passage's text hold one of the gold quotes (recall@k; scripts/dense_recall.py)?"""
    return any(g["quote"] in text for g in gold)


def _overlaps_gold(article: str, start: int, end: int, gold: list[dict[str, Any]], texts: dict[str, str]) -> bool:
    for g in gold:
        if g["article"] != article:
            continue
        at = texts[article].find(g["quote"])
        if at >= 0 and start < at + len(g["quote"]) and at < end:
            return True
    return False


def citation_correct(sentence: str, c: Citation, gold: list[dict[str, Any]], texts: dict[str, str]) -> bool:
    words = set(content_words(sentence))
    quote = set(content_words(c.text))
    cover = len(words & quote) / max(len(words), 1)
    if not numbers(sentence) <= numbers(c.text):
        return False
    # The gold sentence is the right place to cite, but a sentence cited there must still
    # take most of its words from it: "Finnish company Huawei is one of the top Finnish
    # companies" (half its words) is not supported by the sentence naming Huawei's rivals.
    return cover >= 0.7 or (cover > 0.5 and _overlaps_gold(c.article, c.start, c.end, gold, texts))


def _norm(text: str) -> str:
    """Lower case, with "23%" and "23 percent" written alike, for matching required facts."""
    return re.sub(r"(\d)\s*(?:%|per ?cent\b)", r"\1 percent", text.lower())


def score(row: dict[str, Any], ans: Answer, texts: dict[str, str]) -> dict[str, Any]:
    gold = row["gold"]
    out: dict[str, Any] = {
        "id": row["id"],
        "type": row.get("type", ""),
        "answerable": row["answerable"],
        "refused": ans.refused,
        "mode": ans.mode,
        "answer": ans.text,
        # The gate's probability that the question is answerable (Answer.scores has no
        # "evidence" score since the fitted gate replaced it; that field read 0.0 for every row).
        "gate": round(ans.scores.get("answerable", 0.0), 4),
        "seconds": round(ans.timings.get("total", 0.0), 3),
        "first_token": round(ans.timings["first_token"], 3) if "first_token" in ans.timings else None,
        "tags": row.get("tags", []),
        "subkind": row.get("subkind"),
    }
    if row["answerable"]:
        # A passage holding a gold quote: in the gold article, or in a copy of it (the same story
        # filed twice is indexed once, under one of its names).
        out["recall"] = any(holds_gold(p.chunk.text, gold) for p in ans.passages) if gold else None
        low = _norm(ans.text)
        out["accurate"] = not ans.refused and all(any(_norm(a) in low for a in grp) for grp in row["facts"])
        # The gold sentence, or the same sentence in a copy of the story filed twice.
        out["cite_hit"] = any(
            _overlaps_gold(c.article, c.start, c.end, gold, texts) or any(g["quote"] in c.text for g in gold)
            for c in ans.citations
        )
        # Where the sealed set's citation precision looks: the gold article, or a sentence holding
        # a gold quote (a copy of the story).
        out["citations_on_gold"] = sum(
            any(c.article == g["article"] or g["quote"] in c.text for g in gold) for c in ans.citations
        )
    by_n = {c.n: c for c in ans.citations}
    # One verdict per (sentence, citation) pair, used for both precision and recall.
    verdicts = [[citation_correct(s.text, by_n[n], gold, texts) for n in s.cites if n in by_n] for s in ans.sentences]
    out["citations_all"] = len(ans.citations)
    out["citations"] = sum(len(v) for v in verdicts)
    out["citations_correct"] = sum(sum(v) for v in verdicts)
    out["sentences"] = len(ans.sentences)
    out["sentences_supported"] = sum(any(v) for v in verdicts)
    # Each shown sentence with the sentences it cites, for judging by hand what the model
    # worded itself (scripts/model_sentences.py).
    out["shown"] = [{"text": s.text, "cited": [by_n[n].text for n in s.cites if n in by_n]} for s in ans.sentences]
    return out


def _share_on_gold(answerable: list[dict[str, Any]]) -> float | None:
    """Of the citations answerable questions got, the share in the gold article (or its copy)."""
    cites = sum(r["citations_all"] for r in answerable if not r["refused"])
    return round(sum(r["citations_on_gold"] for r in answerable if not r["refused"]) / cites, 4) if cites else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    ans = [r for r in results if r["answerable"]]
    una = [r for r in results if not r["answerable"]]
    shown = [r for r in results if not r["refused"]]
    cites = sum(r["citations"] for r in shown)
    sents = sum(r["sentences"] for r in shown)
    secs = sorted(r["seconds"] for r in results)
    firsts = sorted(r["first_token"] for r in results if r.get("first_token") is not None)
    return {
        "questions": len(results),
        "recall_at_k": _mean([float(r["recall"]) for r in ans if r.get("recall") is not None]),
        "answer_accuracy": _mean([float(r["accurate"]) for r in ans]),
        "grounded": _mean([float(r["accurate"] and r["cite_hit"]) for r in ans]),
        "citation_precision": round(sum(r["citations_correct"] for r in shown) / cites, 4) if cites else None,
        "citation_recall": round(sum(r["sentences_supported"] for r in shown) / sents, 4) if sents else None,
        "citation_on_gold": _share_on_gold(ans),
        "refusal_accuracy": _mean([float(r["refused"]) for r in una]),
        "false_refusals": _mean([float(r["refused"]) for r in ans]),
        "seconds_mean": _mean(secs),
        "seconds_p50": secs[len(secs) // 2] if secs else None,
        "first_token_p50": firsts[len(firsts) // 2] if firsts else None,
        "by_type": _groups(ans, lambda r: [r["type"]], "accurate"),
        "by_tag": _groups(ans, lambda r: r.get("tags") or [], "accurate"),
        "by_subkind": _groups(una, lambda r: [r["subkind"]] if r.get("subkind") else [], "refused"),
    }


def _groups(rows: list[dict[str, Any]], keys: Callable[[dict[str, Any]], list[str]], field: str) -> dict[str, Any]:
    """{key: {n, share of rows where `field` is true}} over the keys each row has."""
    out: dict[str, list[float]] = {}
    for r in rows:
        for k in keys(r):
            out.setdefault(k, []).append(float(r[field]))
    return {k: {"n": len(v), field: _mean(v)} for k, v in sorted(out.items())}


@contextlib.contextmanager
def assistant_for(base: Assistant, index_root: Path | None = None) -> Iterator[Callable[[Path], Assistant]]:
    """A factory of Assistants, one per corpus folder, sharing `base`'s models; each keeps its
    index under `index_root` (reused between runs) or in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="rag-eval-") as tmp:
        made: dict[Path, Assistant] = {}

        def make(folder: Path) -> Assistant:
            if folder not in made:
                index = (index_root or Path(tmp)) / _slug(folder)
                s = base.settings.with_(corpus=folder, index=index, **{"runtime.show_progress": False})
                made[folder] = Assistant(settings=s, models=base.models)
            return made[folder]

        yield make


def run_eval(
    base: Assistant, path: Path, progress: Callable[[str], None] | None = None, index_root: Path | None = None
) -> dict[str, Any]:
    rows = load_questions(path)
    results = []
    corpus_texts: dict[Path, dict[str, str]] = {}
    with assistant_for(base, index_root) as make:
        for row in rows:
            folder = row["corpus_dir"]
            a = make(folder)
            if folder not in corpus_texts:
                corpus_texts[folder] = {art.id: art.text for art in a.articles()}
            texts = corpus_texts[folder]
            t0 = time.perf_counter()
            ans = a.ask(row["question"])
            result = score(row, ans, texts)
            result["seconds"] = round(time.perf_counter() - t0, 3)
            results.append(result)
            if progress:
                flag = "refused" if ans.refused else ans.mode
                progress(f"{row['id']:>5} {flag:<10} {row['question'][:70]}")
    return {"summary": summarize(results), "questions": results}


def _slug(folder: Path) -> str:
    """A folder name for a corpus's index: readable, and unique per corpus path."""
    digest = hashlib.sha256(str(folder).encode()).hexdigest()[:8]
    return f"{folder.name}-{digest}"


def format_report(report: dict[str, Any]) -> str:
    lines = [f"{'id':>5} {'type':<16} {'ans?':<5} {'recall':<6} {'acc':<5} {'cites':<6} {'refused':<7} secs"]
    for r in report["questions"]:
        recall = "-" if r.get("recall") is None else ("yes" if r["recall"] else "NO")
        acc = "-" if "accurate" not in r else ("yes" if r["accurate"] else "NO")
        lines.append(
            f"{r['id']:>5} {r['type']:<16} {'yes' if r['answerable'] else 'no':<5} {recall:<6} {acc:<5} "
            f"{r['citations_correct']}/{r['citations']:<4} {'yes' if r['refused'] else 'no':<7} {r['seconds']:.2f}"
        )
    lines.append("")
    for k, v in report["summary"].items():
        if isinstance(v, dict):
            v = ", ".join(f"{key} {'/'.join(str(x) for x in d.values())}" for key, d in v.items())
        lines.append(f"{k:<20} {v}")
    return "\n".join(lines)
