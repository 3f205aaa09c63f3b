"""The evidence set's reach for relevance: what a sentence stands for, beyond its own words."""

from dataclasses import replace
from pathlib import Path

import pytest

from rag.answer import ranking
from rag.answer.evidence import EvidenceSet
from rag.answer.query import Query, analyse
from rag.answer.ranking import speaks
from rag.answer.relevance import meets_needs, sentence_meets_needs
from rag.assistant import Assistant
from rag.text.lexicon import content_words
from tests.conftest import make_assistant, write_corpus

ARTICLE = (
    "Migration figures row\n\n"
    "A former minister has called for an independent body to check immigration figures. "
    "Barbara Roche said the body should publish its figures. "
    "Sir Andrew Green, chairman of Migration Watch, disagrees. "
    'He says he opposes large-scale immigration. He said: "One household in three will be due to immigration. '
    '"We are already more overcrowded than India."\n'
)


def _evidence(tmp_path: Path, question: str) -> EvidenceSet:
    a = make_assistant(write_corpus(tmp_path / "corpus", migration=ARTICLE), tmp_path / "idx")
    return EvidenceSet(a.retrieve(question), a.query_embedder, a.index())


def _asked(tmp_path: Path, article: str, question: str) -> tuple[Assistant, Query, EvidenceSet]:
    """An assistant over one article, the question's Query and its evidence set."""
    a = make_assistant(write_corpus(tmp_path / "corpus", story=article), tmp_path / "idx")
    query = a.query(question)
    return a, query, EvidenceSet(a.retrieve(query), a.query_embedder, a.index())


def _at(evidence: EvidenceSet, start: str) -> int:
    return next(i for i, e in enumerate(evidence.sentences) if e.text.startswith(start))


def _scored(evidence: EvidenceSet, ranked: dict[int, float]):
    """Ranker scores with the `ranked` sentences at these scores and the rest far below."""
    import numpy as np

    scores = np.full(len(evidence), -9.0, np.float32)
    for i, score in ranked.items():
        scores[i] = score
    return scores


def test_a_chain_of_quotes_and_pronouns_reaches_back_to_the_speaker(tmp_path: Path):
    ev = _evidence(tmp_path, "What did Sir Andrew Green say about overcrowding?")
    last = _at(ev, '"We are already')
    assert set(content_words("Andrew Green")) <= ev.around(last)
    # Verification reads less: only the sentence before and what that refers back to.
    assert "green" not in ev.context(last).lower()
    # The chain stops at a sentence that does not refer back.
    assert not set(content_words("Roche")) & ev.around(last)


def test_a_quote_further_along_a_run_of_quotes_is_the_speaker_speaking(tmp_path: Path):
    a = make_assistant(write_corpus(tmp_path / "corpus", migration=ARTICLE), tmp_path / "idx")
    green = a.query("What did Sir Andrew Green say about overcrowding?")
    ev = EvidenceSet(a.retrieve(green), a.query_embedder, a.index())
    # Two sentences after the one naming him, through "He says ..." and "He said: ...".
    assert speaks(green, ev, _at(ev, '"We are already'))
    # Someone named nowhere along the run is not speaking there.
    roche = a.query("What did Barbara Roche say about overcrowding?")
    assert not speaks(roche, ev, _at(ev, '"We are already'))


def test_a_lead_sentence_reaches_the_next_one_that_names_its_subject(tmp_path: Path):
    ev = _evidence(tmp_path, "What did Barbara Roche call for?")
    lead = _at(ev, "A former minister")
    assert set(content_words("Barbara Roche")) <= ev.around(lead)
    # Only the lead: a later sentence does not take the one after it.
    assert "green" not in ev.around(_at(ev, "Barbara Roche said"))


OSCARS = (
    "How the statue came to be\n\n"
    "The Oscar statuette has been handed to winners since 1929, said Vincent Pang of the Academy. "
    "Over the years its look has changed little. "
    "Rival bodies such as Bafta use masks instead. "
    "The trophy was designed by MGM art director Cedric Gibbons.\n"
)


def test_a_later_sentence_reads_the_lead_under_its_headline_for_names_only(tmp_path: Path):
    # The lead names what later sentences call "the trophy"; the sentences between are not its topic.
    a, query, ev = _asked(tmp_path, OSCARS, "Who designed the Oscar trophy?")
    later = _at(ev, "The trophy was designed")
    assert set(content_words("Oscar statuette")) <= ev.topic(later) and "bafta" not in ev.topic(later)
    assert not ev.topic(_at(ev, "The Oscar statuette"))
    e = ev.sentences[later]
    assert not meets_needs(query, e.text, e.words, ev.around(later))
    assert meets_needs(query, e.text, e.words, ev.around(later), ev.topic(later))
    # A speaker named only in the lead is not the one speaking later on.
    said = a.query("What did Vincent Pang say about Bafta?")
    bafta = _at(ev, "Rival bodies")
    b = ev.sentences[bafta]
    assert not meets_needs(said, b.text, b.words, ev.around(bafta), ev.topic(bafta))


