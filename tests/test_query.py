"""The Query record: parsed once (validation, instructions, follow-ups, spelling) and what it asks for."""

from dataclasses import replace
from pathlib import Path

import pytest

from rag.answer.followup import Turn, resolve
from rag.answer.query import analyse, parse_query
from rag.answer.relevance import meets_needs, relevant
from rag.errors import QuestionError
from rag.settings import QuerySettings
from rag.text.lexicon import content_words
from tests.conftest import make_assistant

NAMES = {"huawei", "entity", "list", "zte", "ericsson"}


def test_time_and_number_questions_need_one_in_the_sentence():
    when = analyse("When did Huawei join the Entity List?")
    assert when.answer_type == "time"
    assert not meets_needs(when, "Huawei joined the Entity List.", set(), NAMES)
    assert meets_needs(when, "Huawei joined in May.", set(), NAMES)
    many = analyse("How many contracts did ZTE sign?")
    assert many.answer_type == "number"
    assert not meets_needs(many, "ZTE signed one-time 5G deals.", set(), NAMES)
    assert meets_needs(many, "ZTE signed 35 contracts.", set(), NAMES)
    # "deals" counts contracts once the answerer has found it near in meaning (rag.answer.counted).
    assert not meets_needs(many, "ZTE signed 35 deals.", set(), NAMES)
    assert meets_needs(
        replace(many, counted_forms=frozenset({"contract", "deal"})), "ZTE signed 35 deals.", set(), NAMES
    )
    assert analyse("Could Pang say how many firms are interested?").answer_type is None
    assert analyse("Who is Ren?").answer_type is None


def test_measure_and_score_questions_want_a_figure():
    # Typed casually too: "half time" for "half-time".
    casual = ("what was the half time score in scotland v italy", "What was the full-time score?")
    for asked in ("How big is the deficit?", "how old is Dawson", "What was the final score in Norwich?", *casual):
        assert analyse(asked).answer_type == "number", asked
    long = analyse("How long was Mubanga held?")
    assert long.answer_type == "duration"
    assert meets_needs(long, "Mubanga was held for 33 months.", set(), {"mubanga"})
    assert meets_needs(long, "Mubanga was held for a few weeks.", set(), {"mubanga"})
    assert not meets_needs(long, "Mubanga was held at Guantanamo Bay.", set(), {"mubanga"})
    assert analyse("How did the plan run?").answer_type is None


def test_a_score_question_wants_a_result_not_any_figure():
    score = analyse("By what score did New Zealand beat France in Paris?")
    assert score.answer_type == "number" and score.score
    assert analyse("What was the final score?").score and analyse("By what margin did the lords rule?").score
    assert not analyse("Who scored the goal?").score and not analyse("How many goals did he score?").score
    names = set(content_words("New Zealand France Paris"))
    assert meets_needs(score, "New Zealand won 45-6 in Paris against France.", names, names)
    assert not meets_needs(score, "Nine Wallabies played New Zealand after France in Paris.", names, names)


def test_a_total_asked_for_is_stated_as_a_total():
    total = analyse("How much has White Noise made in total?")
    assert total.total and not analyse("How much has White Noise made?").total
    weekend = "White Noise was second with $24m (£12.8m) despite negative reviews."
    assert not meets_needs(total, weekend, set(content_words(weekend)), set(content_words(weekend)))
    for stated in ("White Noise has made a total of $50m.", "White Noise has made $50m since its release."):
        assert meets_needs(total, stated, set(content_words(stated)), set(content_words(stated)))


