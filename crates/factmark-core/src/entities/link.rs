//! Linking: the canonical name (`key`) of every mention, so that "Volodymyr Zelenskyy", a later
//! "Zelenskyy" and "Zelenskyy himself" are one entity. People are linked by surname to the
//! fullest name the article gives; a name the article once gives as a person is a person
//! everywhere in it ("President Trump" … "Trump said"); a few places have aliases.

use super::Found;
use crate::model::Label;
use std::collections::HashMap;

/// Each person's surname (and each one-word person) → the fullest name given for it, first come
/// first kept.
fn people<'a>(words: &[&'a str], names: &'a [String], found: &[Found]) -> HashMap<&'a str, &'a str> {
    let mut people: HashMap<&str, &str> = HashMap::new();
    for (f, name) in found.iter().zip(names) {
        if f.label != Label::Person {
            continue;
        }
        if f.end - f.first >= 2 {
            let surname = words[f.end - 1];
            let known = people.get(surname).is_some_and(|n| n.contains(' '));
            if !known {
                people.insert(surname, name);
            }
        } else {
            people.entry(name).or_insert(name);
        }
    }
    people
}

/// Relabels as a person every name that the article gives as a person somewhere.
/// `names[i]` is the text of `found[i]` with its white space made single spaces.
pub fn people_everywhere<'a>(words: &[&'a str], names: &'a [String], found: &mut [Found]) {
    let people = people(words, names, found);
    // A name that is a person somewhere is a person everywhere in the article, when the article
    // calls it a person at least as often as something else: one headline's "Lebed Chechnya"
    // must not make every "Chechnya" a person. Single words vote by surname, longer names by
    // their whole text.
    let mut votes: HashMap<&str, (usize, usize)> = HashMap::new();
    for (f, name) in found.iter().zip(names) {
        let single = f.end - f.first == 1;
        if f.label == Label::Person {
            votes.entry(words[f.end - 1]).or_default().0 += 1;
            if !single {
                votes.entry(name).or_default().0 += 1;
            }
        } else if single && people.contains_key(words[f.first]) {
            votes.entry(words[f.first]).or_default().1 += 1;
        } else if !single {
            votes.entry(name).or_default().1 += 1;
        }
    }
    for (f, name) in found.iter_mut().zip(names) {
        if f.label == Label::Person {
            continue;
        }
        let voter: &str = if f.end - f.first == 1 {
            words[f.first]
        } else {
            name
        };
        let (person, other) = votes.get(voter).copied().unwrap_or((0, 1));
        if person > 0 && person >= other {
            f.label = Label::Person;
        }
    }
}

/// The key of each of `found` (same order): a person's fullest name, a place's canonical name.
pub fn keys<'a>(words: &[&'a str], names: &'a [String], found: &[Found]) -> Vec<String> {
    let people = people(words, names, found);
    found
        .iter()
        .zip(names)
        .map(|(f, name)| match f.label {
            Label::Person if f.end - f.first == 1 => {
                people.get(name.as_str()).map_or(name.as_str(), |n| *n).to_owned()
            }
            Label::Gpe | Label::Loc => match alias(name) {
                Some(canonical) => canonical.to_owned(),
                None => title_case_capitals(name),
            },
            _ => name.clone(),
        })
        .collect()
}

/// A place written in capitals in a dateline ("MIDWAY ATOLL") keyed as the article writes it
/// elsewhere ("Midway Atoll"); short acronyms ("UAE") stay.
fn title_case_capitals(name: &str) -> String {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if letters <= 4 || name.chars().any(char::is_lowercase) {
        return name.to_owned();
    }
    let mut out = String::with_capacity(name.len());
    let mut word_start = true;
    for c in name.chars() {
        if word_start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        word_start = !c.is_alphabetic();
    }
    out
}

/// The canonical name of places written in several ways.
fn alias(name: &str) -> Option<&'static str> {
    Some(match name {
        "U.S." | "US" | "U.S.A." | "USA" | "United States of America" | "United States" | "America" => {
            "United States"
        }
        "U.K." | "UK" | "Britain" | "Great Britain" | "United Kingdom" => "United Kingdom",
        "WASHINGTON" | "Washington" => "Washington",
        "MOSCOW" | "Moscow" => "Moscow",
        "KYIV" | "Kyiv" | "Kiev" => "Kyiv",
        _ => return None,
    })
}
