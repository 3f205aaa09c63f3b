"""Roles: who "the mayor" is, read from how the article's lead introduces them.

News introduces a person or a body once with a role before the name ("London mayor Ken
Livingstone", "UK biotech firm GW Pharmaceuticals", "Orange Prize winner Andrea Levy") and
then calls them by the role alone: "The mayor said his comments would not affect the bid".
`roles` reads the lead's role words, each with the words of the name after it; `referred`
gives the name words that a sentence's "the <role>" stands for. Limits: the role must be
one lower-case word right before the name; a story about two mayors resolves "the mayor" to
the one its lead introduces.

`holds_title` answers "Who is the Royal Mail spokeswoman?": does a sentence give that title to
someone it names ("Wasps coach Warren Gatland", "Ian Fogg, ... analyst at Jupiter Research")?
A title "of" another body than the question's ("chief executive of the Frankfurt-based
exchange") or a post's verb with another body as its object ("Deutsche Boerse runs the
Frankfurt exchange") is not the one asked. Limits: word order, commas and "is" stand in for
syntax; a body named only as "the carmaker" is another body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rag.text.amounts import has_time
from rag.text.lexicon import STOPWORDS, content_words, names

_ROLE_BEFORE = re.compile(r"\b([a-z][a-z-]{2,})\s+$")
# "the mayor", "The firm's" -- not "the mayor Ken Livingstone", which names its own holder.
_THE_ROLE = re.compile(r"\b[Tt]he\s+([a-z][a-z-]{2,})\b(?!\s+[A-Z])")


def roles(lead: str) -> dict[str, frozenset[str]]:
    """Each role word of `lead` (stemmed) with the content words of the name it introduces."""
    out: dict[str, frozenset[str]] = {}
    for name in names(lead):
        m = _ROLE_BEFORE.search(lead, 0, name.start)
        words = frozenset(content_words(name.text))
        if m and m.group(1) not in STOPWORDS and words:
            for role in content_words(m.group(1)):
                out.setdefault(role, words)
    return out


def referred(text: str, found: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The name words `text`'s "the <role>" stands for, by the roles `found` in its lead."""
    if not found:
        return frozenset()
    out: set[str] = set()
    for m in _THE_ROLE.finditer(text):
        for role in content_words(m.group(1)):
            out |= found.get(role, frozenset())
    return frozenset(out)


# Titles a person holds, as the head of a "Who is the ...?" question's phrase (rag.answer.wording
# reads it); the verifier's title words are these and the words that only qualify one ("former",
# "deputy") or that a result gives ("winner", "favourite": "Levy won" answers "Who was the winner?").
TITLES = frozenset(
    "chief executive ceo chairman chairwoman chair president director founder co-founder head boss manager "
    "coach captain secretary minister chancellor leader spokesman spokeswoman spokesperson editor analyst "
    "economist professor researcher engineer scientist judge lawyer striker defender winger midfielder goalkeeper "
    "full-back fly-half singer actor actress screenwriter writer producer host presenter comedian mayor governor "
    "senator officer treasurer owner agent".split()
)
# A title and a name at most this many words apart with a comma or "is" between them: "Ian Fogg,
# broadband and personal technology analyst at Jupiter Research" is Fogg's title.
_HOLDER_WINDOW = 6
_TOKEN = re.compile(r"[\w’'&.-]+")
_PLACE_OR_BODY = re.compile(r"\b(?:of|at|for|in|from|to)\s+(?:the\s+)?$", re.I)
# The doer nouns' verbs: "Ray, directed by Taylor Hackford" names Ray's director.
_DOER = re.compile(r"(?:er|or|man|woman)$")


def holds_title(text: str, title: str, known: frozenset[str], same: frozenset[str] = frozenset()) -> bool:
    """Does `text` give `title` (a stemmed TITLES word, or one of `same`, words that stand for
    it) to someone it names with a word not in `known` (the question's words)? "Wasps coach
    Warren Gatland", "Paul Goosens, head of Preventon", "Prime Minister Ephraim Inoni" do; "A
    spokeswoman for Royal Mail said" names no one (Royal Mail is where she works), and "Royal
    Mail spokeswoman" is the firm's, and "the Tories believe the prime minister" gives the
    title to no one. Limits: words and commas between stand in for syntax."""
    root = _DOER.sub("", title) if len(title) >= len("owner") else title  # "owns", "directed"
    tokens = list(_TOKEN.finditer(text))
    at = [
        k
        for k, t in enumerate(tokens)
        # A short title is read whole: "star" is not "start", "head" not "headline".
        if (w := content_words(t.group(0)))
        and (w[0] in same or w[0] == title or (len(title) >= len("owner") and w[0].startswith(root)))
        and not _of_another_body(tokens, k, known - {title})
    ]
    if not at:
        return False
    titles = [tokens[k] for k in at]
    for run in names(text, initial=True):
        end = run.start + len(run.text)
        own = set(content_words(run.text))
        holder = own - known - STOPWORDS - {title} - same
        owner = re.match(r"['’]", text[end : end + 1]) or run.text[-1] in "'’"  # "the Tories' offer"
        if _titled_body(text, run.start, content_words(run.text), known, titles):
            return True
        # A weekday or a month is capitalised but holds nothing ("the manager on Friday").
        if not holder or owner or has_time(run.text) or _PLACE_OR_BODY.search(text[: run.start]):
            continue
        inside = [k for k, t in enumerate(tokens) if run.start <= t.start() < end]
        if not inside:
            continue
        # A name right before the title owns it ("Royal Mail spokeswoman"), unless it holds a
        # title of its own first ("Prime Minister Ephraim Inoni").
        after = inside[-1] + 1
        if after in at and not set(inside) & set(at) and not text[end : tokens[after].start()].strip():
            continue
        for a in at:
            if inside[0] <= a <= inside[-1]:
                return True
            before = a < inside[0]
            gap = text[tokens[a].end() : run.start] if before else text[end : tokens[a].start()]
            if _apposed(gap, before):
                return True
    return False