def test_a_sentence_naming_its_own_subject_does_not_take_the_names_of_the_one_before():
    asked = analyse("How much has White Noise made?")
    before = "Michael Keaton thriller White Noise was second with $24m."
    aviator = "Martin Scorsese's biopic The Aviator came third with a total of $42.9m."
    words, around = set(content_words(aviator)), set(content_words(f"{aviator} {before}"))
    assert meets_needs(asked, aviator, words, around)  # read with the sentence before
    assert not meets_needs(asked, aviator, words, around, own=words)
    # Nor does a sentence reporting what its opening name said.
    tories = analyse("How many care places have been lost, according to the Tories?")
    burns = "Tory spokesman Simon Burns said more than 80,000 care places had been lost."
    words, around = set(content_words(burns)), set(content_words(f"{burns} The Tories said so."))
    assert meets_needs(tories, burns, words, around, own=words)
    # A who question is not asking for the opening name's figure.
    led = analyse("Who led Ireland to their 1948 clean sweep?")
    sweep = "A first Grand Slam since Karl Mullen led the team to a clean sweep in 1948."
    words, around = set(content_words(sweep)), set(content_words(f"{sweep} Ireland won."))
    assert meets_needs(led, sweep, words, around, own=words)
    # Naming no one else, it may still be about the name before it: "Takings rose to $50m."
    takings = "Takings rose to $50m."
    words = set(content_words(takings))
    assert meets_needs(asked, takings, words, words | set(content_words(before)), own=words)


def test_a_why_questions_premise_stated_the_other_way_round_is_false():
    sentence = "SBC Communications agreed to buy its former parent AT&T for about $16bn."
    words = set(content_words(sentence))
    assert not meets_needs(analyse("Why did AT&T decide to buy SBC?"), sentence, words, words)
    assert meets_needs(analyse("Why did SBC decide to buy AT&T?"), sentence, words, words)


def test_a_why_questions_premise_contradicted_by_an_opposite_is_false():
    def meets(question: str, sentence: str) -> bool:
        words = set(content_words(sentence))
        return meets_needs(analyse(question), sentence, words, words)

    won = "Kestrel's win at Harbour Park confirmed their place at the top."
    assert not meets("Why did Kestrel lose at Harbour Park?", won)
    assert meets("Why did Kestrel win at Harbour Park?", won)
    assert not meets("Why did the regulator reject Lumen?", "Lumen has been approved by the regulator.")
    # The same direction, a loose opposite ("more"), a negated premise: no contradiction.
    lost = "Shares in Lumen lost a third of their value after regulators wanted more evidence."
    assert meets("Why did Lumen's shares fall by a third?", lost)
    assert meets("Why did Kestrel not lose at Harbour Park?", won)


def test_a_figure_in_a_clause_with_a_subject_of_its_own_is_that_subjects():
    chart = (
        "In the box office chart, Kestrel Rising pushed Harbour Lights off the top spot while thriller "
        "Night Train, starring Omar Faris, made £750,000 in its first weekend."
    )
    words = set(content_words(chart))
    assert not meets_needs(analyse("How much did Kestrel Rising make?"), chart, words, words)
    assert meets_needs(analyse("How much did Night Train make?"), chart, words, words)


def test_what_price_height_or_time_wants_a_figure():
    heights = ("What height did Isinbayeva clear?", "What time did Dibaba run in Boston?", "At what age did he retire?")
    for asked in heights:
        assert analyse(asked).answer_type == "number", asked
    price = analyse("What price did the Saudi prince pay for the Savoy?")
    assert price.answer_type == "number" and price.money
    passage = {"savoy", "saudi", "pric"}  # a measure ("price") is named by the evidence too
    assert not meets_needs(price, "The prince paid over the odds for the Savoy.", passage, passage)
    assert meets_needs(price, "The prince paid £250m for the Savoy.", passage, passage)
    assert analyse("Which year did the war end?").answer_type == "time"
    # Not a measure: a post is no figure.
    assert analyse("What position does Vincent Pang hold at Huawei?").answer_type is None


def test_what_did_x_say_about_y_needs_both():
    about = analyse("What did Vincent Pang say about Nokia?")
    assert about.focus == {"nokia"} and about.speaker == {"vincent", "pang"}
    assert not meets_needs(about, "Pang saw interest.", {"pang", "interest"}, {"pang", "vincent"})
    assert meets_needs(about, "Pang praised Nokia.", {"pang", "nokia"}, {"pang", "nokia"})
    # The speaker's own sentence may leave the focus to its passage.
    assert meets_needs(about, "Pang praised the move.", {"pang", "move"}, {"pang", "nokia"})
    # Or to the story's lead, and the speaker to the sentence it continues ('"It was a fair
    # price," he added.' in a story on the Nokia deal).
    added = '"It was a fair price," he added.'
    assert meets_needs(about, added, {"fair", "pric"}, {"pang", "fair"}, topic={"nokia", "deal"})
    assert not meets_needs(about, added, {"fair", "pric"}, {"pang", "fair"}, topic={"ericsson"})