HALO = (
    "Halo 2 sells five million copies\n\n"
    "Microsoft is celebrating bumper sales of its shooter, Halo 2. "
    "Halo 2 has proved popular online, with gamers playing a record 28 million hours. "
    "The game has sold more than five million copies worldwide.\n"
)


def test_a_names_figure_is_met_by_its_lead_and_counts_nothing(tmp_path: Path):
    # "The game" is Halo 2 by its headline and lead, figure included; "Halo 2 has proved"
    # counts no copies: the question's own figure is not a count.
    _, query, ev = _asked(tmp_path, HALO, "How many copies has Halo 2 sold?")
    game, hours = _at(ev, "The game has sold"), _at(ev, "Halo 2 has proved")
    assert "2" in ev.around(game) and "2" in ev.topic(game)
    assert sentence_meets_needs(query, ev, game)
    assert not sentence_meets_needs(query, ev, hours)


MAYOR = (
    "Mayor will not retract jibe\n\n"
    "London mayor Ken Livingstone has again refused to retract an insult made to a reporter. "
    "Labour members asked him to apologise on Monday. "
    "The mayor said his comments would not affect the Olympic bid. "
    "Rival Steve Norris said the row would harm the Olympic bid.\n"
)


def test_the_role_a_lead_introduces_a_speaker_with_names_them_later(tmp_path: Path):
    # "London mayor Ken Livingstone" in the lead makes a later "The mayor said" him speaking.
    _, query, ev = _asked(tmp_path, MAYOR, "What did Livingstone say about the Olympic bid?")
    mayor = _at(ev, "The mayor said")
    e = ev.sentences[mayor]
    assert "livingston" in ev.around(mayor) and speaks(query, ev, mayor)
    assert meets_needs(query, e.text, e.words, ev.around(mayor), ev.topic(mayor))
    # Another speaker's sentence after it is neither his nor about him.
    norris = _at(ev, "Rival Steve Norris")
    assert not speaks(query, ev, norris) and "livingston" not in ev.around(norris)


def test_a_headline_is_context_never_a_quote(tmp_path: Path):
    ev = _evidence(tmp_path, "What did Sir Andrew Green say about immigration figures?")
    head = _at(ev, "Migration figures row")
    assert ev.is_headline(head)
    assert not ev.is_headline(_at(ev, "A former minister"))
    # The next sentence still reads the headline as what it is about.
    assert set(content_words("Migration figures row")) <= ev.around(_at(ev, "A former minister"))


GRAMMY = (
    "U2 to play at Grammys\n\n"
    "Irish rock band U2 are to play live at the Grammy Awards presentation next month. "
    "The Grammy event will be on 13 February, organisers said. "
    "The Grammy show will be held at the Staples Center.\n"
)


def test_the_second_quote_answers_the_part_the_first_leaves_open(tmp_path: Path):
    from rag.answer.extractive import complement
    from rag.settings import AnswerSettings

    a, query, ev = _asked(tmp_path, GRAMMY, "When and where is the Grammy event?")
    when, where = _at(ev, "The Grammy event"), _at(ev, "The Grammy show")
    # The "where" sentence: below the first, within the margin; the rest rank far below.
    scores = _scored(ev, {when: 0.0, where: -0.5})
    # The "where" sentence has no time, so alone it does not meet "When ...?"; it meets the open part.
    assert complement(query, ev, scores, [when], AnswerSettings(), lambda w: 1.0, 0.0) == where
    one_part = a.query("When is the Grammy event?")
    assert complement(one_part, ev, scores, [when], AnswerSettings(), lambda w: 1.0, 0.0) is None


MOBILES = (
    "Mobiles take off in India\n\n"
    "Mobile use is growing fast in India, says a report. "
    "In October, mobile phone users grew by 1.4 million to 44.9 million, the regulator said. "
    "Analysts say cheap rates and a young market drive it. "
    "In January 2003, there were only 10 million mobile subscribers in India.\n"
)


def test_a_two_part_question_is_quoted_when_each_sentence_answers_one_part(tmp_path: Path):
    from rag.answer.extractive import quotes
    from rag.answer.relevance import meets_a_parts_needs
    from rag.settings import AnswerSettings

    _, query, ev = _asked(
        tmp_path, MOBILES, "How many mobile users did India have in October, and how many subscribers in January 2003?"
    )
    october, january = _at(ev, "In October"), _at(ev, "In January")
    # Neither sentence counts both the users and the subscribers of 2003; each answers one part.
    for i in (october, january):
        assert not sentence_meets_needs(query, ev, i) and meets_a_parts_needs(query, ev, i)
    scores = _scored(ev, {january: 0.0, october: -0.5})
    shown = quotes(query, ev, scores, AnswerSettings(), part_scores=[scores, scores])
    assert [e.text[:10] for e in shown] == ["In October", "In January"]


