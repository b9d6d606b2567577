//! Rules over the tagger's names: people after titles ("special envoy Steve Witkoff",
//! "BlackRock CEO Larry Fink"), laws ("Article 5"), and the OntoNotes types that CoNLL's four
//! do not tell apart (GPE from LOC, NORP from the other kinds of MISC).

use super::lexicon::{self, Gazetteer};
use super::Found;
use crate::model::Label;

/// Words that stand before a person's name as a title or role.
pub(super) const TITLES: &[&str] = &[
    "president",
    "vice",
    "senator",
    "sen.",
    "rep.",
    "representative",
    "congressman",
    "congresswoman",
    "gov.",
    "governor",
    "mayor",
    "minister",
    "secretary",
    "chancellor",
    "envoy",
    "ambassador",
    "ceo",
    "cfo",
    "coo",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "judge",
    "justice",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "prof.",
    "professor",
    "general",
    "gen.",
    "col.",
    "colonel",
    "lt.",
    "sgt.",
    "capt.",
    "captain",
    "adm.",
    "admiral",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "rabbi",
    "rev.",
    "reverend",
    "speaker",
    "commissioner",
    "coach",
    "founder",
    "premier",
    "attorney",
    "prosecutor",
    "lawyer",
    "nominee",
    "candidate",
    "adviser",
    "advisor",
    "official",
    "officer",
    "leader",
    "emir",
    "ayatollah",
    "cardinal",
    "bishop",
    "sir",
    "lord",
    "lady",
    "dame",
    "mr",
    "mrs",
    "ms",
    "dr",
    "economist",
    "analyst",
    "strategist",
];

/// Title words that may end a title inside a capitalised run without being a name
/// ("BlackRock CEO Larry Fink", "Ukrainian President Volodymyr Zelenskyy").
/// Whether token `index` is a title, by the flags looked up once per token (`word_flags`).
fn is_title(flags: &[u8], index: usize) -> bool {
    flags.get(index).is_some_and(|f| f & lexicon::TITLE != 0)
}

use crate::tokens::is_title_case as is_capitalised;

/// People after titles: a run containing a title is split there, and the capitalised words
/// right after a title (skipping an editor's "[Donald]") become a person.
pub fn people_after_titles(
    words: &[&str],
    flags: &[u8],
    starts: impl Fn(usize) -> bool,
    found: &mut Vec<Found>,
) {
    // Split runs at a title inside them: "BlackRock CEO Larry Fink" → BlackRock, Larry Fink.
    let mut index = 0;
    while index < found.len() {
        let run = found[index];
        // A title opening an organisation's name is part of it ("General Electric", "Justice
        // Department"), so only a person's run is split at its first word.
        let title = (run.first..run.end).find(|&i| {
            is_title(flags, i) && i + 1 < run.end && (i > run.first || run.label == Label::Person)
        });
        if let Some(title) = title {
            let mut pieces = Vec::new();
            if title > run.first && !is_title(flags, title - 1) {
                pieces.push(Found {
                    first: run.first,
                    end: title,
                    label: run.label,
                });
            }
            pieces.push(Found {
                first: title + 1,
                end: run.end,
                label: Label::Person,
            });
            found.splice(index..index + 1, pieces);
        }
        index += 1;
    }
    // Capitalised words after a title are a person, whatever the tagger said. Changes are
    // collected and applied once, so an article with many titles stays linear.
    let owner = owners(words.len(), found);
    let mut dead = vec![false; found.len()];
    let mut people = Vec::new();
    for title in 0..words.len() {
        if !is_title(flags, title) {
            continue;
        }
        let mut first = title + 1;
        // "President [Donald] Trump": the editor's insertion is skipped, and is no mention.
        if words.get(first) == Some(&"[") {
            match (first..words.len().min(first + 5)).find(|&i| words[i] == "]") {
                Some(close) => {
                    for run in owner[first..close].iter().filter_map(|&o| o) {
                        dead[run] = true;
                    }
                    first = close + 1;
                }
                None => continue,
            }
        }
        // A name after a title stays in the title's sentence (a headline's "Mayor Signs Budget"
        // must not reach into the next line).
        let mut end = first;
        while end < words.len()
            && end - first < 3
            && is_capitalised(words[end])
            && !is_title(flags, end)
            && !starts(end)
        {
            end += 1;
        }
        if end == first
            || lexicon::is_month_or_day(words[first])
            || words[first..end].iter().any(|w| lexicon::is_organisation_word(w))
        {
            continue;
        }
        // Only a run the tagger found, or one it missed entirely, is relabelled: a title before
        // an organisation ("Secretary of State") has no capitalised word right after it.
        let overlapping: Vec<usize> = owner[first..end].iter().filter_map(|&o| o).collect();
        if overlapping
            .iter()
            .any(|&i| found[i].first < first || found[i].end > end + 1)
        {
            continue;
        }
        for &i in &overlapping {
            dead[i] = true;
        }
        people.push(Found {
            first,
            end,
            label: Label::Person,
        });
    }
    apply(found, &dead, people);
}

