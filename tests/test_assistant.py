from pathlib import Path

import pytest

from rag.answer.answerer import REFUSAL
from rag.data import Answer
from rag.errors import QuestionError
from tests.conftest import make_assistant, write_corpus

Q = "What did Vincent Pang say about one-time transfers?"


def test_answer_keeps_supported_sentences_and_drops_inventions(corpus: Path, tmp_path: Path):
    draft = (
        "Vincent Pang confirmed that some firms in the U.S. have expressed interest in either a "
        "long-term agreement or a one-time transfer [1]. Pang said the deal was worth 900 billion "
        "dollars [2]. Bananas grow on the moon [9]."
    )
    a = make_assistant(corpus, tmp_path / "idx", draft)
    ans = a.ask(Q)
    assert not ans.refused and ans.mode == "model"
    assert "900" not in ans.text and "Bananas" not in ans.text
    assert ans.text.startswith("Vincent Pang confirmed") and "[1]" in ans.text
    c = ans.citations[0]
    art = (corpus / "huawei.txt").read_text(encoding="utf-8")
    assert art[c.start : c.end] == c.text and c.text.startswith("Vincent Pang")
    assert c.article == "huawei" and c.date == "2019-10-22"
    # "What did X say about Y" gathers X's other statement on Y, misspelt name and all, quoted.
    assert any(x.text.startswith("Pango also highlighted") for x in ans.citations)
    assert all(art[x.start : x.end] == x.text for x in ans.citations)
    d = ans.to_dict()
    assert set(d) >= {"question", "answer", "refused", "citations", "passages", "timings"}


def test_with_model_words_off_the_answer_is_the_verified_quotes_and_no_model_runs(corpus: Path, tmp_path: Path):
    draft = "Vincent Pang confirmed that some firms in the U.S. have expressed interest [1]."
    a = make_assistant(corpus, tmp_path / "idx", draft, **{"answer.model_words": False})
    ans = a.ask(Q)
    assert ans.mode == "extractive" and ans.text.startswith("The articles say:")
    assert any(c.text.startswith("Vincent Pang, SVP") for c in ans.citations)
    assert not a.generator.messages  # never called


def test_a_draft_sentence_bound_to_fail_is_cut_off_mid_way_with_the_same_answer(corpus: Path, tmp_path: Path):
    draft = "Vincent Pang denied that bananas grow on the moon, in the sea and in many other places [1]."
    answers = {}
    for on in (True, False):
        a = make_assistant(corpus, tmp_path / f"idx{on}", draft, **{"answer.stop_hopeless": on})
        answers[on] = (a.ask(Q), a.generator.served)
    (cut, served_cut), (whole, served_whole) = answers[True], answers[False]
    assert served_cut < served_whole / 2  # stopped at "denied", not at the full stop
    assert cut.text == whole.text and cut.mode == whole.mode == "extractive"


def test_stream_yields_text_then_answer(corpus: Path, tmp_path: Path):
    a = make_assistant(corpus, tmp_path / "idx", "Negotiations had started a few weeks ago [2].")
    items = list(a.stream(Q))
    assert isinstance(items[-1], Answer)
    assert "".join(i for i in items[:-1] if isinstance(i, str)) == items[-1].text


def test_off_topic_question_is_refused_without_the_model(corpus: Path, tmp_path: Path):
    a = make_assistant(corpus, tmp_path / "idx", "Paris is the capital [1].")
    ans = a.ask("What is the boiling point of mercury?")
    assert ans.refused and ans.text == REFUSAL and ans.mode == "refusal"
    assert a.generator.messages == []


def test_unusable_draft_falls_back_to_quoted_evidence(corpus: Path, tmp_path: Path):
    a = make_assistant(corpus, tmp_path / "idx", "I like turtles.")
    ans = a.ask("Which firms expressed interest in a one-time transfer, according to Vincent Pang?")
    assert ans.mode == "extractive" and not ans.refused
    assert ans.citations and "“" in ans.text


def test_follow_up_pronouns_resolve_before_retrieval(corpus: Path, tmp_path: Path):
    a = make_assistant(corpus, tmp_path / "idx", "Ren Zhengfei first announced the one-time fee [1].")
    first = a.ask("Who first announced the one-time fee?")
    second = a.ask("Where did he say it?", history=[first])
    assert "Ren Zhengfei" in second.retrieval_query and "one-time fee" in second.retrieval_query
    assert second.question == "Where did he say it?"


def test_empty_question(corpus: Path, tmp_path: Path):
    with pytest.raises(QuestionError, match="empty"):
        make_assistant(corpus, tmp_path / "idx").ask("   ")


def test_missing_index_is_built_and_stale_index_rebuilt(corpus: Path, tmp_path: Path):
    notes: list[str] = []
    a = make_assistant(corpus, tmp_path / "idx")
    a.notify = notes.append
    a.ask(Q)
    assert "missing" in notes[-1]
    (corpus / "new.txt").write_text("Samsung opened a 5G lab in Seoul.\n", encoding="utf-8")
    b = make_assistant(corpus, tmp_path / "idx")
    b.notify = notes.append
    b.ask(Q)
    assert "out of date" in notes[-1] and "added 1" in notes[-1]