PRIZE = (
    "Levy takes novel prize\n\n"
    "Orange Prize winner Andrea Levy has seen her book Small Island win the Whitbread novel award. "
    "She is now favourite to win the overall prize after beating Alan Hollinghurst's The Line of Beauty.\n"
)


def test_a_who_answer_opening_with_she_is_shown_with_the_sentence_naming_her(tmp_path: Path):
    from rag.answer.extractive import quotes
    from rag.settings import AnswerSettings

    a, query, ev = _asked(tmp_path, PRIZE, "Whose novel beat The Line of Beauty?")
    levy, she = _at(ev, "Orange Prize"), _at(ev, "She is now")
    assert ev.preceding(she) == levy
    scores = _scored(ev, {she: 0.0})  # the sentence before ranks far below: only the pronoun brings it
    assert [e.text[:5] for e in quotes(query, ev, scores, AnswerSettings())] == ["Orang", "She i"]
    # Not for a question that asks no one: "she" is then no answer left unnamed.
    what = a.query("What did Small Island beat?")
    assert [e.text[:5] for e in quotes(what, ev, scores, AnswerSettings())] == ["She i"]


VAULT = (
    "Isinbayeva sets record\n\n"
    "Pole vaulter Yelena Isinbayeva cleared 4.89 metres in Lievin on Saturday. "
    "It came days after she cleared 4.88m in Birmingham. "
    "She then failed at 5.05m in Lievin.\n"
)


def test_each_part_gets_the_sentence_that_ranks_best_for_that_part(tmp_path: Path):
    from rag.answer.extractive import complement
    from rag.settings import AnswerSettings

    _, query, ev = _asked(
        tmp_path, VAULT, "What height did Isinbayeva clear in Lievin and what did she clear in Birmingham?"
    )
    lead, birmingham, failed = _at(ev, "Pole vaulter"), _at(ev, "It came"), _at(ev, "She then")
    scores = _scored(ev, {birmingham: 0.0, failed: -0.4, lead: -0.9})
    # The lead is the Birmingham sentence's context, so "Lievin" seems met; the whole question's
    # ranking then adds the failed attempt, which answers neither part.
    assert complement(query, ev, scores, [birmingham], AnswerSettings(), lambda w: 1.0, 0.0) == failed
    lievin, second = scores.copy(), scores.copy()
    lievin[lead], lievin[failed], lievin[birmingham] = 0.0, -0.3, -0.2
    second[birmingham] = 1.0
    # Ranked for each part: the Lievin part's best sentence is the lead, not yet quoted.
    chosen = complement(
        query, ev, scores, [birmingham], AnswerSettings(), lambda w: 1.0, 0.0, part_scores=[lievin, second]
    )
    assert chosen == lead
    # Both parts answered in the quotes' own words: nothing is added for the parts, and no
    # other story may add to them (here the story's last sentence, within the margin, may).
    both = complement(
        query, ev, scores, [birmingham, lead], AnswerSettings(), lambda w: 1.0, 0.0, part_scores=[lievin, second]
    )
    assert both in (failed, None)


DUCHY = (
    "Royal income questioned\n\n"
    "MPs will question the aides who run the royal estates. "
    "The Duchy of Cornwall is a 140,000-acre estate across 25 counties. "
    "The prince has paid income tax since 1993. "
    "The duchy last year generated almost £12m.\n"
)


def _ranked_first(tmp_path: Path, article: str, question: str, first: str):
    """The Query, the evidence set and scores ranking only the sentence opening with `first`."""

    _, query, ev = _asked(tmp_path, article, question)
    return query, ev, _scored(ev, {_at(ev, first): 0.0})


def test_a_part_is_answered_only_by_a_sentence_holding_its_own_words(tmp_path: Path):
    from rag.answer.extractive import complement
    from rag.settings import AnswerSettings

    question = "How large is the Duchy of Cornwall, and how much did it make last year?"
    query, ev, scores = _ranked_first(tmp_path, DUCHY, question, "The Duchy of")
    size, income = _at(ev, "The Duchy of"), _at(ev, "The duchy last")
    second = scores.copy()
    second[income] = 1.0
    # The acreage is a figure, but says nothing of "make ... last year": the second part is still
    # open, and the sentence ranked best for it answers it, though the whole question ranks it low.
    chosen = complement(query, ev, scores, [size], AnswerSettings(), lambda w: 1.0, 0.0, part_scores=[scores, second])
    assert chosen == income


