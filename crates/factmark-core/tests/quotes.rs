//! Quote detection: tables of articles and the exact quotes, labels and speakers expected,
//! and properties that hold for any input.

use factmark_core::entities::{self, EntityMention};
use factmark_core::quotes::{self, QuoteMention};
use factmark_core::{Label, Span};
use proptest::prelude::*;

/// One line per quote: `TEXT | LABEL | speaker`, the speaker `-` when there is none.
fn describe(text: &str, quotes: &[QuoteMention]) -> String {
    quotes
        .iter()
        .map(|q| {
            let speaker = q.speaker.as_ref().map_or("-", |s| s.span.slice(text));
            format!("{} | {} | {}\n", q.span.slice(text), q.label.as_str(), speaker)
        })
        .collect()
}

/// Detects the quotes of `text` (with the entity pass's mentions, as `analyze` does) and
/// compares them with `expected`, written in the form `describe` prints.
fn check(text: &str, expected: &[(&str, Label, &str)]) {
    let found = quotes::detect(text, &entities::detect(text));
    let expected: String = expected
        .iter()
        .map(|(quote, label, speaker)| format!("{quote} | {} | {speaker}\n", label.as_str()))
        .collect();
    let actual = describe(text, &found);
    if actual != expected {
        panic!("\nin:\n{text}\n\nexpected:\n{expected}\nfound:\n{actual}");
    }
}

use Label::{Statement as S, Term as T};

#[test]
fn quotation_marks_of_every_kind() {
    check(
        "“We will win,” Jane Doe said on Monday.",
        &[("“We will win,”", S, "Jane Doe")],
    );
    check(
        "\"We are ready,\" said the minister.",
        &[("\"We are ready,\"", S, "the minister")],
    );
    check(
        "Jane Doe said: ‘We will win the election in November.’",
        &[("‘We will win the election in November.’", S, "Jane Doe")],
    );
    check(
        "«We are ready for this fight,» the minister said.",
        &[("«We are ready for this fight,»", S, "the minister")],
    );
    check(
        "„We are ready for the next step“, the minister said.",
        &[("„We are ready for the next step“", S, "the minister")],
    );
    check(
        "''It is a mistake to do this now,'' the senator said.",
        &[("''It is a mistake to do this now,''", S, "the senator")],
    );
}

#[test]
fn apostrophes_are_not_quotation_marks() {
    check(
        "What’s Russia’s plan for rock ’n’ roll in the ’90s? The cops’ union won’t say.",
        &[],
    );
    check(
        "It's the '90s and rock 'n' roll isn't dead, the players' union said.",
        &[],
    );
}