def test_time_question_needs_a_time_in_the_answer(corpus: Path, tmp_path: Path):
    # The draft is true and cited but does not say when: the dated sentence is quoted instead.
    draft = "The U.S. Department of Commerce added Huawei to its Entity List [1]."
    a = make_assistant(corpus, tmp_path / "idx", draft)
    ans = a.ask("When did the U.S. Department of Commerce add Huawei to its Entity List?")
    assert ans.mode == "extractive" and "In May" in ans.text


def test_what_did_x_say_about_y_needs_both(corpus: Path, tmp_path: Path):
    draft = "Vincent Pang confirmed that some firms in the U.S. have expressed interest [1]."
    a = make_assistant(corpus, tmp_path / "idx", draft)
    ans = a.ask("What did Vincent Pang say about Tampere?")
    assert ans.refused, ans.text


def test_a_one_sentence_model_answer_gets_a_quote_from_its_own_story_only(tmp_path: Path):
    corpus = write_corpus(
        tmp_path / "corpus",
        deal="Nokia signed a 5G deal with a Finnish operator on Monday.\n\n"
        "The contract covers radio equipment in Helsinki and Tampere, Nokia said.\n",
        rumour="Analysts said Nokia could sign a 5G deal with a Swedish operator.\n\nShares rose.\n",
    )
    q = "What 5G deal did Nokia sign?"
    draft = "Nokia signed a 5G deal with a Finnish operator on Monday [1]."
    wide = {"answer.extract_margin": 9.0}  # every sentence is in reach: only the story decides
    alone = make_assistant(corpus, tmp_path / "a", draft, **wide, **{"answer.model_complement": False}).ask(q)
    assert alone.mode == "model" and len(alone.citations) == 1
    ans = make_assistant(corpus, tmp_path / "b", draft, **wide).ask(q)
    assert ans.mode == "model" and ans.text.startswith("Nokia signed a 5G deal")
    # The other story's sentence ranks higher (it holds more of the question), but is not added.
    assert [c.article for c in ans.citations] == ["deal", "deal"]
    assert "“The contract covers radio equipment" in ans.text


def test_the_source_listing_shows_a_quoting_sentence_exactly(corpus: Path, tmp_path: Path):
    import dataclasses

    from rag.data import Citation
    from rag.shell.render import sources

    ans = make_assistant(corpus, tmp_path / "idx", "I like turtles.").ask(Q)
    cites = (
        Citation(1, "huawei", None, 634, 682, "“They have shown interest,” Pang reportedly said."),
        Citation(2, "huawei", None, 0, 10, "Plain words."),
    )
    listing = sources(dataclasses.replace(ans, citations=cites))
    # A sentence with quote marks of its own is shown as the article has it; others get “ ”.
    assert "      “They have shown interest,” Pang reportedly said.\n" in listing
    assert "      “Plain words.”" in listing


def test_a_quoted_sentence_that_leaves_its_quotation_open_is_followed_by_the_rest(tmp_path: Path):
    corpus = write_corpus(
        tmp_path / "corpus",
        straw="Straw attacks Howard\n\n"
        'In a speech Mr Straw said of Michael Howard: "He is clever, fluent and tactical, but he is not wise. '
        '"He lacks strategy and good judgment." '
        "The Tories said the speech was a sign of Labour nerves.\n",
    )
    a = make_assistant(corpus, tmp_path / "idx", "I like turtles.")
    ans = a.ask("What did Jack Straw say about Michael Howard?")
    assert ans.mode == "extractive" and "not wise" in ans.text
    # The quotation's second sentence comes with it, cited to its own sentence.
    assert "He lacks strategy" in ans.text
    assert any(c.text.startswith('"He lacks') for c in ans.citations)


def test_the_rest_of_a_quotation_is_shown_once_when_it_is_also_chosen_as_a_quote(tmp_path: Path):
    corpus = write_corpus(
        tmp_path / "corpus",
        straw="Straw attacks Howard\n\n"
        'In a speech Mr Straw said of Michael Howard: "Michael Howard is clever, but he is not wise. '
        '"Michael Howard lacks strategy and good judgment, and Michael Howard has a temper." '
        "The Tories said the speech was a sign of Labour nerves.\n",
    )
    ans = make_assistant(corpus, tmp_path / "idx", "I like turtles.").ask(
        "What did Jack Straw say about Michael Howard?"
    )
    assert ans.mode == "extractive" and ans.text.count("lacks strategy") == 1
    shown = [s.text for s in ans.sentences]
    assert len(shown) == len(set(shown))


def test_a_part_the_model_leaves_out_is_quoted_from_the_sentence_it_cited(tmp_path: Path):
    corpus = write_corpus(
        tmp_path / "corpus",
        homes="House prices slow\n\n"
        "The average asking price of a home fell from £190,329 in November to £189,733 in December.\n\n"
        "Sellers were told to cut their prices.\n",
    )
    q = "What was the average asking price of a home in December, and how much was it in November?"
    draft = "The average asking price of a home was £189,733 in December [1]."
    ans = make_assistant(corpus, tmp_path / "idx", draft).ask(q)
    assert ans.mode == "model" and ans.text.startswith("The average asking price of a home was £189,733")
    # The cited sentence also answers "... in November?": it is shown, under the same citation.
    assert "£190,329" in ans.text and len(ans.citations) == 1
    # A draft that answers both parts gets no quote.
    both = "The average asking price of a home fell from £190,329 in November to £189,733 in December [1]."
    whole = make_assistant(corpus, tmp_path / "idx2", both).ask(q)
    assert whole.text.count("£190,329") == 1