PRIZES = (
    "OutKast win in Rome\n\n"
    "US hip-hop duo OutKast have capped a year of glory with three prizes at the MTV awards in Rome. "
    "They won best group, best video and best song for Hey Ya. "
    "Usher won two awards.\n"
)


def test_a_list_question_quotes_the_list_after_a_sentence_restating_its_count(tmp_path: Path):
    from rag.answer.extractive import quotes
    from rag.settings import AnswerSettings

    question = "Which three prizes did OutKast win at the MTV awards?"
    query, ev, scores = _ranked_first(tmp_path, PRIZES, question, "US hip-hop")
    lead, listed = _at(ev, "US hip-hop"), _at(ev, "They won")
    # "three prizes" restates the count and names none of them: the next sentence lists them,
    # though the ranker puts it out of reach.
    assert [e.text for e in quotes(query, ev, scores, AnswerSettings())] == [
        ev.sentences[lead].text,
        ev.sentences[listed].text,
    ]
    # A question asking for no list gets the one sentence.
    single = replace(query, listed=0)
    assert [e.text for e in quotes(single, ev, scores, AnswerSettings())] == [ev.sentences[lead].text]


def test_the_speakers_statements_come_only_from_stories_that_name_the_speaker_in_full(tmp_path: Path):
    import numpy as np

    from rag.answer.statements import statements
    from rag.settings import AnswerSettings

    corpus = write_corpus(
        tmp_path / "corpus",
        bank="Closures hurt West Bank\n\n"
        '"Closures are behind the crisis in the West Bank," said Nigel Roberts of the World Bank. '
        '"The crisis in the West Bank will deepen," Mr Roberts said.\n',
        rugby="Player banned\n\n"
        "The player faced a panel of Robert Horner and Nigel Gillingham over the crisis in the West Bank stand. "
        "Nigel Gillingham said the crisis in the West Bank stand was closed.\n",
    )
    a = make_assistant(corpus, tmp_path / "idx")
    query = a.query("What did Nigel Roberts say about the crisis in the West Bank?")
    ev = EvidenceSet(a.retrieve(query), a.query_embedder, a.index())
    # The rugby story's sentences rank first: only the name keeps them out.
    scores = np.array([float(e.passage.chunk.article_id == "rugby") for e in ev.sentences], np.float32)
    found = statements(query, ev, scores, set(), AnswerSettings())
    # "Nigel" and "Robert" are both in the rugby story, but not as one name: its sentences are not his.
    assert found and {e.passage.chunk.article_id for e in found} == {"bank"}


def _statements(tmp_path: Path, article: str, question: str) -> list[str]:
    """The texts `extractive.statements` finds (up to 3) for `question` over `article`, all
    sentences scored alike."""
    import numpy as np

    from rag.answer.statements import statements
    from rag.settings import AnswerSettings

    _, query, ev = _asked(tmp_path, article, question)
    scores = np.zeros(len(ev), np.float32)
    return [e.text for e in statements(query, ev, scores, set(), AnswerSettings(statements=3))]


def test_without_about_y_the_speakers_statements_keep_to_the_questions_subject(tmp_path: Path):
    article = (
        "Labour activists quiet\n\n"
        "Saxon Spence, leader of the Devon group, lays the blame for the lack of campaigning zeal on one issue. "
        '"You cannot underestimate the impact of the war in Iraq." '
        "Saxon Spence also said the weather in Devon had been kind to the party this spring.\n"
    )
    found = _statements(tmp_path, article, "What did Saxon Spence blame for the lack of campaigning zeal?")
    # The quote continuing the blame is hers on the subject; the weather is hers but beside it.
    assert any("war in Iraq" in t for t in found)
    assert not any("weather" in t for t in found)


def test_a_quote_carrying_on_the_speakers_words_may_leave_about_y_to_what_it_continues(tmp_path: Path):
    article = (
        "Ferdinand casts doubt over Glazer\n\n"
        "Rio Ferdinand has said he is unsure of Malcolm Glazer's motives after his new offer for the club. "
        '"A lot of people want the club to be with people who grew up with it," said Ferdinand. '
        '"No one knows what this guy will be bringing to the table." '
        "The weather in Manchester was kind to the fans on Saturday.\n"
    )
    found = _statements(tmp_path, article, "What did Rio Ferdinand say about Glazer?")
    # The quote after "said Ferdinand" names neither him nor Glazer, but it is his, in a story on Glazer.
    assert any("No one knows" in t for t in found)
    assert not any("weather" in t for t in found)