#[test]
fn speakers_before_and_after_the_quote() {
    check(
        "“The plan is dead and buried now,” according to a senior aide.",
        &[("“The plan is dead and buried now,”", S, "a senior aide")],
    );
    check(
        "Speaking to reporters, the officials said: “Talks will resume on Friday in Geneva.”",
        &[("“Talks will resume on Friday in Geneva.”", S, "the officials")],
    );
    check(
        "Doe called the plan a “disaster” on Monday.",
        &[("“disaster”", S, "Doe")],
    );
    check(
        "Later Jane Doe, who called it “a disaster,” left the room.",
        &[("“a disaster,”", S, "who")],
    );
    check(
        "“We have no comment at this time,” a spokesman for the campaign said.",
        &[(
            "“We have no comment at this time,”",
            S,
            "a spokesman for the campaign",
        )],
    );
    // Names that look like adverbs or stop words are still names.
    check(
        "“Elections matter,” Kelly said. “It is a business model,” said Will Doyle, a professor.",
        &[
            ("“Elections matter,”", S, "Kelly"),
            ("“It is a business model,”", S, "Will Doyle"),
        ],
    );
    // The quoted sentence runs on after the quote, and its speaker follows the cue.
    check(
        "“Campaigns have the money” but not the will, says Evan Tracey, a consultant.",
        &[("“Campaigns have the money”", S, "Evan Tracey")],
    );
    check(
        "Jane Doe issued a statement saying the plan was “dead on arrival.”",
        &[("“dead on arrival.”", S, "Jane Doe")],
    );
    check(
        "“The voters have spoken,” they conclude.",
        &[("“The voters have spoken,”", S, "they")],
    );
    check(
        "Trump at the time said he was “not quite there yet” on the deal.",
        &[("“not quite there yet”", S, "Trump")],
    );
    check(
        "On health care, she vows to “defend the law against every repeal.”",
        &[("“defend the law against every repeal.”", S, "she")],
    );
    // A colon hands the quote to the name just before it, or to what the sentence opened with.
    check(
        "Pollsters agree - Carl Bialik: “Keep on contacting voters as late as possible.”",
        &[(
            "“Keep on contacting voters as late as possible.”",
            S,
            "Carl Bialik",
        )],
    );
    check(
        "A footnote in the report makes that clear: “These rules do not apply to the top staff.”",
        &[("“These rules do not apply to the top staff.”", S, "A footnote")],
    );
    check(
        "''I would use the word 'old-school,''' said Gregory Slayton, a friend.",
        &[("''I would use the word 'old-school,''", S, "Gregory Slayton")],
    );
    check(
        "Asked about the deal, Rubio fired back: “If they sue us in Miami, they will lose.”",
        &[("“If they sue us in Miami, they will lose.”", S, "Rubio")],
    );
    check(
        "“Let me talk,” Trump shot back. “America is great again!” read one.",
        &[
            ("“Let me talk,”", S, "Trump"),
            ("“America is great again!”", S, "one"),
        ],
    );
    check(
        "Hours later, Trump returned the compliment, telling Reuters, “He is an amazing man.”",
        &[("“He is an amazing man.”", S, "Trump")],
    );
    check(
        "Obama said “it gets me mad” every time he thinks about the victims.",
        &[("“it gets me mad”", S, "Obama")],
    );
    check(
        "Yesterday Carly Fiorina: “Bill Clinton is fair game in this race.”",
        &[("“Bill Clinton is fair game in this race.”", S, "Fiorina")],
    );
    check(
        "As Tom Ridge, a former secretary, put it: “The barbarians are inside the gate.”",
        &[("“The barbarians are inside the gate.”", S, "Tom Ridge")],
    );
    check(
        "Eight years ago, he backed Obama over Clinton and said, “She has never done a thing for us.”",
        &[("“She has never done a thing for us.”", S, "he")],
    );
    check(
        "Barkley said he typically votes for Democrats.\n\n“And it is sad that our company sold its soul.”",
        &[("“And it is sad that our company sold its soul.”", S, "Barkley")],
    );
    // A quote relayed through a source belongs to the source.
    check(
        "“We will not stop now,” the judge said, according to the Post.",
        &[("“We will not stop now,”", S, "the Post")],
    );
}

#[test]
fn listed_quotes_and_sentence_subjects() {
    check(
        "Trump called the winner “Miss Piggy” and “Miss Housekeeping” in 1996.",
        &[("“Miss Piggy”", S, "Trump"), ("“Miss Housekeeping”", S, "Trump")],
    );
    check(
        "Trump is promising lower taxes and “jobs, jobs, jobs,” but no details.",
        &[("“jobs, jobs, jobs,”", S, "Trump")],
    );
    check(
        "The Times reports:\n“Turnout fell in every county that voted on Tuesday.”",
        &[(
            "“Turnout fell in every county that voted on Tuesday.”",
            S,
            "The Times",
        )],
    );
    check(
        "The talks stalled, Schiff said. “The other factor is time.”",
        &[("“The other factor is time.”", S, "Schiff")],
    );
    check(
        "“Welcome, Bobby!” state Del. Marcia Price shouted to the crowd.",
        &[("“Welcome, Bobby!”", S, "state Del. Marcia Price")],
    );
    check(
        "“This is the worst deal ever made by anyone.” ― Jane Doe",
        &[("“This is the worst deal ever made by anyone.”", S, "Jane Doe")],
    );
}

#[test]
fn split_and_continued_quotes_share_their_speaker() {
    check(
        "“We will win,” she said, “and we will win big.”",
        &[("“We will win,”", S, "she"), ("“and we will win big.”", S, "she")],
    );
    check(
        "“It was close,” Doe said. “But we held on.”",
        &[("“It was close,”", S, "Doe"), ("“But we held on.”", S, "Doe")],
    );
    check(
        "“We will win this race in every county.\n“And then we govern,” she said.",
        &[
            ("“We will win this race in every county.", S, "she"),
            ("“And then we govern,”", S, "she"),
        ],
    );
}