/// For each token, the index of the run of `found` covering it.
fn owners(len: usize, found: &[Found]) -> Vec<Option<usize>> {
    let mut owner = vec![None; len];
    for (index, run) in found.iter().enumerate() {
        for slot in owner.get_mut(run.first..run.end).into_iter().flatten() {
            *slot = Some(index);
        }
    }
    owner
}

/// Drops the `dead` runs, adds `new` ones and restores the order by position.
fn apply(found: &mut Vec<Found>, dead: &[bool], new: Vec<Found>) {
    if new.is_empty() && !dead.contains(&true) {
        return;
    }
    let mut index = 0;
    found.retain(|_| {
        index += 1;
        !dead.get(index - 1).copied().unwrap_or(false)
    });
    found.extend(new);
    found.sort_by_key(|f| (f.first, f.end));
}

/// Datelines: the words in capitals that open a dateline (`opens` says where one is, as
/// `sentences::dateline_length` recognises it) and come before its dash, comma or "(AP)" name
/// the place the story was filed from ("WASHINGTON—", "MIDWAY ATOLL -", "WILMINGTON, Del. —"),
/// over what the tagger made of them when it saw a place there or the gazetteer knows one.
pub fn datelines(words: &[&str], opens: impl Fn(usize) -> bool, found: &mut Vec<Found>) {
    let capitals = |word: &str| {
        word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
    };
    let mut places = Vec::new();
    for first in (0..words.len()).filter(|&i| opens(i)) {
        let mut end = first;
        while end < words.len() && end - first < 3 && capitals(words[end]) {
            end += 1;
        }
        let next = words.get(end).copied().unwrap_or("");
        if end > first && matches!(next, "—" | "–" | "-" | "--" | "," | "(") {
            places.push(Found {
                first,
                end,
                label: Label::Gpe,
            });
        }
    }
    if places.is_empty() {
        return;
    }
    let owner = owners(words.len(), found);
    // In CoNLL's Reuters briefs "RTRS -", "NOTE -", "RUGBY UNION -" open a sentence just as a
    // dateline does (across folds of its training data the rule cost 0.2 F1 without this). So
    // the capitals are a place when the gazetteer knows it, when the tagger saw only places
    // there, when the tagger saw nothing and a long dash or "(" follows, or when the article
    // also writes the words in title case ("MIDWAY ATOLL -" … "Midway Atoll").
    let gazetteer = Gazetteer::get();
    let mut title_cased: Option<std::collections::HashSet<String>> = None;
    places.retain(|p| {
        if gazetteer.is_place(&words[p.first..p.end]) {
            return true;
        }
        let mut runs = owner[p.first..p.end].iter().filter_map(|&o| o).peekable();
        let plausible = match runs.peek() {
            Some(_) => runs.all(|run| matches!(found[run].label, Label::Gpe | Label::Loc)),
            None => !matches!(words.get(p.end).copied(), Some("-" | ",")),
        };
        if plausible {
            return true;
        }
        let title_cased = title_cased.get_or_insert_with(|| {
            words
                .iter()
                .filter(|w| is_capitalised(w))
                .map(|w| w.to_lowercase())
                .collect()
        });
        words[p.first..p.end]
            .iter()
            .all(|w| title_cased.contains(&w.to_lowercase()))
    });
    let mut dead = vec![false; found.len()];
    for place in &places {
        for run in owner[place.first..place.end].iter().filter_map(|&o| o) {
            // A run reaching past the dateline is another name; leave both alone.
            if found[run].end > place.end {
                continue;
            }
            dead[run] = true;
        }
    }
    let places = places
        .into_iter()
        .filter(|p| {
            owner[p.first..p.end]
                .iter()
                .filter_map(|&o| o)
                .all(|run| dead[run])
        })
        .collect();
    apply(found, &dead, places);
}

