"""Project errors: every failure a user can fix is a RagError with a one-line, actionable message.

The CLI catches RagError only (exit 1, message on stderr); anything else is a bug and keeps
its traceback.
"""

from __future__ import annotations


class RagError(Exception):
    """Base class: the message says what went wrong and what to do about it."""


class CorpusError(RagError):
    """The article folder or one of its files cannot be used."""


class StoreError(RagError):
    """The on-disk index is missing, corrupt, stale or from another version."""


class IndexVersionError(StoreError):
    """The index was written by another index format version: rebuild it."""

    def __init__(self, message: str, found: object = None) -> None:
        super().__init__(message)
        self.found = found


class IndexBusyError(RagError):
    """Another process is building the index right now."""


class ModelError(RagError):
    """A model file is missing, unreadable or not in the expected format."""


class QuestionError(RagError):
    """The question cannot be answered as asked (empty, too long)."""


class PromptError(RagError):
    """A prompt template is missing or uses a variable nobody provides."""


class EvalError(RagError):
    """An evaluation question file is malformed."""


class SettingsError(RagError):
    """A setting named on the command line does not exist or has a value of the wrong type."""