# A post's verb takes the body as its object: "Deutsche Boerse runs the Frankfurt exchange" says
# who runs that exchange, not who runs Euronext. (A film's "stars" takes its holder instead.)
_POST_VERB = re.compile(
    r"(?:runs|ran|running|leads|led|leading|heads|headed|heading|chairs|chaired|chairing|manages|managed|managing"
    r"|coaches|coached|coaching|captains|captained|captaining)$",
    re.I,
)
_OBJECT_WINDOW = 4
_OF = frozenset("of at for".split())


def _of_another_body(tokens: list[re.Match[str]], k: int, known: frozenset[str]) -> bool:
    """Is token k a post's verb, or a title followed by "of/at/for" (through a title of more
    words), whose next few words hold none of the question's words? "Werner Seifert, chief
    executive of the Frankfurt-based exchange" heads that exchange."""
    if not known:  # "Who is the analyst?" names no body
        return False
    if _POST_VERB.match(tokens[k].group(0)):
        after = {w for t in tokens[k + 1 : k + 1 + _OBJECT_WINDOW] for w in content_words(t.group(0))}
        return not after & known
    j = k + 1
    while j < len(tokens) and j <= k + 2 and tokens[j].group(0).lower() not in _OF and tokens[j].group(0).islower():
        j += 1
    if j >= len(tokens) or tokens[j].group(0).lower() not in _OF:
        return False
    # The body is the phrase after "of", to the next comma or full stop: "head of third party
    # services at Vodafone".
    phrase = re.split(r"[,;:.!?]\s", tokens[j].string[tokens[j].end() :] + " ", maxsplit=1)[0]
    return not set(content_words(phrase)) & known


# "Chairman of the Environmental Audit Committee Peter Ainsworth MP": a title, "of", the body the
# question names and its holder's name run together as one capitalised run.
_OF_BODY = re.compile(r"\s+of\s+(?:the\s+)?[a-z -]{0,40}")


def _titled_body(text: str, start: int, run: list[str], known: frozenset[str], titles: list[re.Match[str]]) -> bool:
    """Does the name run at `start` open with the question's body (`known` words) and close with
    someone else's name, right after a title and "of the ..."?"""
    if not run or run[0] not in known or run[-1] in known:
        return False
    return any(t.end() < start and _OF_BODY.fullmatch(text, t.end(), start) for t in titles)


# Words that join a name to its title: "is the", "became", "named ... as".
_LINK = re.compile(r"\s*(?:is|was|has been|had been|will be|became|becomes|as)\b", re.I)
_OF_THEN_COMMA = re.compile(r"\s+(?:of|at|for)\s+[^,.;]{1,40},\s*", re.I)
_COMMA_THEN = re.compile(r"\s*,(?![^,]*\b(?:who|which|said|says|told)\b)")


def _apposed(gap: str, title_first: bool) -> bool:
    """Is `gap` (the text between a name and a title) what sets a title beside a name: a word or
    two ("Wasps coach Warren Gatland", "directed by Taylor Hackford"), a comma next to the name
    ("Ian Fogg, broadband and personal technology analyst", "head of design, Kenji Sato"), a
    linking verb ("Inoni is the prime minister"); not a clause ("the Tories believe the prime
    minister")?"""
    n = len(_TOKEN.findall(gap))
    if n <= 2:
        return True
    if title_first:  # "head of design, Kenji Sato"
        return n <= _HOLDER_WINDOW and bool(_OF_THEN_COMMA.fullmatch(gap))
    # "Smith was sacked by the manager": a passive's doer holds the title, not its subject.
    linked = bool(_LINK.match(gap)) and not re.search(r"\bby\b", gap)
    return n <= _HOLDER_WINDOW and (bool(_COMMA_THEN.match(gap)) or linked)
