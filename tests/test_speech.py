"""The speech vocabulary's selections agree where their readers must agree."""

import re

from rag.text import speech

_WORDS = (
    "said says say told tells added adds warned claimed claims insisted admitted argued stressed noted explained "
    "believes thinks described called urged highlighted revealed announced suggested predicted denied confirmed "
    "wrote writes estimated reported alleged feared"
).split()


def test_what_a_claim_counts_as_saying_the_ranker_counts_as_speech():
    saying = {w for w in _WORDS if re.search(speech.SAYING, f"Kim {w} so", re.I)}
    spoken = {w for w in _WORDS if re.search(speech.SPEECH, f"Kim {w} so", re.I)}
    assert saying <= spoken
    assert {"said", "argued", "confirmed", "wrote"} <= saying
    # Read by their own modules only, as measured there: a figure "estimated" by someone, a
    # clause "..., police reported." The ranker's speaker feature was fitted without them.
    assert {"estimated", "reported"}.isdisjoint(spoken)
    assert re.search(speech.REPORTS, "Analysts estimated 5m sales")
    assert re.search(speech.REPORTING_CLAUSE, "police reported")
    assert {"said", "says", "say", "according to"}.isdisjoint(
        {w for w in _WORDS if re.search(rf"\b{speech.VIEWS}\b", f"Kim {w} so", re.I)}
    )
    assert re.search(speech.SAYING, "“Fair,” she smiled.") and re.search(speech.SAYING, "Kim, according to aides")