def test_a_sentence_about_another_year_does_not_answer_this_years_question():
    held = analyse("Where were the MTV Europe Awards held this year?")
    assert held.periods == {("this", "year")}
    names = set(content_words("MTV Europe Awards"))
    last = "Last year's big winner at the MTV Europe Awards, held in Edinburgh, was Justin Timberlake."
    assert not meets_needs(held, last, set(content_words(last)), names)
    # A sentence naming no period, or the one asked, may answer.
    rome = "OutKast won three prizes at the MTV Europe Music Awards in Rome."
    assert meets_needs(held, rome, set(content_words(rome)), names)
    both = "This year the MTV Europe Awards were held in Rome, last year in Edinburgh."
    assert meets_needs(held, both, set(content_words(both)), names)
    # Another unit is no contradiction: "last season" says nothing against "this year".
    assert meets_needs(held, "The MTV Europe Awards in Rome capped last season.", set(), names)


def test_a_question_word_behind_a_preposition_asks_the_same():
    assert analyse("By how much did profits rise?").answer_type == "number"
    # A change is asked for, which a share gives: no sum of money is needed.
    assert not analyse("By how much has take-home pay grown?").money
    assert analyse("On what date is the election?").answer_type == "time"
    assert analyse("By what score did Wales win?").answer_type == "number"
    within = analyse("With how many operators is ZTE running trials?")
    assert within.answer_type == "number" and within.count
    assert analyse("From which company did Cairn buy rights?").wh == "what"
    # A preposition before anything else is no question word: "In 2004 ..." is not "how many".
    assert analyse("In 2004, how many?").answer_type is None


def test_other_verbs_of_saying_ask_for_the_speakers_words():
    blamed = analyse("what did saxon spence blame for the lack of campaigning zeal")
    assert blamed.speaker_name == tuple(content_words("saxon spence"))
    # Without "about Y", the rest of the question is what the speaker is asked about.
    assert blamed.subject == frozenset(content_words("lack campaigning zeal"))
    assert analyse("What slogan did Graham Lane say he used?").speaker == frozenset(content_words("Graham Lane"))
    assert analyse("What did Ian Gibson urge Blair to do?").speaker == frozenset(content_words("Ian Gibson"))
    assert not analyse("What price did the prince pay for the Savoy?").speaker
    assert not analyse("What did Vincent Pang say about Nokia?").subject - {"nokia"}


def test_how_much_was_paid_needs_a_sum_of_money():
    paid = analyse("How much is the LTA paying Jimmy Connors?")
    assert paid.money and paid.answer_type == "number"
    days = "Connors spent three days at the LTA camp."
    assert not meets_needs(paid, days, set(content_words(days)), {"lta", "connor", "jimmy"})
    fee = "The LTA is paying Connors $50,000 a year."
    assert meets_needs(paid, fee, set(content_words(fee)), {"lta", "connor", "jimmy"})
    euros = "Connors will be paid 3.5m euros."
    assert meets_needs(paid, euros, set(content_words(euros)), {"lta", "connor", "jimmy"})
    # "How much" of anything else is any amount.
    rise = analyse("How much did Ericsson's sales rise?")
    assert not rise.money
    assert meets_needs(rise, "Sales rose 11%.", {"sale", "rose"}, {"ericsson"})


def test_how_far_a_price_moved_is_a_change_not_a_sum():
    # A price or cost that went up or down moved by a share as often as by a sum.
    moved = analyse("How much did Altria's share price go up after the ruling?")
    assert not moved.money and moved.quantity
    shares = "It sent Reynolds shares up 4.5% and Altria shares up 5.11%."
    # News writes a share price as "shares": the measure asked for is held.
    assert meets_needs(moved, shares, set(content_words(shares)), {"altria", "reynold"})
    assert not analyse("How much did the price of oil fall?").money
    # Money raised, or money itself, is still a sum.
    assert analyse("How much did Glazer raise?").money
    assert analyse("How much money did the firm lose?").money
    assert analyse("How much will the new paint shop cost?").money