/// A name alone between quotation marks is a title: a show, a book, a film ("“Fox News
/// Sunday,”", "“Shark Tank.”").
pub fn quoted_titles(words: &[&str], found: &mut [Found]) {
    for run in found.iter_mut() {
        let opened = run.first > 0 && matches!(words[run.first - 1], "“" | "\"");
        let mut after = run.end;
        while words
            .get(after)
            .is_some_and(|w| matches!(*w, "," | "." | "?" | "!"))
        {
            after += 1;
        }
        let closed = words.get(after).is_some_and(|w| matches!(*w, "”" | "\""));
        if opened && closed && run.label != Label::Person {
            run.label = Label::WorkOfArt;
        }
    }
}

/// Words for a person's relatives and staff: a name owning one is a person ("Trump’s
/// son-in-law", "Biden's spokesman").
const KIN: &[&str] = &[
    "son-in-law",
    "daughter-in-law",
    "wife",
    "husband",
    "son",
    "daughter",
    "father",
    "mother",
    "brother",
    "sister",
    "widow",
    "lawyer",
    "lawyers",
    "attorney",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "aides",
    "aide",
    "chief",
    "predecessor",
    "successor",
    "children",
    "family",
];

/// A person's run that starts with a middle initial takes the capitalised word before it:
/// "Donald J. Trump", where the tagger sometimes leaves "Donald" out or gives it another type.
pub fn first_names_before_initials(
    words: &[&str],
    flags: &[u8],
    starts: impl Fn(usize) -> bool,
    found: &mut Vec<Found>,
) {
    let owner = owners(words.len(), found);
    let mut dead = vec![false; found.len()];
    for index in 0..found.len() {
        let run = found[index];
        let initial = words[run.first];
        let is_initial = initial.len() == 2
            && initial.ends_with('.')
            && initial.starts_with(|c: char| c.is_ascii_uppercase());
        if run.label != Label::Person || !is_initial || run.first == 0 || starts(run.first) {
            continue;
        }
        let before = run.first - 1;
        if !is_capitalised(words[before]) || is_title(flags, before) {
            continue;
        }
        // The first name may stand alone or be a one-word name of another type the tagger saw
        // ("Donald" ORG + "J. Trump" PER, "Benjamin" + "L. Cardin").
        match owner[before] {
            None => found[index].first = before,
            Some(other) if found[other].first == before && !dead[other] => {
                dead[other] = true;
                found[index].first = before;
            }
            Some(_) => {}
        }
    }
    apply(found, &dead, Vec::new());
}

/// A name followed by a possessive and a word for kin or staff is a person.
pub fn people_by_relation(words: &[&str], found: &mut [Found]) {
    for run in found.iter_mut() {
        let possessive = words.get(run.end).is_some_and(|w| matches!(*w, "’s" | "'s"));
        let relation = words.get(run.end + 1).is_some_and(|w| KIN.contains(w));
        if possessive && relation && run.end - run.first <= 3 && run.label != Label::Person {
            run.label = Label::Person;
        }
    }
}

/// "Article 5", "Article Five", "Section 230", "the First Amendment": laws, over whatever the
/// tagger found there.
pub fn laws(words: &[&str], found: &mut Vec<Found>) {
    let mut laws: Vec<Found> = Vec::new();
    for index in 0..words.len() {
        let (first, end) = match words[index] {
            "Article" | "Section" | "Title" | "Chapter" => {
                let next = words.get(index + 1).copied().unwrap_or("");
                if lexicon::is_number(next) || is_roman(next) {
                    (index, index + 2)
                } else {
                    continue;
                }
            }
            "Amendment" if index > 0 && lexicon::is_ordinal(words[index - 1]) => (index - 1, index + 1),
            _ => continue,
        };
        if laws.last().is_some_and(|last| last.end > first) {
            continue;
        }
        laws.push(Found {
            first,
            end,
            label: Label::Law,
        });
    }
    let owner = owners(words.len(), found);
    let mut dead = vec![false; found.len()];
    for law in &laws {
        for run in owner[law.first..law.end.min(words.len())]
            .iter()
            .filter_map(|&o| o)
        {
            dead[run] = true;
        }
    }
    apply(found, &dead, laws);
}

fn is_roman(word: &str) -> bool {
    !word.is_empty() && word.len() <= 5 && word.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
}

