"""General English word knowledge the verifier needs and no model here gives reliably.

MiniLM puts antonyms close ("approved"/"rejected" 0.61, "open"/"close" 0.60) and misses
irregular forms ("rose"/"increased" 0.29), so two small closed lists are kept by hand (and
the lexicon's irregular verb forms): directions of change (up vs down) and opposites. They
are English-language facts, not tuned to any question. The relevance checks read them too: a
why question's premise said the opposite way (`contradicts`).
"""

from __future__ import annotations

import re

from rag.text.lexicon import LEMMA, content_words, stem
from rag.text.lexicon import words as plain_words


def normal(word: str) -> str:
    """A word's comparable form: irregular verbs to their base, then the lexicon's stem."""
    word = word.lower().replace("’", "'")
    return stem(LEMMA.get(word, word))


_UP = "rise increase up climb jump grow gain higher high surge soar rally boost raise more add extend expand"
_DOWN = "fall decrease down drop decline slip lower low cut shed slump sink plunge reduce less shrink lose"


def _forms(word: str) -> set[str]:
    """The comparable forms of a word and its regular inflections (rise, rises, rising, risen...)."""
    stemless = word[:-1] if word.endswith("e") else word
    inflected = {word, word + "s", word + "es", word + "d", word + "ed", stemless + "ing", stemless + "ed"}
    inflected |= {form for form, base in LEMMA.items() if base == word}
    return {normal(w) for w in inflected}


# The direction a word of change points: +1 up, -1 down.
DIRECTION = {f: d for d, words in ((1, _UP), (-1, _DOWN)) for w in words.split() for f in _forms(w)}

_OPPOSITES = (
    "win:lose,lost,defeat approve:reject,refuse,block open:close,shut for:against accept:reject,decline "
    "buy:sell hire:fire,sack,sacked join:leave,quit first:last before:after start:end,finish include:exclude "
    "allow:ban,forbid,prohibit support:oppose guilty:innocent,cleared,acquit,acquitted agree:disagree,refuse "
    "highest:lowest biggest:smallest largest:smallest best:worst most:least profit:loss success:failure "
    "positive:negative public:private domestic:foreign internal:external men:women male:female boys:girls "
    "home:away north:south east:west confirm:deny,denied"
)
OPPOSITE: dict[str, set[str]] = {}
for _entry in _OPPOSITES.split():
    _word, _others = _entry.split(":")
    for _other in _others.split(","):
        for _a in _forms(_word):
            OPPOSITE.setdefault(_a, set()).update(_forms(_other))
        for _b in _forms(_other):
            OPPOSITE.setdefault(_b, set()).update(_forms(_word))

NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot n't".split())


def opposed(a: str, b: str) -> bool:
    """Do two words say opposite things ("won"/"lost", "rose"/"fell", "for"/"against")?"""
    a, b = normal(a), normal(b)
    if b in OPPOSITE.get(a, ()):
        return True
    return DIRECTION.get(a, 0) * DIRECTION.get(b, 0) < 0


def same_direction(a: str, b: str) -> bool:
    """Two words of change that point the same way ("rose", "up", "climbed")."""
    return DIRECTION.get(normal(a), 0) * DIRECTION.get(normal(b), 0) > 0


def contradicts(premise: str, text: str) -> bool:
    """Does `text` say the opposite of a word `premise` (what a why question takes as given)
    states, without that word? "Why did Chelsea lose at Fulham?" is not answered by "Chelsea's
    win at Fulham"; "Why did Health Canada reject Sativex?" by "... has been approved". A
    premise with a negation ("Why did X not win?") may agree with the opposite, so it is left
    alone."""
    if NEGATIONS & set(plain_words(premise)) or "n't" in premise.replace("’", "'"):
        return False
    # Its words as typed, names (capitalised: "Stuart Rose" is no rise) left out.
    asked = [w.lower() for w in _TYPED.findall(premise) if w[0].islower() and content_words(w)]
    said = plain_words(text)
    if not asked:
        return False
    held = {normal(w) for w in said}
    said = [w for w in said if normal(w) not in _LOOSE]
    return any(normal(a) not in held | _LOOSE and any(opposed(a, w) for w in said) for a in asked)


_TYPED = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Opposites too loose to contradict an event: "wanted more evidence" says nothing against "Why
# did the shares fall?", nor "first" against a last, "home" against an away.
_LOOSE = frozenset(
    normal(w)
    for w in "more less most least up down high low higher lower add for against before after first last home "
    "away north south east west men women male female boys girls public private domestic foreign internal "
    "external".split()
)