def test_how_many_needs_a_count_not_a_sum_or_a_share():
    many = analyse("How many customers did Ericsson lose?")
    assert many.count and not analyse("How much did Ericsson lose?").count
    share = "Ericsson lost 10% of its market share."
    assert not meets_needs(many, share, set(content_words(share)), {"ericsson"})
    cost = "Losing customers cost Ericsson $20m."
    assert not meets_needs(many, cost, set(content_words(cost)), {"ericsson"})
    lost = "Ericsson lost 20,000 customers in 2019."
    assert meets_needs(many, lost, set(content_words(lost)), {"ericsson"})


def test_how_many_needs_a_count_of_what_it_asks_or_of_nothing_named():
    tickets = analyse("How many concert tickets did Sizzla sell for his UK tour?")

    def meets(text: str, q=tickets) -> bool:
        return meets_needs(q, text, set(content_words(text)), {"sizzla", "uk"})

    assert not meets("Sizzla must serve 15 days in prison.")  # counts days
    assert not meets("Sizzla's five-date UK tour was cancelled.")  # counts dates, not the tour
    assert meets("Sizzla sold 20,000 tickets.") and meets("Sizzla said 52 were sold.")  # a bare count
    assert not meets("Sizzla sold 20,000 records.")
    # A synonym the answerer found (rag.answer.counted) names it too.
    assert meets("Sizzla sold 20,000 seats.", replace(tickets, counted_forms=tickets.counted_forms | {"seat"}))
    # A part of a question that counts nothing named ("how many were lost") needs any count.
    assert meets_needs(analyse("How many were lost?"), "Four were lost.", {"lost"}, {"lost"})


def test_how_much_needs_a_sum_a_share_or_a_measure_never_a_count_of_things():
    paying = analyse("How much is the supermarket giant handing over to end the firearms case?")
    assert paying.quantity and not paying.money and not analyse("How many guns were sold?").quantity
    people = "The violations included the sale of guns to 23 people."
    assert not meets_needs(paying, people, set(content_words(people)), set())
    for stated in ("Wal-Mart will pay a total of $14.5m.", "Shares fell 23 percent.", "It needed 965,000 tonnes."):
        assert meets_needs(paying, stated, set(content_words(stated)), set())
    notice = analyse("how much notice did yoran give")
    assert meets_needs(notice, "He gave one day's notice.", {"gave", "day", "notice"}, {"yoran"})
    # "By how much ...?" asks the same.
    assert analyse("By how much did sales fall?").quantity


def test_an_ordinal_in_the_question_must_be_stated():
    third = analyse("How much was Glazer's third bid?")
    second = "Glazer's second bid valued the club at £700m."
    assert not meets_needs(third, second, set(content_words(second)), {"glazer"})
    for stated in ("Glazer's third bid valued the club at £790m.", "Glazer's 3rd bid valued the club at £790m."):
        assert meets_needs(third, stated, set(content_words(stated)), {"glazer"})


def test_a_measure_asked_for_must_be_the_measure_given():
    profit = analyse("What was Ericsson's third-quarter profit?")
    sales = "The company reported third-quarter net sales of 54.8 billion Swedish crowns."
    assert not meets_needs(profit, sales, set(content_words(sales)), {"ericsson"})
    net = "Net profit rose to 1.2 billion crowns."
    # The period asked for ("third") must be stated too, here by the sentences around it.
    assert meets_needs(profit, net, set(content_words(net)), {"ericsson", "third", "quarter"})
    assert not meets_needs(profit, net, set(content_words(net)), {"ericsson"})
    assert analyse("Who owns Huawei?").measure == frozenset()
    # News words a firm's profit as its earnings too.
    earnings = analyse("By what percentage did General Motors' quarterly earnings drop?")
    fall = "General Motors saw its net profits fall 37% in the last quarter of 2004."
    assert meets_needs(earnings, fall, set(content_words(fall)), set(content_words(fall)))
    # A measure only mentioned is not asked for; a margin is of votes as often as of profit.
    assert analyse("How has Japan's central bank tried to tackle falling prices?").measure == frozenset()
    assert analyse("By what margin did the law lords rule against the government?").measure == frozenset()
    assert analyse("What was Nokia's revenue in 2019?").measure == frozenset(content_words("revenue"))