/// The OntoNotes label of each run: GPE or LOC for CoNLL's LOC, and NORP, EVENT, LAW, LANGUAGE,
/// WORK_OF_ART or PRODUCT for its MISC.
pub fn refine(words: &[&str], found: &mut [Found]) {
    let gazetteer = Gazetteer::get();
    for run in found.iter_mut() {
        let names = &words[run.first..run.end];
        let last = names.last().copied().unwrap_or("");
        run.label = match run.label {
            Label::Gpe | Label::Loc if names == ["White", "House"] || names == ["Kremlin"] => Label::Org,
            Label::Gpe | Label::Loc => {
                if gazetteer.is_region(names) || names.iter().any(|w| lexicon::is_landform(w)) {
                    Label::Loc
                } else if names.iter().any(|w| lexicon::is_facility(w)) {
                    Label::Fac
                } else {
                    Label::Gpe
                }
            }
            Label::Norp => {
                if names.iter().any(|w| lexicon::is_law_word(w)) {
                    Label::Law
                } else if names.iter().any(|w| lexicon::is_event_word(w)) {
                    Label::Event
                } else if names.len() == 1
                    && lexicon::is_language(last)
                    && run.first > 0
                    && matches!(
                        words[run.first - 1],
                        "in" | "speak" | "speaks" | "spoke" | "speaking"
                    )
                {
                    Label::Language
                } else if (names.len() <= 2 && lexicon::looks_like_group(last))
                    || (names.len() == 1 && !lexicon::looks_like_product(last))
                {
                    Label::Norp
                } else {
                    Label::Product
                }
            }
            // A "person" ending in "Center" or "Department" is the tagger meeting an unknown name.
            Label::Person if heads_organisation(last) || lexicon::is_organisation_word(last) => Label::Org,
            Label::Person if lexicon::is_facility(last) => Label::Fac,
            Label::Person if lexicon::is_landform(last) => Label::Loc,
            label => label,
        };
    }
}

/// Words that head an organisation's name and take an "of"/"for" complement ("Centers for
/// Disease Control and Prevention", "Bank of England", "University of California").
fn heads_organisation(word: &str) -> bool {
    matches!(
        word,
        "Centers"
            | "Center"
            | "Centre"
            | "Institute"
            | "Department"
            | "Ministry"
            | "Bank"
            | "Council"
            | "Committee"
            | "Commission"
            | "Office"
            | "Bureau"
            | "Agency"
            | "Association"
            | "Federation"
            | "Organization"
            | "Organisation"
            | "Union"
            | "University"
            | "Foundation"
            | "Board"
            | "Court"
            | "School"
            | "College"
            | "League"
            | "Society"
            | "Alliance"
            | "Academy"
            | "Corporation"
            | "Authority"
            | "Chamber"
            | "Coalition"
            | "Conference"
            | "Fund"
            | "Museum"
            | "Church"
    )
}

/// Extends an organisation over its "of"/"for" complement, whatever the tagger made of it:
/// IO tags cannot keep "for" and "and" inside a name, so "Centers for Disease Control and
/// Prevention" comes out in pieces.
pub fn organisation_complements(words: &[&str], flags: &[u8], found: &mut Vec<Found>) {
    let owner = owners(words.len(), found);
    let mut dead = vec![false; found.len()];
    let mut grown = Vec::new();
    for (index, run) in found.iter().enumerate() {
        if dead[index] || !matches!(run.label, Label::Org) || !heads_organisation(words[run.end - 1]) {
            continue;
        }
        let mut end = run.end;
        let mut at = run.end;
        // Connectors followed by capitalised words: "for Disease Control", "and Prevention".
        while at + 1 < words.len() && matches!(words[at], "of" | "for" | "and" | "on") {
            let mut next = at + 1;
            if words[next] == "the" {
                next += 1;
            }
            let mut stop = next;
            while stop < words.len() && is_capitalised(words[stop]) && !is_title(flags, stop) {
                stop += 1;
            }
            if stop == next || (words[at] == "and" && end == run.end) {
                break;
            }
            end = stop;
            at = stop;
        }
        if end == run.end {
            continue;
        }
        for other in owner[run.end..end].iter().filter_map(|&o| o) {
            dead[other] = true;
        }
        dead[index] = true;
        grown.push(Found {
            first: run.first,
            end,
            label: Label::Org,
        });
    }
    apply(found, &dead, grown);
}
