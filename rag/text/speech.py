"""Words of speech: the verbs that report what someone said or thinks, kept in one place.

Four modules read them, each for its own question, so each takes its own selection; the
selections are named here with their reasons so that a verb added for one reader is seen
by the others:
- SAYING (rag.answer.stance): a claim holding one says someone said it, so it is no bare
  statement of fact;
- SPEECH (rag.answer.ranking): a sentence of someone speaking, for "what did X say"
  questions; wider, with stems of verbs of judging ("criticised", "welcomed", "hails");
- REPORTS (rag.answer.subjects): a sentence reporting a figure someone gave, so the figure is
  not the speaker's own; a narrower list, with "estimated";
- REPORTING_CLAUSE (rag.answer.structure): "..., Pang confirmed." set aside before word order
  is compared, with "reported";
- VIEWS (rag.answer.stance): verbs that make what follows a view rather than a reported fact.
English news prose only. Each selection is what its reader was measured with; widening one
changes that reader's answers and needs measuring again.
"""

from __future__ import annotations

from rag.text.segment import QUOTE_MARK

# Verbs (and two phrases) that report speech, as a reader of news meets them.
_SAID = (
    "said says say told tells added adds warned claimed claims insisted admitted argued stressed noted "
    "explained believes believe thinks think described called urged highlighted revealed announced suggested "
    "predicted denied confirmed wrote writes"
).split()
_PHRASES = ("according to", "pointed out")
QUOTE_MARKS = QUOTE_MARK.pattern


# A claim holding one of these says someone said it (rag.answer.stance).
SAYING = rf"{QUOTE_MARKS}|\b(?:{'|'.join((*_SAID, *_PHRASES))})\b"

# Speech for the ranker: the above with the verbs of judging and expecting, as stems.
_JUDGING_STEMS = (
    "advis criticis criticiz reject dismiss prais welcom condemn blam accus defend promis pledg vow hail "
    "caution conced acknowledg reiterat emphasi[sz] complain recommend replie respond comment tribute"
).split()
SPEECH = (
    rf"{QUOTE_MARKS}|\b(?:{'|'.join((*_SAID, *_PHRASES))}"
    rf"|(?:{'|'.join(_JUDGING_STEMS)}|agreed|expects?\b|hopes?\b|feels?\b|felt\b)\w*)\b"
)

# A sentence giving a figure someone reported (rag.answer.subjects).
REPORTS = r"\b(?:said|says|told|tells|added|according to|claimed|warned|estimated)\b"

# A reporting clause's verb, set aside before word order is compared (rag.answer.structure).
REPORTING_CLAUSE = (
    r"(?:said|says|confirmed|added|told|warned|noted|explained|stressed|insisted|admitted|claimed|reported)"
)

# Verbs that make what follows someone's view, not a reported fact: "Pang argued that a single
# transfer would be costly". "Said", "confirmed" and "announced" report facts as often as
# views (a firm saying its profits rose), and a view in quote marks is read by its marks.
VIEWS = (
    r"(?:claimed|claims|argued|argues|believes|believed|thinks|alleged|alleges|insisted|insists|suggested"
    r"|suggests|predicted|predicts|warned|warns|feared|fears)"
)