def test_a_figure_in_the_question_may_be_given_by_the_articles_lead():
    q = analyse("Who won the best actor award at the 2005 Baftas?")
    text = "Jamie Foxx won best actor for Ray, while Clive Owen took best supporting actor."
    words = set(content_words(text))
    assert not meets_needs(q, text, words, words | {"bafta"})
    lead = set(content_words("The Aviator took four awards at the 2005 Bafta film awards."))
    assert meets_needs(q, text, words, words | {"bafta"}, lead)
    assert not meets_needs(q, text, words, words | {"bafta"}, set(content_words("the 2004 Bafta awards")))


def test_a_name_made_an_adjective_names_no_one_for_who():
    # "Oscar-nominated" describes the film; the sentence names no one who stars in it.
    q = analyse("Who stars in Hotel Rwanda?")
    cameo = "His roles include a recent cameo in the Oscar-nominated Hotel Rwanda."
    words = set(content_words(cameo))
    assert not meets_needs(q, cameo, words, words)
    star = "The Oscar-nominated Hotel Rwanda stars Don Cheadle."
    assert meets_needs(q, star, set(content_words(star)), set(content_words(star)))


def test_who_is_the_title_wants_the_title_given_to_someone_named():
    assert analyse("Who is the Royal Mail spokeswoman?").title == "spokeswoman"
    assert analyse("Who's the head of Preventon?").title == "head"
    assert analyse("Who is England's new head coach?").title == "coach"
    # A title in a later phrase, a clause or a preposition is not what is asked.
    assert not analyse("Who is key to Arsenal's defence, according to the writer?").title
    assert not analyse("who was on the panel that picked the bbc world cinema winner").title
    assert not analyse("Who is Vincent Pang?").title and not analyse("Who won best director?").title
    assert not analyse("Who were the two Fannie Mae bosses who quit?").title  # the doers of an event
    q = analyse("Who is the Royal Mail spokeswoman?")

    def met(text: str) -> bool:
        words = set(content_words(text))
        return meets_needs(q, text, words, words | {"royal", "mail"})

    assert not met('A spokeswoman for Royal Mail said: "We are investigating a problem in the Mowden area."')
    assert not met("Royal Mail spokeswoman said it was looking into it, Darlington Council said.")
    assert met("Royal Mail spokeswoman Jane Smith said it was looking into it.")
    assert met("Jane Smith, a spokeswoman for Royal Mail, said it was looking into it.")


def test_who_runs_coaches_or_stars_wants_the_verb_as_a_title():
    # A post asked in the present tense, a film's director or star: news writes it as a title.
    assert analyse("Who runs General Motors?").title == "run"
    assert analyse("who coaches ireland").title == "coach"
    assert analyse("Who stars in Hotel Rwanda?").title == "star"
    assert analyse("Who directed Shall We Dance?").title == "direct"
    # The doer of an event is named without a title: "Karl Mullen's led the team to a clean sweep".
    assert not analyse("Who led Ireland to their 1948 clean sweep?").title
    assert not analyse("Who won the race?").title
    q = analyse("Who leads UKIP?")

    def met(text: str) -> bool:
        words = set(content_words(text))
        return meets_needs(q, text, words, words)

    assert met("I was on a cruise and, coincidentally, so was UKIP leader Roger Knapman.")  # a head's title
    assert not met("UKIP's performance was a shocker and showed Mr Morris may have a point.")
    chair = analyse("Who chairs the Environmental Audit Committee?")
    ainsworth = "Chairman of the Environmental Audit Committee Peter Ainsworth MP, said: it is bad."
    assert meets_needs(chair, ainsworth, set(content_words(ainsworth)), set(content_words(ainsworth)))
    star = analyse("Who stars in Cherished?")
    started = "Cherished started filming in Leeds, Mark Smith said."
    assert not meets_needs(star, started, set(content_words(started)), set(content_words(started)))


