"""Evidence stage: the retrieved passages as one set of citable sentences, built once.

Each `Evidence` is one sentence of a retrieved passage, located in its article (exact
character span), with its content words and those of its whole passage (header included),
each with the initials of the names they hold ("gm" for "General Motors":
rag.text.forms.acronyms).
Sentences that read like instructions to the model are left out: they are never evidence.
The set is handed to prompt selection, verification and the extractive fallback alike.
Sentences are the index's own (a sentence shared by two overlapping passages is listed
once), with the vectors the index stored for them: question-to-sentence similarity costs a
dot product. Passages from elsewhere (tests) are segmented here and encoded on first need.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rag.answer.meaning import refers_back
from rag.answer.query import Query
from rag.data import Citation, Passage
from rag.index.reader import IndexReader
from rag.models.embedder import Embedder, WordSimilarity
from rag.text.amounts import figures
from rag.text.forms import with_acronyms
from rag.text.guard import instruction_like
from rag.text.roles import referred, roles
from rag.text.segment import sentence_spans

# A sentence ends in one of these, perhaps inside a closing quote or bracket (`"Yes."`): a line
# that ends in a quote mark after a word ("US state acts to stop 'spammers'") is a headline.
_CLOSERS = (".", "!", "?")
_TRAILERS = "\"”’')"


@dataclass(frozen=True)
class Evidence:
    """One sentence of a retrieved passage, located in its article."""

    passage: Passage
    start: int
    end: int
    text: str
    words: frozenset[str]
    passage_words: frozenset[str] = frozenset()
    header_words: frozenset[str] = frozenset()  # its passage header's, read for every sentence it heads
    row: int = -1  # the sentence's row in the index, -1 when not from one
    copies: tuple[str, ...] = ()  # other files holding the same article

    @property
    def key(self) -> tuple[str, int]:
        return self.passage.chunk.article_id, self.start

    def citation(self, n: int, support: float) -> Citation:
        c = self.passage.chunk
        return Citation(n, c.article_id, c.date, self.start, self.end, self.text, support, c.title, c.url, self.copies)


def _held(text: str) -> frozenset[str]:
    """What a sentence's context or its article's lead holds for it (`around`, `topic`): the
    content words, the initials of its names, and its figures ("The game has sold ..." is
    about "Halo 2" when the headline says so)."""
    return with_acronyms(text) | figures(text)


class EvidenceSet:
    def __init__(
        self,
        passages: list[Passage],
        embedder: Embedder,
        index: IndexReader | None = None,
        chain: int = 3,
    ) -> None:
        self.passages = passages
        self.chain = chain
        self.embedder = embedder
        # Single-word vectors, read by every stage that compares words ("kids" ~ "children"):
        # the index's stored ones first (rag.index.words), each word encoded once per process.
        self.similar = WordSimilarity(embedder, index.word_vectors if index is not None else None)
        self.index = index
        self.sentences: list[Evidence] = []
        self._vectors: dict[int, np.ndarray] = {}
        self._around: dict[int, frozenset[str]] = {}
        self._own: dict[int, frozenset[str] | None] = {}
        # article -> its lead's content words and the roles it introduces names with
        self._leads: dict[str, tuple[frozenset[str], dict[str, frozenset[str]]]] = {}
        seen: set[tuple[str, int]] = set()
        stored: list[tuple[int, int]] = []  # evidence number, sentence row: vectors the index holds
        for p in passages:
            c = p.chunk
            in_passage, in_header = with_acronyms(c.indexed_text), with_acronyms(c.header)
            if index is not None and p.row >= 0:
                spans = [(start, end, r) for r, start, end in index.sentences_in(p.row)]
            else:
                spans = [(c.start + a, c.start + b, -1) for a, b in sentence_spans(c.text)]
            for start, end, row in spans:
                text = c.text[start - c.start : end - c.start]
                if (c.article_id, start) in seen or instruction_like(text):
                    continue
                seen.add((c.article_id, start))
                words = with_acronyms(text)
                if row >= 0 and index is not None:
                    stored.append((len(self.sentences), row))
                copies = index.copies(c.article_id) if index is not None else ()
                self.sentences.append(Evidence(p, start, end, text, words, in_passage, in_header, row, copies))
        if stored and index is not None:
            vectors = index.sentence_vectors([row for _, row in stored])
            for (i, _), v in zip(stored, vectors, strict=True):
                self._vectors[i] = v

    def __len__(self) -> int:
        return len(self.sentences)

    def __bool__(self) -> bool:
        return bool(self.sentences)

    def vectors(self, rows: list[int]) -> np.ndarray:
        """Embeddings of the sentences at `rows`, encoding only those not yet encoded."""
        missing = [i for i in rows if i not in self._vectors]
        if missing:
            encoded = self.embedder.encode([self.sentences[i].text for i in missing])
            for i, v in zip(missing, encoded, strict=True):
                self._vectors[i] = v
        if not rows:
            return np.zeros((0, self.embedder.dim), np.float32)
        return np.stack([self._vectors[i] for i in rows])

    def all_vectors(self) -> np.ndarray:
        return self.vectors(list(range(len(self.sentences))))

    def cosines(self, query: Query) -> np.ndarray:
        """Each sentence's cosine to the question (a dot product with the stored vectors)."""
        vector = query.vector if query.vector is not None else self.embedder.encode([query.text])[0]
        return self.all_vectors() @ vector

    def before(self, i: int) -> str:
        """The sentence before sentence i in its article ("" for the first, or if unknown)."""
        e = self.sentences[i]
        if self.index is not None and e.row > 0:
            if self.position(i) > 0:
                return self.index.sentence_text(e.row - 1)
            return ""
        spans = sentence_spans(e.passage.chunk.text)
        local = [a + e.passage.chunk.start for a, _ in spans]
        at = local.index(e.start) if e.start in local else 0
        return e.passage.chunk.text[spans[at - 1][0] : spans[at - 1][1]] if at > 0 else ""

    def context(self, i: int) -> str:
        """What sentence i may refer back to: the sentence before it (two when that one also
        refers back, "He added ..."), and the article's headline or lead."""
        before = self.before(i)
        parts = [before]
        e = self.sentences[i]
        if before and refers_back(before) and self.index is not None and e.row > 1 and self.position(i) > 1:
            parts.append(self.index.sentence_text(e.row - 2))
        return " ".join([*parts, self._headline(i), e.passage.chunk.header])

    def _headline(self, i: int) -> str:
        """The first sentence (headline) of sentence i's article, "" if unknown."""
        e = self.sentences[i]
        if self.index is None or e.row < 0:
            return ""
        return self.index.sentence_text(self.index.first_sentence(e.passage.chunk.article_id))

    def around(self, i: int) -> frozenset[str]:
        """The content words of sentence i and of what it may stand for, for relevance (not for
        verification, which reads `context`): its context, the sentences before it as far back as
        a chain of "He said ..." and quotes reaches (`chain` of them at most), for an article's
        lead sentence the one after it, which names what a lead only describes ("A British
        terror suspect held ..." -> "Martin Mubanga claimed ..."), and the name a "the mayor"
        stands for by the role the lead gave it (`roles`)."""
        if i not in self._around:
            parts = [self.context(i), *self._chain(i), self._lead_next(i)]
            e = self.sentences[i]
            self._around[i] = e.words | _held(" ".join(parts)) | referred(e.text, self.roles(i))
        return self._around[i]

    def own(self, i: int) -> frozenset[str] | None:
        """For a sentence that names its own subject (it does not open with "He", "The film" or a
        quote: `refers_back`), its content words with its article's headline and its passage's
        header, not the sentences before it: "The Aviator came third with ... a total of $42.9m"
        is not about White Noise, which the sentence before names. None for one that refers back."""
        if i in self._own:
            return self._own[i]
        e = self.sentences[i]
        own = None
        if not refers_back(e.text):
            own = e.words | _held(f"{e.passage.chunk.header} {self._headline(i)}") | referred(e.text, self.roles(i))
        self._own[i] = own
        return own

    def referred_back(self, i: int) -> str:
        """The sentence before sentence i when i refers back to it ("He argued ..." after "Tucker
        voted for a rise"), "" for one that names its own subject. Only the one: further back
        along a chain of "The bureau ..." and quotes the story has often moved on."""
        return self.before(i) if refers_back(self.sentences[i].text) else ""

    def chain_text(self, i: int) -> str:
        """The sentences before sentence i along a chain of "He said ..." and quotes (`_chain`)."""
        return " ".join(self._chain(i))

    def _chain(self, i: int) -> list[str]:
        """The sentences before sentence i, back along a chain of sentences that each refer
        back to the one before ("He said: ..." after "He added ..."), `chain` at most."""
        e, out = self.sentences[i], []
        if self.index is None or e.row < 0:
            return out
        first = e.row - self.position(i)
        row, text = e.row - 1, self.before(i)
        while text and refers_back(text) and len(out) < self.chain and row - 1 >= first:
            row -= 1
            text = self.index.sentence_text(row)
            out.append(text)
        return out

    def topic(self, i: int) -> frozenset[str]:
        """The content words of the lead of sentence i's article (its second sentence, under the
        headline) for a sentence after it: the lead names what later sentences call "the
        trophy" or "the original book". For the question's names only, never for the speaker:
        a lead naming someone does not make every later sentence theirs."""
        lead = self._lead(i)
        return lead[0] if lead else frozenset()

    def roles(self, i: int) -> dict[str, frozenset[str]]:
        """For a sentence after its article's lead, the roles the lead introduces names with
        (rag.text.roles): "London mayor Ken Livingstone" makes a later "the mayor" him."""
        lead = self._lead(i)
        return lead[1] if lead else {}

    def _lead(self, i: int) -> tuple[frozenset[str], dict[str, frozenset[str]]] | None:
        """What `topic` and `roles` read of the lead of sentence i's article, read once per
        article; None for the headline, the lead itself, or a passage from elsewhere."""
        e = self.sentences[i]
        if self.index is None or e.row < 0 or self.position(i) < 2:
            return None
        article = e.passage.chunk.article_id
        if article not in self._leads:
            lead = self.index.sentence_text(self.index.first_sentence(article) + 1)
            self._leads[article] = (_held(lead), roles(lead))
        return self._leads[article]

    def _lead_next(self, i: int) -> str:
        e = self.sentences[i]
        if self.index is None or e.row < 0 or self.position(i) > 1 or e.passage.row < 0:
            return ""
        # The next sentence of the same passage: never another article's.
        if e.row + 1 not in {r for r, _, _ in self.index.sentences_in(e.passage.row)}:
            return ""
        return self.index.sentence_text(e.row + 1)

    def is_headline(self, i: int) -> bool:
        """Is sentence i its article's headline: the title it was given, or a first line without
        a sentence's closing mark ("Soderling wins tense Milan final")? A headline sums up
        what the lead then says in full; it is context, never the quote that answers."""
        e = self.sentences[i]
        if e.passage.chunk.title and e.text.strip() == e.passage.chunk.title.strip():
            return True
        return self.position(i) == 0 and not e.text.rstrip().rstrip(_TRAILERS).endswith(_CLOSERS)

    def following(self, i: int) -> int | None:
        """The evidence number of the sentence right after sentence i in its article, if the
        set holds it (the next row of the index, or the next sentence of the same passage)."""
        e = self.sentences[i]
        after = [
            (o.start, j)
            for j, o in enumerate(self.sentences)
            if o.passage.chunk.article_id == e.passage.chunk.article_id and o.start >= e.end
        ]
        if not after:
            return None
        j = min(after)[1]
        o = self.sentences[j]
        adjacent = o.row == e.row + 1 if e.row >= 0 and o.row >= 0 else o.passage is e.passage
        return j if adjacent else None

    def preceding(self, i: int) -> int | None:
        """The evidence number of the sentence right before sentence i in its article, if the
        set holds it (`following`, the other way)."""
        return next((j for j in range(len(self.sentences)) if self.following(j) == i), None)

    def position(self, i: int) -> int:
        """The sentence's number in its article, from 0 (passages from elsewhere: in its passage)."""
        e = self.sentences[i]
        if self.index is not None and e.row >= 0:
            return e.row - self.index.first_sentence(e.passage.chunk.article_id)
        spans = sentence_spans(e.passage.chunk.text)
        starts = [a + e.passage.chunk.start for a, _ in spans]
        return starts.index(e.start) if e.start in starts else 0