def test_one_quote_reported_twice_is_a_statement_once(tmp_path: Path):
    article = (
        "Ferdinand casts doubt over Glazer\n\n"
        "Rio Ferdinand has said he is unsure of Malcolm Glazer's motives after his new offer for the club. "
        '"A lot of people want the club to be with people who grew up with it," Rio Ferdinand told Radio Five Live. '
        '"A lot of people want the club to be with people who have grown up with it," said Ferdinand. '
        '"No one knows what this guy will be bringing to the table."\n'
    )
    found = _statements(tmp_path, article, "What did Rio Ferdinand say about Glazer?")
    # The second report of the quote says nothing the first does not: its place goes to another.
    assert sum("A lot of people" in t for t in found) == 1
    assert any("No one knows" in t for t in found)


def test_a_sentence_alike_but_for_a_name_or_a_figure_is_no_repeat():
    from types import SimpleNamespace

    from rag.answer.repeats import repeats
    from rag.text.forms import with_acronyms

    def said(text: str) -> SimpleNamespace:  # what `repeats` reads of an Evidence
        return SimpleNamespace(text=text, words=with_acronyms(text))

    added = said('"Current PC architecture is nearing its limits," he added.')
    assert repeats(said('"Current PC architecture is nearing its limits."'), [added], 0.8)
    # A longer sentence holding a shorter one adds to it.
    headline = said("Bolton v Arsenal")
    assert not repeats(
        said("Ashley Cole has refused to blame Robin van Persie before Bolton v Arsenal."), [headline], 0.8
    )
    jones = said("Marion Jones has filed a lawsuit against Balco boss Victor Conte over his allegations.")
    assert repeats(
        said("American sprinter Marion Jones has filed a lawsuit against Conte over his allegations."), [jones], 0.8
    )
    # Another year and city: two facts, however alike the rest.
    valencia = said("Spain's only other Davis Cup title came two years ago in Valencia, when they beat Australia.")
    assert not repeats(
        said("Spain's only other Davis Cup title came in 2000, when they beat Australia in Barcelona."), [valencia], 0.8
    )


def test_a_quote_left_open_is_shown_with_the_rest_of_the_quotation(tmp_path: Path):
    from rag.answer.follow_on import continuation

    article = (
        "Straw attacks Howard\n\n"
        'In a speech Mr Straw said of the Tory leader: "He is clever, fluent and tactical, but he is not wise. '
        '"He lacks strategy and good judgment." '
        "The Tories said the speech was a sign of Labour nerves.\n"
    )
    _, _, ev = _asked(tmp_path, article, "What did Jack Straw say about Michael Howard?")
    opened, rest = _at(ev, "In a speech"), _at(ev, '"He lacks')
    assert ev.following(opened) == rest
    # The quotation closes with the next sentence: nothing after it is its rest.
    assert continuation(ev, opened, 2) == [rest]
    assert continuation(ev, rest, 2) == []
    assert continuation(ev, opened, 0) == []


def test_a_model_sentence_cut_out_of_its_source_is_shown_as_the_whole_sentence():
    from rag.answer.composer import fragment_of

    source = '"Closures are a key factor behind the economic crisis in the West Bank," said Nigel Roberts.'
    assert fragment_of("The economic crisis in the West Bank.", source)
    # The whole sentence, or one in the model's own words, is not a fragment.
    assert not fragment_of(source, source)
    assert not fragment_of("Nigel Roberts blamed closures for the crisis.", source)


def test_a_headline_ending_in_a_quoted_word_is_still_a_headline(tmp_path: Path):
    corpus = write_corpus(
        tmp_path / "corpus",
        spam="US state acts to stop 'spammers'\n\nTexas has sued two men it calls 'spammers'. "
        'Their lawyer called the case "groundless."\n',
    )
    a = make_assistant(corpus, tmp_path / "idx")
    ev = EvidenceSet(a.retrieve("What did the lawyer say about the spammers?"), a.query_embedder, a.index())
    assert ev.is_headline(_at(ev, "US state acts"))
    assert not ev.is_headline(_at(ev, "Texas has sued"))


TRUST = (
    "Hunting group row\n\n"
    "The Fair Game Trust is run by two MPs. "
    "Labour MP Ann Hale is one of its co-chairs. "
    "Ms Hale said the group wanted a review of the law. "
    "Tory MP Tom Reed, its other co-chair, backed the call.\n"
)


def test_a_question_asking_for_several_named_things_gets_a_second_name(tmp_path: Path):
    from rag.answer.extractive import complement
    from rag.settings import AnswerSettings

    a, query, ev = _asked(tmp_path, TRUST, "Which MPs co-chair the Fair Game Trust?")
    assert query.many and not a.query("Which MP co-chairs the Fair Game Trust?").many
    first, same, other = _at(ev, "Labour MP Ann Hale"), _at(ev, "Ms Hale said"), _at(ev, "Tory MP Tom Reed")
    scores = _scored(ev, {first: 0.0, same: -0.2, other: -0.5})
    # More about Ms Hale ranks higher, but the question asks for the other co-chair too.
    assert complement(query, ev, scores, [first], AnswerSettings(), lambda w: 1.0, 0.0) == other
    single = a.query("Who co-chairs the Fair Game Trust?")
    assert complement(single, ev, scores, [first], AnswerSettings(), lambda w: 1.0, 0.0) == same