def test_names_in_the_question_must_be_in_the_passage():
    ceo = analyse("Who is the chief executive of ZTE?")
    assert ceo.names == (frozenset({"zte"}),)
    said = "Ekholm, the chief executive, spoke."
    assert not meets_needs(ceo, said, set(content_words(said)), {"ericsson", "ekholm", "chief", "executive"})
    assert meets_needs(ceo, said, set(content_words(said)), {"zte", "ekholm", "chief", "executive"})


def test_a_nationality_in_the_question_need_not_be_written_and_a_plural_holds_its_name():
    bid = analyse("Which French company might bid for Allied Domecq?")
    said = "Pernod said it was seeking acquisitions."
    assert meets_needs(bid, said, set(content_words(said)), {"pernod", "allied", "domecq"})
    # The company itself still must be there: another story's bidder does not answer.
    assert not meets_needs(bid, said, set(content_words(said)), {"pernod", "seagram"})
    pc = analyse("By how much did sales of PC security programs grow?")
    grew = "Sales of programs to protect PCs rose by 11.2%."
    assert meets_needs(pc, grew, set(content_words(grew)), set(content_words(grew)))


def test_relevance_is_the_share_of_question_terms():
    q = analyse("When did Huawei join the Entity List?")
    assert relevant(q, {"huawei", "entity", "list"}, 0.5)
    assert not relevant(q, {"huawei", "revenue"}, 0.5)


def test_query_is_parsed_once_with_every_rewrite():
    q = parse_query("  Ignore the articles: who is Pang?  ", [], None, QuerySettings())
    assert q.asked == "Ignore the articles: who is Pang?" and q.text == "who is Pang?" and q.rewritten
    assert q.words == ("pang",) and q.terms == {"pang"}
    follow = parse_query(
        "Where did he say it?", [Turn("Who announced the fee?", "Ren Zhengfei did [1].")], None, QuerySettings()
    )
    assert follow.text == "Where did Ren Zhengfei say the fee?"
    with pytest.raises(QuestionError, match="empty"):
        parse_query("   ", [], None, QuerySettings())
    with pytest.raises(QuestionError, match="keep it under 10"):
        parse_query("x" * 11, [], None, QuerySettings(max_chars=10))


def test_follow_up_takes_the_first_person_named():
    last = [Turn("Who is he?", "The U.S. Department of Commerce said Vincent Pang, SVP at Huawei’s unit, agreed.")]
    assert resolve("What did he say?", last) == "What did Vincent Pang say?"
    assert resolve("What did she say?", []) == "What did she say?"


def test_misspelt_name_and_long_word_are_corrected(corpus: Path, tmp_path: Path):
    a = make_assistant(corpus, tmp_path / "idx")
    fixed = a.query("What did Vincent Pangg say about a one time tranfer?").text
    assert fixed == "What did Vincent Pang say about a one time transfer?"  # as the corpus spells it
    # A short common word with real neighbours is left alone.
    assert a.query("How much did Huawei charge?").text == "How much did Huawei charge?"


def test_a_misspelt_name_becomes_a_name_not_a_word(tmp_path: Path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Revenue rose 5 percent in the quarter. Shares rose again on Monday.\n\n"
        "Commerce Secretary Wilbur Ross said the move protects security.\n",
        encoding="utf-8",
    )
    a = make_assistant(folder, tmp_path / "idx")
    # "ros" is one edit from "rose" (two passages) and "ross" (one): only Ross is a name.
    assert a.query("What did Wilbur Ros say?").text == "What did Wilbur Ross say?"
    assert a.query("Who is Ross?").text == "Who is Ross?"


