"""`rag chat`: a read-answer loop over one Assistant, with models loaded once.

Line editing and history come from readline when stdin is a terminal (history in
~/.rag_history, or RAG_HISTORY). Ctrl-C stops the answer being generated and keeps the session; Ctrl-D or
/quit leaves. Piped input (no terminal) works the same, without prompts, for scripts and
tests. Follow-up questions see the previous answers, so "he" and "it" resolve.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path
from typing import TextIO

from rag.assistant import Assistant
from rag.data import Answer
from rag.errors import RagError
from rag.shell.render import Wrapper, passages, sources

HELP = """Commands:
  /sources   show the passages retrieved for the last answer, with scores
  /help      show this help
  /quit      leave (Ctrl-D works too)
Anything else is a question. Ctrl-C stops the current answer."""

# Source quotes wrap at the terminal's edge, and at most here (long lines read badly).
SOURCES_WIDTH = 100
HISTORY = Path(os.environ.get("RAG_HISTORY") or Path.home() / ".rag_history")


def _setup_readline() -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        return
    with contextlib.suppress(OSError):
        readline.read_history_file(HISTORY)
    readline.set_history_length(1000)
    import atexit

    atexit.register(lambda: _save_history(readline))


def _save_history(readline) -> None:
    with contextlib.suppress(OSError):
        readline.write_history_file(HISTORY)


def run_repl(assistant: Assistant, stdin: TextIO | None = None, out: TextIO | None = None) -> None:
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    interactive = stdin.isatty()
    if interactive:
        _setup_readline()
        out.write("rag chat — ask about your articles; /help for commands, Ctrl-D to leave.\n")
    assistant.index()  # build or load before the first question, not during it
    history: list[Answer] = []
    while True:
        try:
            line = input("» ") if interactive else stdin.readline()
        except EOFError:
            if interactive:
                out.write("\n")  # leave the shell's prompt on a line of its own
            break
        except KeyboardInterrupt:
            out.write("\n")
            continue
        if not interactive and line == "":
            break
        line = line.strip()
        if not line:
            continue
        if line in ("/quit", "/exit", "/q"):
            break
        if line == "/help":
            out.write(HELP + "\n")
            continue
        if line == "/sources":
            width = min(shutil.get_terminal_size().columns - 1, SOURCES_WIDTH)
            out.write((passages(history[-1], width) if history else "No answer yet.") + "\n")
            continue
        if line.startswith("/"):
            out.write(f"unknown command {line}; /help lists the commands\n")
            continue
        if not interactive:
            out.write(f"» {line}\n")
        try:
            answer = None
            # On a terminal, words wrap at its edge instead of breaking there.
            width = shutil.get_terminal_size().columns - 1 if interactive else 0
            writer = Wrapper(out, width)
            for item in assistant.stream(line, history):
                if isinstance(item, Answer):
                    answer = item
                else:
                    writer.write(item)
            writer.close()
            out.write("\n")
            if answer is not None:
                history.append(answer)
                del history[: -max(1, assistant.settings.query.history_turns)]
                out.write(sources(answer, min(width, SOURCES_WIDTH) or SOURCES_WIDTH) + "\n\n")
        except KeyboardInterrupt:
            out.write("\n[stopped]\n")
        except RagError as exc:
            out.write(f"error: {exc}\n")
        out.flush()