def test_a_speaker_named_inside_someone_elses_quote_is_not_speaking():
    from types import SimpleNamespace

    from rag.answer.query import analyse
    from rag.answer.ranking import _speaker
    from rag.text.forms import with_acronyms

    def speaking(text: str, before: str) -> bool:
        return _speaker(straw, SimpleNamespace(text=text, words=with_acronyms(text)), before) > 0

    straw = analyse("What did Jack Straw say about Michael Howard?")
    opener = 'Shadow foreign secretary Michael Ancram said: "We have fought a very positive campaign.'
    inside = 'I think he will want to look quite carefully at what Jack Straw said about Michael Howard."'
    assert not speaking(inside, opener)
    assert not speaking("Jack Straw is right about that.", opener)  # no mark: the quotation runs on
    # Named after the quote closes, or after a sentence that closed its quote, he is speaking.
    assert speaking('It is over," Mr Straw said.', opener)
    assert speaking("Jack Straw said it was over.", 'Michael Ancram said: "We have fought a campaign."')
    assert speaking("Jack Straw said it was over.", "had fought a campaign,” Michael Ancram said.")
    # His own quote running on does not hide him.
    assert speaking(inside, 'Jack Straw said: "We have fought a campaign.')
    # Named, but not speaking: a sentence about him is not his.
    assert not speaking("Jack Straw was in Brussels on Monday.", "The talks ended.")
    # The speaker is the head of the phrase: "Howard's wife" is not Mr Howard.
    wife = analyse("What did Michael Howard's wife say about ping pong?")
    for text, says in (('Mr Howard said: "It is fun."', False), ('His wife said: "It is fun."', True)):
        assert (_speaker(wife, SimpleNamespace(text=text, words=with_acronyms(text)), "") > 0) == says
    assert analyse("What did Dave Prentis of Unison say?").speaker_head >= {"prenti"}


def test_a_third_quote_comes_only_from_a_story_already_quoted(tmp_path: Path):
    from rag.answer.extractive import quotes
    from rag.settings import AnswerSettings

    stories = {
        "savoy": "Savoy sale\n\nThe Savoy hotel was sold for £250m. The buyer will spend £48m on the hotel.\n",
        "ritz": "Ritz sale\n\nThe Ritz hotel was sold for £75m last year.\n",
        "hilton": "Hilton results\n\nThe Hilton hotel group made £90m last year.\n",
    }
    a = make_assistant(write_corpus(tmp_path / "corpus", **stories), tmp_path / "idx")
    query = a.query("How much was the hotel sold for?")
    ev = EvidenceSet(a.retrieve(query), a.query_embedder, a.index())
    savoy, spend = _at(ev, "The Savoy hotel was sold"), _at(ev, "The buyer will spend")
    ritz, hilton = _at(ev, "The Ritz hotel"), _at(ev, "The Hilton hotel group")
    scores = _scored(ev, {savoy: 0.0, ritz: -0.1, hilton: -0.2, spend: -0.3})
    chosen = [e.text for e in quotes(query, ev, scores, AnswerSettings(extract_quotes=3))]
    # Two stories quoted; the third quote is the Savoy story's, though the Hilton's ranks higher.
    assert set(chosen) == {ev.sentences[i].text for i in (savoy, ritz, spend)}
    assert len(quotes(query, ev, scores, AnswerSettings(extract_quotes=2))) == 2


def test_the_ranker_reads_a_doer_noun_as_the_verb_a_who_question_asks_with(tmp_path: Path):
    article = (
        "Star misses premiere\n\n"
        "The singer missed the charity premiere of the film Shall We Dance in London. "
        "The film's director Peter Chelsom said he was disappointed. "
        "Dancers in ballroom dress lined the red carpet.\n"
    )
    a, query, ev = _asked(tmp_path, article, "Who directed Shall We Dance?")
    idf = ranking.corpus_idf(a.index().passage_count, a.index().df)
    terms = ranking.FEATURES.index("terms")
    x = ranking.features(query, ev, idf)
    director = _at(ev, "The film's director")
    assert x[director, terms] > x[_at(ev, "Dancers"), terms]
    # The same sentence holds no "direct" for a question that does not ask who.
    where = a.query("Where was Shall We Dance directed?")
    assert ranking.features(where, ev, idf)[director, terms] < x[director, terms]