def test_a_name_is_met_by_another_form_of_it_and_figures_inside_names_by_the_name():
    late = analyse("What happened to Cameroonian civil servants who came late?")
    text = "Civil servants who arrived late were locked out."
    assert meets_needs(late, text, set(content_words(text)), {"cameroon", "civil", "servant", "late"})
    assert not meets_needs(late, text, set(content_words(text)), {"nigeria", "civil", "servant", "late"})
    tour = analyse("How long has it been since U2's last world tour?")
    said = "The band are to tour this year, their first for four years."
    assert meets_needs(tour, said, set(content_words(said)), {"u2", "band", "tour"})
    assert not meets_needs(tour, said, set(content_words(said)), {"coldplay", "band", "tour"})


def test_a_list_question_says_how_many_things_it_asks_for():
    assert analyse("Which three prizes did OutKast win?").listed == 3
    assert analyse("Who were the two Fannie Mae bosses who quit?").listed == 2
    assert analyse("Who are EuroDisney's two main shareholders?").listed == 2
    assert analyse("What was Huawei's revenue for the first three quarters?").listed == 0
    assert analyse("What punishment do the two pirates face?").listed == 0


def test_a_two_part_question_is_also_analysed_as_its_two_questions():
    both = analyse("When and where is the Grammy ceremony taking place?")
    assert [p.text for p in both.parts] == [
        "When is the Grammy ceremony taking place?",
        "where is the Grammy ceremony taking place?",
    ]
    assert (both.parts[0].answer_type, both.parts[1].wh) == ("time", "where")
    jobs = analyse("How many jobs were created last year, and how many were lost this year?")
    assert [p.answer_type for p in jobs.parts] == ["number", "number"]
    # The second question may stand behind a preposition, and take the names of the first.
    beat = analyse("Who beat Maurice Greene in the 60m and in what time?")
    assert [p.text for p in beat.parts] == ["Who beat Maurice Greene in the 60m", "what time?"]
    assert beat.parts[1].names == beat.parts[0].names == (frozenset(content_words("Maurice Greene")),)
    assert beat.parts[1].inherits_names and not beat.parts[0].inherits_names
    # "what time" says what kind of answer is asked, not what it is about.
    assert beat.parts[1].form_words == {"time"} and not beat.parts[0].form_words
    # A part with names of its own keeps only those.
    vault = analyse("What did Isinbayeva clear in Lievin and what did she clear in Birmingham?")
    assert vault.parts[1].names == (frozenset(content_words("Birmingham")),)
    # One thing asked, with an "and" inside it: no parts.
    assert analyse("Who bought the Savoy and the Ritz?").parts == ()
    assert analyse("What did Vincent Pang say about one-time transfers?").parts == ()


def test_a_speakers_word_inside_someone_elses_name_is_not_the_speaker():
    from rag.answer.subjects import others_named

    green = analyse("What did Sir Andrew Green say about overcrowding?")
    assert others_named(green, "Ms Roche, MP for Hornsey and Wood Green, disagrees.") == {"green"}
    assert not others_named(green, "Sir Andrew Green, chairman of Migration Watch, disagrees.")
    assert not others_named(green, "Mr Green said so.")
    blair = analyse("What did Tony Blair say?")
    assert others_named(blair, "Cherie Blair said.") == {"blair"}
    assert not others_named(blair, "Prime Minister Tony Blair said.")
    # A body named just before "Mr Straw" is not a name of his.
    straw = analyse("What did Jack Straw say about Michael Howard?")
    assert not others_named(straw, "In a speech to the Foreign Policy Centre Mr Straw said of the Tory leader:")
    # Asked for by one word, the speaker may be anyone who bears it; a misspelling is still them.
    assert not others_named(analyse("What did Blair say?"), "Cherie Blair said.")
    assert not others_named(analyse("What did Vincent Pang say?"), "Pango also highlighted the cost.")


def test_a_plural_acronym_is_held_by_the_acronym():
    from rag.answer.subjects import holds_name

    mps = analyse("Which MPs co-chair the Middle Way Group?").names
    assert frozenset(content_words("MPs")) in mps
    assert holds_name(frozenset(content_words("MPs")), set(content_words("Tory MP Peter Luff")))
    # The singular itself, not any short word: MEPs are not MPs.
    assert not holds_name(frozenset(content_words("MPs")), set(content_words("Labour MEP Glenys Kinnock")))