#[test]
fn nested_quotes_are_found_inside_their_quote() {
    check(
        "“He told me ‘never give up on this,’ and I listened,” Doe said.",
        &[
            ("“He told me ‘never give up on this,’ and I listened,”", S, "Doe"),
            ("‘never give up on this,’", S, "Doe"),
        ],
    );
}

#[test]
fn terms_are_quoted_words_nobody_is_said_to_have_said() {
    check(
        "The deal offers “ironclad” protections and a “recovery dividend” involving farmers.",
        &[("“ironclad”", T, "-"), ("“recovery dividend”", T, "-")],
    );
    check(
        "She appeared on CNN’s “State of the Union” on Sunday.",
        &[("“State of the Union”", T, "-")],
    );
    check(
        "Senator Robert C. “Bobby” Scott said it was “a mistake” to vote.",
        &[("“Bobby”", T, "-"), ("“a mistake”", S, "Scott")],
    );
    check(
        "Intro.\n‘Legend in the Coal Fields.’\nMore text.",
        &[("‘Legend in the Coal Fields.’", T, "-")],
    );
}

#[test]
fn an_unbalanced_mark_stays_in_its_paragraph() {
    check(
        "“This never closes and goes on\nThen “a real quote that is long enough,” Doe said.",
        &[("“a real quote that is long enough,”", S, "Doe")],
    );
    check("An inch mark 5\" and \"an open quote\nthat never closes.", &[]);
}

#[test]
fn speakers_refer_to_the_person_they_name() {
    let text = "Jane Doe spoke on Monday. “We will win,” she said. “We will win,” Doe said.";
    let person = |start: usize, end: usize, key: &str| EntityMention {
        span: Span::new(start, end),
        label: Label::Person,
        key: key.to_owned(),
    };
    let doe = text.rfind("Doe").expect("the surname is in the text");
    let entities = vec![person(0, 8, "Jane Doe"), person(doe, doe + 3, "Doe")];
    let found = quotes::detect(text, &entities);
    let refers: Vec<Option<usize>> = found
        .iter()
        .map(|q| q.speaker.as_ref().and_then(|s| s.refers_to))
        .collect();
    assert_eq!(refers, [Some(0), Some(0)], "{}", describe(text, &found));
}

/// Every span lies inside the text on char boundaries, quotes are sorted, and speakers point
/// at entities that exist.
fn assert_well_formed(text: &str) {
    let entities = entities::detect(text);
    let found = quotes::detect(text, &entities);
    let inside = |span: Span| {
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
    };
    for quote in &found {
        assert!(inside(quote.span), "{quote:?} in {text:?}");
        assert!(matches!(quote.label, Label::Statement | Label::Term));
        if let Some(speaker) = &quote.speaker {
            assert!(inside(speaker.span), "{speaker:?} in {text:?}");
            assert!(speaker.refers_to.is_none_or(|i| i < entities.len()));
        }
    }
    assert!(found
        .windows(2)
        .all(|pair| pair[0].span.start <= pair[1].span.start));
}

#[test]
fn thousands_of_unmatched_marks() {
    for mark in ["“", "”", "\"", "'", "‘", "’", "«", "„", "''"] {
        assert_well_formed(&mark.repeat(5000));
        assert_well_formed(&format!("{} said he. ", mark).repeat(2000));
    }
    let mixed = "“a ‘b \"c «d „e ”f’ g\" h» i“ j\n".repeat(500);
    assert_well_formed(&mixed);
}

fn quote_heavy_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec!['“', '”', '"', '\'', '‘', '’', '«', '»', '„', '\n', ' ', ',', '.', ':', '―', '(', ')', '=']),
        3 => prop::char::range('a', 'z'),
        1 => prop::char::range('A', 'Z'),
        1 => any::<char>(),
    ]
}

proptest! {
    #[test]
    fn any_text_gives_well_formed_quotes(chars in prop::collection::vec(quote_heavy_char(), 0..300)) {
        assert_well_formed(&chars.into_iter().collect::<String>());
    }

    #[test]
    fn quote_shaped_text_gives_well_formed_quotes(
        words in prop::collection::vec(prop::sample::select(vec![
            "“", "”", "said", "he", "she", "Jane", "Doe", ",", ".", "‘", "’", "\"", "\n", "according", "to",
            "called", "the", "official", "—", ":", "What’s", "'", "''", "a",
        ]), 0..120)
    ) {
        assert_well_formed(&words.join(" "));
        assert_well_formed(&words.concat());
    }
}