IRURETA = (
    "Benitez delight after crucial win\n\n"
    "Liverpool manager Rafael Benitez admitted victory against Deportivo was vital in their group. "
    "Jorge Andrade's early own goal gave Liverpool a 1-0 win at the Riazor stadium on Wednesday night. "
    'Deportivo coach Javier Irureta said: "Liverpool played very well and we just could not break them down. '
    '"I know we have now gone six games at home in Europe without scoring, but that is not our form. '
    '"But this time we did not play well and we lacked imagination in the final third of the pitch. '
    '"We had chances early on, but the players who usually want the ball at that stage did not want it. '
    '"The goal was a bad mistake and a big blow to our confidence on the night."\n'
)


def test_a_speakers_quotes_are_followed_into_the_next_passage(tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus", depor=IRURETA, other=ARTICLE)
    question = "What did Javier Irureta say about the goal?"
    on = make_assistant(corpus, tmp_path / "on", **{"retrieval.k": 1})
    texts = [p.chunk.text for p in on.retrieve(on.query(question))]
    assert any("Javier Irureta said" in t for t in texts)
    # The run of his quotes goes on past that passage's end, into the next one of the article.
    assert any("The goal was a bad mistake" in t for t in texts) and len(texts) == 2
    off = make_assistant(corpus, tmp_path / "off", **{"retrieval.k": 1, "retrieval.speaker_next": False})
    assert not any("The goal was a bad mistake" in p.chunk.text for p in off.retrieve(off.query(question)))


def test_what_did_x_say_is_first_answered_by_x_speaking(tmp_path: Path):
    import numpy as np

    from rag.answer.extractive import quotes
    from rag.settings import AnswerSettings

    article = (
        "Straw attacks Howard\n\n"
        'Michael Ancram said: "We fought a positive campaign. '
        'I think he will look carefully at what Jack Straw said about Michael Howard." '
        'Jack Straw said of the Tory leader Michael Howard: "He is clever, fluent and tactical, but he is not wise."\n'
    )
    _, query, ev = _asked(tmp_path, article, "What did Jack Straw say about Michael Howard?")
    ancram = _at(ev, "I think he")
    scores = np.array([1.0 if i == ancram else 0.0 for i in range(len(ev))], np.float32)
    # Ancram's quote ranks first and names Straw, but it is Ancram speaking.
    first = quotes(query, ev, scores, AnswerSettings(extract_quotes=1))
    assert [e.text[:10] for e in first] == ["Jack Straw"]


def test_a_speaker_named_only_inside_a_quote_or_by_an_i_is_spoken_of_not_speaking(tmp_path: Path):
    article = (
        "Lopez misses premiere\n\n"
        'Lopez issued a statement. "I want to thank everyone, from the cast, to the film director, to the crew." '
        "The film's director Peter Chelsom said he was disappointed that Lopez did not attend. "
        "I agree wholeheartedly with the director on this.\n"
    )
    _, query, ev = _asked(tmp_path, article, "What did the director say about Lopez?")
    assert speaks(query, ev, _at(ev, "The film's director"))
    # Lopez's own quote names a director inside it; a reader's "I" names him as someone else.
    assert not speaks(query, ev, _at(ev, '"I want to thank'))
    assert not speaks(query, ev, _at(ev, "I agree"))


def test_a_sentence_closing_a_quotation_is_said_by_whoever_it_names_after_it():
    from rag.text.segment import outside_quotes

    # It begins inside the quotation: what follows the closing mark is the attribution.
    assert "Ferdinand" in outside_quotes('We are happy," said Ferdinand.')
    assert "Pang" in outside_quotes("They have shown interest,” Pang reportedly said.")
    assert "Straw" not in outside_quotes('"Jack Straw is wrong," said Mr Howard.')
    # A quotation the sentence before left open runs on from the start.
    assert outside_quotes("We will win.", open_before=True) == ""
    assert "Howard" in outside_quotes('We will win," said Howard, "and soon."', open_before=True)
    assert "Howard" not in outside_quotes('Mr Howard will lose," he said.', open_before=True)
    # Unless the sentence opens a quotation of its own: a new paragraph of quote opens again.
    assert "Parbutt" in outside_quotes('"It is the greater problem," said Brian Parbutt.', open_before=True)


def test_a_statement_is_speech_not_a_sentence_that_only_names_the_speaker(tmp_path: Path):
    from rag.answer.ranking import reports_speech

    article = (
        "Connors backs Britain\n\n"
        '"Britain has the right attitude to tennis," said Jimmy Connors. '
        "Jimmy Connors is a straight-talker and will be blunt with Britain's tennis players. "
        "Jimmy Connors advises Britain's tennis players to work harder.\n"
    )
    found = _statements(tmp_path, article, "What did Jimmy Connors say about Britain's tennis?")
    assert any("right attitude" in t for t in found) and any("advises" in t for t in found)
    assert not any("straight-talker" in t for t in found)  # about him, not said by him
    assert reports_speech("Dave Prentis criticised the plans.")
    assert not reports_speech("Mr Howard was also joined on stage by his wife Sandra.")


def test_a_reason_given_after_the_opposite_event_does_not_answer_why(tmp_path: Path):
    # "He argued ..." gives the reason for the sentence before it: a vote for a rise.
    story = (
        "Bank holds rates\n\n"
        "The Bank of England kept interest rates on hold at 4.75%. "
        "However, committee member Paul Tucker voted for a rise in interest rates to 5%. "
        "He argued that economic growth was picking up. "
        "Officials said growth was slowing.\n"
    )
    _, cut, ev = _asked(tmp_path, story, "Why did Paul Tucker vote to cut interest rates?")
    argued = _at(ev, "He argued")
    assert ev.referred_back(argued).startswith("However, committee member Paul Tucker")
    assert not ev.referred_back(_at(ev, "However"))  # it names its own subject
    assert not sentence_meets_needs(cut, ev, argued)
    rise = replace(cut, premise="Paul Tucker vote for a rise in interest rates")
    assert sentence_meets_needs(rise, ev, argued)


TRIBUNAL = (
    "Trader wins part of her case\n\n"
    "Harbour Bank has beaten most of a former trader's case against it in Paris.\n\n"
    "A panel rejected Maria Delcourt's claim of unequal pay. But the former trader won her case for "
    "wrongful dismissal. Her award is expected to be about £40,000.\n"
)


def test_a_sentence_opening_with_but_refers_back_too(tmp_path: Path):
    # "But the former trader" stands for Delcourt as "The former trader" would, so "Her award",
    # which refers back to it, reaches her name.
    _, query, ev = _asked(tmp_path, TRIBUNAL, "How much is Delcourt expected to be awarded?")
    award = _at(ev, "Her award")
    assert "delcourt" in ev.around(award)
    assert sentence_meets_needs(query, ev, award)


ENERGY = (
    "India and Russia in energy talks\n\n"
    "India and Russia are to work together on energy deals.\n\n"
    "The talks are to be led by Gazprom and India's ONGC. The Indian firm is also expected to hold "
    "talks about assets once owned by Yukos. It is reported to be keen on buying a 15% stake in Yugansk.\n"
)


def test_a_nationality_before_a_common_noun_refers_back():
    from rag.answer.meaning import refers_back

    # "The Indian firm" is one named before, as "The firm" is; "The Guardian" names its own.
    assert refers_back("The Indian firm is also expected to hold talks.") and refers_back("The US company said.")
    assert not refers_back("The Guardian reported it.") and not refers_back("The Beatles split.")


def test_a_chain_through_the_nationality_reaches_the_name(tmp_path: Path):
    # "It" goes back to "The Indian firm", which goes back to "India's ONGC".
    _, query, ev = _asked(tmp_path, ENERGY, "What share of Yugansk is ONGC said to want?")
    stake = _at(ev, "It is reported")
    assert "ongc" in ev.around(stake)
    assert sentence_meets_needs(query, ev, stake)


def test_the_ranker_reads_what_retrieval_found_of_each_passage(tmp_path: Path):
    a, query, ev = _asked(tmp_path, ENERGY, "What share of Yugansk is ONGC said to want?")
    idf = ranking.corpus_idf(a.index().passage_count, a.index().df)
    dense, lexical = ranking.FEATURES.index("passage_dense"), ranking.FEATURES.index("passage_lexical")
    x = ranking.features(query, ev, idf)
    p = ev.sentences[0].passage
    # The passage's best cosine as retrieval found it, and its word coverage against the best passage's.
    assert x[0, dense] == pytest.approx(p.dense)
    assert x[0, lexical] == pytest.approx(p.lexical / max(e.passage.lexical for e in ev.sentences))
    halved = EvidenceSet([replace(q, lexical=q.lexical / 2) for q in ev.passages], a.query_embedder, a.index())
    assert ranking.features(query, halved, idf)[:, lexical] == pytest.approx(x[:, lexical])


def test_how_many_of_a_unit_needs_the_unit_named():
    # The answer is in tonnes: a count of phones, or a bare "3 million", is not one.
    tonnes = analyse("How many tonnes of phones are thrown away?")
    assert not meets_needs(tonnes, "Of the 15 million swapped each year, only 3 million are recycled.", set(), set())
    assert meets_needs(tonnes, "The heap weighs 9,000 tonnes.", set(), set())
    phones = analyse("How many phones are thrown away?")
    assert meets_needs(phones, "Of the 15 million swapped each year, only 3 million are recycled.", set(), set())