def test_a_country_is_held_by_its_other_names_and_not_by_its_cities():
    from rag.answer.subjects import holds_name

    america = analyse("What did the DS cost in America?")
    assert frozenset(content_words("America")) in america.names
    sentence = "The DS went on sale in the US in mid-November priced $150."
    assert meets_needs(america, sentence, set(content_words(sentence)), set(content_words(sentence)))
    uk = frozenset(content_words("the United Kingdom"))
    assert holds_name(uk, set(content_words("Britain's nuclear sites")))
    # Another country, or a city of this one, is not it.
    assert not holds_name(frozenset(content_words("America")), set(content_words("sold in the UK")))
    assert not holds_name(frozenset(content_words("Britain")), set(content_words("the London premiere")))


def test_a_body_is_not_held_by_the_kind_of_body_alone():
    from rag.answer.subjects import holds_name

    supreme = frozenset(content_words("Supreme Court"))
    assert supreme in analyse("Why did the Supreme Court overturn the tobacco ruling?").names
    # "a court" may be any court; "the Supreme Court" or "the supreme court's" is this one.
    assert not holds_name(supreme, set(content_words("Justice Department is to try to overturn a court ruling")))
    assert holds_name(supreme, set(content_words("the supreme court said")))
    assert not holds_name(frozenset(content_words("Bank of England")), set(content_words("the Bank said")))
    # A person is still held by the surname alone, a one-word body by itself.
    assert holds_name(frozenset(content_words("Jack Straw")), set(content_words("Mr Straw said")))
    assert holds_name(frozenset(content_words("Labour")), set(content_words("the Labour party")))


def test_a_country_is_held_by_the_adjective_of_its_people():
    from rag.answer.subjects import holds_name

    assert holds_name(frozenset(content_words("France")), set(content_words("trademark French inconsistency")))
    assert holds_name(frozenset(content_words("Wales")), set(content_words("the Welsh pack")))
    assert not holds_name(frozenset(content_words("France")), set(content_words("the Welsh pack")))


def test_a_nationality_is_not_who_or_where():
    who = analyse("Who beat Maurice Greene in the 60m?")
    fellow = "It was Greene's second 60m defeat at the hands of his fellow American."
    named = "In the 60m, Maurice Greene could only finish second to Leonard Scott."
    assert not meets_needs(who, fellow, set(content_words(fellow)), set(content_words(fellow)))
    assert meets_needs(who, named, set(content_words(named)), set(content_words(named)))


def test_an_amount_asked_for_is_another_figure_than_the_questions_own():
    time = analyse("Who beat Maurice Greene in the 60m, and in what time?").parts[1]
    assert time.answer_type == "number" and time.given == {"60"}
    named = "In the 60m, Maurice Greene could only finish second to Leonard Scott."
    timed = "Scott won the 60m in 6.46 seconds, ahead of Maurice Greene."
    assert not meets_needs(time, named, set(content_words(named)), set(content_words(named)))
    assert meets_needs(time, timed, set(content_words(timed)), set(content_words(timed)))
    # A "when" question's year may still be its answer's: only amounts are held to this.
    when = analyse("When in 2004 did Greene lose?")
    assert meets_needs(when, "Greene lost in February 2004.", {"greene"}, {"greene"})


def test_a_speakers_misspellings_are_not_other_words():
    from rag.answer.query import misspellings

    assert "pango" in misspellings("pang") and "pango" in misspellings("pangg")  # added, or changed at the end
    assert "howrad" in misspellings("howard")  # a long name: letters swapped too
    # Not another word one edit away: "Mike" is not "make", "boss" not "loss", "Howard" not "toward".
    assert not {"make", "like"} & misspellings("mike")
    assert "loss" not in misspellings("boss") and "toward" not in misspellings("howard")
    assert "open" not in analyse("What did Owen say about Liverpool?").speaker_forms
