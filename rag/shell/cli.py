"""The `rag` command line: parse flags, build Settings, call the Assistant, format output.

No pipeline logic lives here. Library errors (RagError) become a one-line message on stderr
and exit code 1; any other exception is a bug and keeps its traceback (without locals).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from rag.errors import RagError
from rag.settings import INDEX_TYPES, Settings, parse_assignment

app = typer.Typer(
    help="Ask questions about a folder of news articles; answers cite the passages they come from.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    # Plain help text: square brackets are text (defaults, environment), not rich markup.
    rich_markup_mode=None,
)
_DEFAULTS = Settings()
# Flags take no value: no "<bool>" after them in the help.
FLAG = {"metavar": ""}

CorpusOpt = Annotated[
    Path | None, typer.Option("--corpus", metavar="DIR", help="Article folder [env RAG_CORPUS; default seeds/]")
]
IndexOpt = Annotated[
    Path | None, typer.Option("--index", metavar="DIR", help="Index folder [env RAG_INDEX; default index/]")
]
StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        metavar="URI",
        help="Where the index lives instead of --index: milvus:FILE.db (Milvus Lite), milvus://HOST:PORT "
        "[env RAG_STORE]",
    ),
]
ModelOpt = Annotated[
    Path | None,
    typer.Option("--model", metavar="GGUF", help="Model file [env RAG_MODEL; default the bundled SmolLM2-135M]"),
]
KOpt = Annotated[
    int | None,
    typer.Option("--k", min=1, max=50, metavar="N", help=f"Passages to weigh [default {_DEFAULTS.retrieval.k}]"),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", metavar="KEY=VALUE", help="Change any setting (`rag settings` lists them); repeatable"),
]


# Characters other tools read as line breaks: escaped, so that one JSON object is one line.
_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _json(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False).translate(_LINE_BREAKS)


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def _settings(assignments: list[str] | None = None, **flags: object) -> Settings:
    changes = dict(parse_assignment(a) for a in assignments or [])
    return Settings.from_env(**changes, **{k: v for k, v in flags.items() if v is not None})


def _assistant(
    corpus: Path | None,
    index: Path | None,
    model: Path | None = None,
    k: int | None = None,
    assignments: list[str] | None = None,
    store: str | None = None,
    **extra: object,
):
    from rag.assistant import Assistant

    extra = {"retrieval.k": k, "store.uri": store, **extra}
    settings = _settings(assignments, corpus=corpus, index=index, model_path=model, **extra)
    return Assistant(settings=settings, notify=_err)


def _answering(
    corpus: Path | None,
    index: Path | None,
    model: Path | None,
    k: int | None,
    assignments: list[str] | None,
    store: str | None = None,
):
    """An Assistant for answering, its model path checked before any indexing work."""
    assistant = _assistant(corpus, index, model, k, assignments, store)
    assistant.check_model()
    return assistant


@app.command()
def index(
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    store: StoreOpt = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-embed everything", **FLAG)] = False,
    index_type: Annotated[
        str | None, typer.Option("--index-type", metavar="TYPE", help="auto, flat, hnsw or ivf [default auto]")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 if any file was skipped", **FLAG)] = False,
    workers: Annotated[
        str | None,
        typer.Option(
            "--workers", metavar="RAY", help="Chunk and embed through Ray: ray (this machine) or ray://HEAD:10001"
        ),
    ] = None,
    assignments: SetOpt = None,
) -> None:
    """Build or update the index: only new and changed articles are embedded.

    Every readable article is indexed; files that cannot be read are listed at the end with
    the reason (exit 0, or 1 with --strict).
    """
    if index_type is not None and index_type not in INDEX_TYPES:
        raise RagError(f"--index-type must be one of {', '.join(INDEX_TYPES)}")
    assistant = _assistant(
        corpus,
        index,
        assignments=assignments,
        store=store,
        **{"store.index_type": index_type, "store.workers": workers},
    )
    plan = assistant.build_index(force=rebuild)
    verb = "index up to date" if not plan.changed else "indexed"
    typer.echo(f"{verb}: {plan.summary()} -> {assistant.settings.store.uri or assistant.settings.index}")
    if plan.changed:
        typer.echo(f"  embedded {plan.embedded} sentences")
    for label, ids in (("added", plan.added), ("updated", plan.updated), ("removed", plan.removed)):
        for article in ids[:20]:
            typer.echo(f"  {label}: {article}")
        if len(ids) > 20:
            typer.echo(f"  {label}: ... and {len(ids) - 20} more")
    if plan.skipped:
        typer.echo("skipped (not indexed), by reason:")
        for line in plan.skipped:
            typer.echo(f"  {line}")
        if strict:
            raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes", metavar="QUESTION")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text", **FLAG)] = False,
    k: KOpt = None,
    model: ModelOpt = None,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    store: StoreOpt = None,
    assignments: SetOpt = None,
) -> None:
    """Answer one question, streaming, then list the cited sources."""
    from rag.data import Answer
    from rag.shell.render import sources

    assistant = _answering(corpus, index, model, k, assignments, store)
    answer = None
    for item in assistant.stream(question):
        if isinstance(item, Answer):
            answer = item
        elif not as_json:
            typer.echo(item, nl=False)
            sys.stdout.flush()
    assert answer is not None
    if as_json:
        typer.echo(_json(answer.to_dict()))
    else:
        typer.echo("")
        typer.echo(sources(answer))


@app.command()
def chat(
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    store: StoreOpt = None,
    model: ModelOpt = None,
    k: KOpt = None,
    assignments: SetOpt = None,
) -> None:
    """Interactive questions in a loop (/help for commands); also reads piped input."""
    from rag.shell.repl import run_repl

    run_repl(_answering(corpus, index, model, k, assignments, store))


@app.command()
def check(
    claim: Annotated[str, typer.Argument(help="The claim to check, in quotes", metavar="CLAIM")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text", **FLAG)] = False,
    k: KOpt = None,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    store: StoreOpt = None,
    assignments: SetOpt = None,
) -> None:
    """Is a claim stated by the articles? The supporting sentence, or the closest ones and why not.

    Exit code 0 when supported, 3 when not (1 stays for errors).
    """
    from rag.shell.render import check_report

    result = _assistant(corpus, index, None, k, assignments, store).check(claim)
    typer.echo(_json(result.to_dict()) if as_json else check_report(result))
    if not result.supported:
        raise typer.Exit(3)


@app.command(name="eval")
def evaluate(
    questions: Annotated[Path, typer.Argument(help="JSONL question or claim set (see eval/README.md)", metavar="FILE")],
    corpus: CorpusOpt = None,
    model: ModelOpt = None,
    index: Annotated[
        Path | None,
        typer.Option(
            "--index", help="Folder to keep one index per corpus in, reused between runs [default: temporary]"
        ),
    ] = None,
    k: KOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON", **FLAG)] = False,
    assignments: SetOpt = None,
) -> None:
    """Run a question set and report retrieval, accuracy, citation and refusal metrics."""
    from rag.claims import is_claims_file, run_claims
    from rag.evaluate import format_report, run_eval

    assistant = _assistant(corpus, None, model, k, assignments, **{"runtime.show_progress": False})
    progress = None if as_json else _err
    if is_claims_file(questions):
        report = run_claims(assistant, questions, progress=progress, index_root=index)
        text = "\n".join(f"{k:<20} {v}" for k, v in report["summary"].items())
    else:
        report = run_eval(assistant, questions, progress=progress, index_root=index)
        text = format_report(report)
    typer.echo(json.dumps(report, ensure_ascii=False, indent=1) if as_json else text)


@app.command(name="settings")
def show_settings(
    assignments: SetOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the settings as JSON", **FLAG)] = False,
) -> None:
    """Print every setting in effect (environment and --set applied), with its reason."""
    rows = list(_settings(assignments).items())
    if as_json:
        typer.echo(json.dumps({path: _plain(value) for path, value, _ in rows}, indent=1))
        return
    width = max(len(path) for path, _, _ in rows)
    value_width = min(24, max(len(str(_plain(value))) for _, value, _ in rows))
    for path, value, why in rows:
        typer.echo(f"{path:<{width}}  {_plain(value)!s:<{value_width}}  {why}")


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Path) else value


def _click_exceptions():
    """typer vendors its own click from 0.2x on; older ones use click's."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - older typer
        from click import exceptions
    return exceptions


def main() -> None:
    click = _click_exceptions()
    try:
        # Not standalone: usage errors come here (one line, not a box); an exit code comes back.
        code = app(standalone_mode=False)
    except click.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help() if exc.ctx else "")
        sys.exit(0)
    except click.UsageError as exc:
        # A usage mistake gets one line too, like every other error rag reports.
        where = f"; see `{exc.ctx.command_path} --help`" if exc.ctx else ""
        _err(f"error: {exc.format_message().rstrip('.')}{where}")
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        _err("interrupted")
        sys.exit(130)
    except RagError as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
