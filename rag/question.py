"""Question analysis used to judge whether a sentence answers the question, not just its topic.

- Expected answer type: "when/what year/what date" wants a time expression, "how many/how
  much/what percentage" wants a number. A sentence without one does not answer the question,
  however well it is supported.
- Focus terms: the words after "about" in "what did X say about Y" must appear in the
  answer sentence or its evidence; Pang's remarks on transfers are no answer about Nokia.
- Speaker: X in "what did X say" must appear in the passage the sentence comes from; a
  sentence naming the speaker may leave the focus to its passage ("Ross said the move ...").
- Names: every name in the question (a run of capitalised words past the first: "Vincent
  Pang", "ZTE") must have a word in the passage the sentence comes from (its header
  included): Ericsson's chief executive is no answer to "who is the chief executive of ZTE?".
- Measure: a question about a financial or statistical measure ("profit", "revenue") needs
  that measure in the sentence or its evidence; reports put several side by side, and "net
  sales of 54.8 billion" is no answer to "what was the profit?".
Rule-based and English-only; a question with neither cue passes every check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text import content_words

_WHEN = re.compile(r"^\s*(when\b|until when\b|since when\b|what (year|date|day|month)\b|in which (year|month)\b)", re.I)
# Only at the start: "Could Pang say how many firms ..." asks whether, not how many.
_HOW_MANY = re.compile(r"^\s*(how (many|much)|what (percentage|share|number|amount))\b", re.I)
_ABOUT = re.compile(r"\babout\s+(.+?)\s*[?.!]*$", re.I)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_TIME = re.compile(
    rf"\b({_MONTHS}|(19|20)\d\d|yesterday|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|ago|last (week|month|year)|next (week|month|year)|earlier this|later this|since|until)\b",
    re.I,
)
# "5G" is a name, not an amount; "one" is too often "one-time" or "one of" to count.
_NUMBER = re.compile(
    r"\d+(?:[.,]\d+)*(?![A-Za-z\d])|\b(two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand"
    r"|million|billion|trillion)\b",
    re.I,
)


_SPEAKER = re.compile(
    r"\bwhat (?:did|does|do|has|have|had) (.+?) (?:say|said|tell|told|think|claim|announce|stress|add)\b", re.I
)


_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*)*")
# Measures that news reports give side by side, so one is easily passed off as another.
_MEASURES = frozenset(
    content_words(
        "profit profits revenue revenues sales income earnings loss losses margin turnover dividend debt "
        "price valuation population salary budget"
    )
)


@dataclass(frozen=True)
class QuestionNeeds:
    answer_type: str | None  # "time", "number" or None
    focus: frozenset[str]
    speaker: frozenset[str] = frozenset()
    measure: frozenset[str] = frozenset()
    names: tuple[frozenset[str], ...] = ()

    def satisfied_by(self, text: str, words: set[str], passage_words: set[str]) -> bool:
        """Does a sentence meet the question's needs?

        `text` is the sentence shown (it must itself carry the time or number asked for),
        `words` its content words with its evidence sentence's (the focus must be there), and
        `passage_words` those of its whole passage (the speaker must be there: "He added ..."
        in a passage about Pang is Pang speaking).
        """
        if self.answer_type == "time" and not _TIME.search(text):
            return False
        if self.answer_type == "number" and not _NUMBER.search(text):
            return False
        if self.speaker and not self.speaker & passage_words:
            return False
        if not self.measure <= words or not all(name & passage_words for name in self.names):
            return False
        if not self.focus or self.focus & words:
            return True
        # The speaker's own sentence may say "the move" for the focus its passage names.
        return bool(self.speaker & words and self.focus & passage_words)


def analyse(question: str) -> QuestionNeeds:
    answer_type = "time" if _WHEN.search(question) else "number" if _HOW_MANY.search(question) else None
    m = _ABOUT.search(question)
    focus = frozenset(content_words(m.group(1))) if m else frozenset()
    sp = _SPEAKER.search(question)
    speaker = frozenset(content_words(sp.group(1))) if sp else frozenset()
    measure = frozenset(content_words(question)) & _MEASURES
    names = tuple(frozenset(ws) for m in _NAME.finditer(question) if (ws := content_words(m.group(0))))
    return QuestionNeeds(answer_type, focus, speaker, measure, names)
