"""Asked words: a sentence must address the question's rare asked words, as written or paraphrased."""

from dataclasses import replace
from pathlib import Path

import numpy as np

from rag.answer.asked import ablate, addresses, asked_terms, without
from rag.answer.query import AskedWord, analyse
from rag.settings import AskedSettings
from tests.conftest import FakeEmbedder, make_assistant, write_corpus


def test_without_drops_every_form_of_the_word():
    assert without("Why did Gordon Brown resign as chancellor?", "resign") == "Why did Gordon Brown as chancellor?"
    assert without("Who resigned, and why did they resign?", "resign") == "Who and why did they"


def test_asked_terms_are_rare_words_no_name_holds_and_some_passage_does():
    query = analyse("Why did Gordon Brown resign as chancellor in the end?")
    rarity = {"resign": 5.2, "chancellor": 4.4, "end": 2.0, "gordon": 6.0, "brown": 5.0}
    idf = lambda w: rarity.get(w, 1.0)  # noqa: E731
    in_passages = lambda w: 0 if w == "chancellor" else 3  # noqa: E731 - a word no article has
    assert asked_terms(query, idf, in_passages, min_idf=4.0) == ["resign"]


class _Evidence:
    """The two things `addresses` reads of an evidence set: words around a sentence, its vector."""

    def __init__(self, words: set[str], vector: np.ndarray) -> None:
        self.words, self.vector = frozenset(words), vector

    def around(self, i: int) -> frozenset[str]:
        return self.words

    def topic(self, i: int) -> frozenset[str]:
        return frozenset()

    def vectors(self, rows: list[int]) -> np.ndarray:
        return self.vector[None, :]


def _query(margin: float = 0.01):
    # The question's vector leans on two directions; without "resign" only the first is left.
    rest, word = np.eye(2, dtype=np.float32)
    query = analyse("Why did Gordon Brown resign?")
    both = (rest + word) / np.linalg.norm(rest + word)
    return replace(query, vector=both, asked_words=(AskedWord("resign", rest, margin),))


def test_a_paraphrase_is_nearer_the_question_with_the_word():
    stood_down = np.array([0.3, 0.95], np.float32)  # says what "resign" asks, in other words
    assert addresses(_query(), _Evidence({"gordon", "brown", "stood"}, stood_down), 0)


def test_a_sentence_saying_nothing_of_the_word_does_not_address_it():
    budget = np.array([1.0, 0.0], np.float32)  # about Brown, nothing of resigning
    assert not addresses(_query(), _Evidence({"gordon", "brown", "budget"}, budget), 0)


def test_the_word_held_as_written_is_addressed_whatever_the_vectors():
    budget = np.array([1.0, 0.0], np.float32)
    assert addresses(_query(), _Evidence({"gordon", "brown", "resign"}, budget), 0)


def test_ablate_encodes_the_question_without_each_asked_word_in_one_batch():
    embedder = FakeEmbedder()
    query = analyse("Why did the minister resign?")
    query = replace(query, vector=embedder.encode([query.text])[0])
    out = ablate(query, embedder, lambda w: 5.0, lambda w: 1, AskedSettings(enabled=True))
    assert [a.term for a in out.asked_words] == ["minister", "resign"]
    assert embedder.calls[-1] == 2
    off = AskedSettings(enabled=False, question_words=())
    assert not ablate(query, embedder, lambda w: 5.0, lambda w: 1, off).asked_words


def test_with_strict_mode_off_why_and_who_questions_still_read_their_asked_words():
    embedder = FakeEmbedder()
    default = AskedSettings()
    assert not default.enabled and set(default.question_words) == {"why", "who"}
    for question, on in (
        ("Why did the minister resign?", True),
        ("Who was arrested?", True),
        ("How many resigned?", False),
    ):
        query = analyse(question)
        query = replace(query, vector=embedder.encode([query.text])[0])
        assert bool(ablate(query, embedder, lambda w: 5.0, lambda w: 1, default).asked_words) == on


ARTICLE = (
    "Salary scandal in Cameroon\n\n"
    "Cameroon says corruption in its finance ministry has cost it 1bn CFA francs a month. "
    "About 500 officials are accused of claiming salaries for workers who do not exist.\n"
)


def test_a_question_whose_asked_word_no_sentence_addresses_is_refused(tmp_path: Path):
    # "sacked" is in the corpus (another story), so it is a word that asks; the corpus is tiny,
    # so every word is rare enough.
    other = "Football news\n\nThe coach was sacked in May after a poor season.\n"
    corpus = write_corpus(tmp_path / "corpus", cameroon=ARTICLE, other=other)
    a = make_assistant(
        corpus, tmp_path / "idx", **{"asked.enabled": True, "asked.min_idf": 0.0, "asked.why_min_idf": 0.0}
    )
    answer = a.ask("Why were the Cameroon officials sacked?")
    assert answer.refused
    assert not a.ask("Why are the Cameroon officials accused?").refused
    # Strict mode off, a why question is still checked (asked.question_words); with no kind
    # checked, the same question is answered with a quote.
    default = make_assistant(corpus, tmp_path / "idx2", **{"asked.min_idf": 0.0, "asked.why_min_idf": 0.0})
    assert default.ask("Why were the Cameroon officials sacked?").refused
    off = make_assistant(corpus, tmp_path / "idx3", **{"asked.why_min_idf": 0.0, "asked.question_words": ()})
    assert not off.ask("Why were the Cameroon officials sacked?").refused


def test_a_why_questions_common_event_word_is_read_a_who_questions_is_not():
    # "close" (idf 3.4) is the event "Why did BMW close ...?" presumes; "built" (3.4) in a who
    # question is as often said another way ("His creator, ...").
    embedder, rarity = FakeEmbedder(), {"clos": 3.4, "build": 3.4, "factory": 4.5, "robot": 4.5}
    idf = lambda w: rarity.get(w, 1.0)  # noqa: E731
    asked = {}
    for text in ("Why did the firm close the factory?", "Who built the robot?"):
        query = analyse(text)
        query = replace(query, vector=embedder.encode([query.text])[0])
        asked[text[:3]] = [a.term for a in ablate(query, embedder, idf, lambda w: 1, AskedSettings()).asked_words]
    assert asked == {"Why": ["clos", "factory"], "Who": ["robot"]}
