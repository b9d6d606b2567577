//! Linking: the canonical name (`key`) of every mention, so that "Volodymyr Zelenskyy", a later
//! "Zelenskyy" and "Zelenskyy himself" are one entity. People are linked by surname to the
//! fullest name the article gives; a name the article once gives as a person is a person
//! everywhere in it ("President Trump" … "Trump said"); a few places have aliases.

use super::Found;
use crate::model::Label;
use std::collections::HashMap;

/// The key of each of `found` (same order), relabelling people the tagger typed otherwise.
pub fn keys(words: &[&str], found: &mut [Found]) -> Vec<String> {
    let name = |f: &Found| words[f.first..f.end].join(" ");
    // Each person's surname and first name → the fullest name with it, first come first kept.
    let mut people: HashMap<String, String> = HashMap::new();
    let mut full_names: Vec<String> = Vec::new();
    for f in found.iter().filter(|f| f.label == Label::Person) {
        let full = name(f);
        if f.end - f.first >= 2 {
            let surname = words[f.end - 1].to_owned();
            let known = people.get(&surname).is_some_and(|n| n.contains(' '));
            if !known {
                people.insert(surname, full.clone());
            }
            full_names.push(full);
        } else {
            people.entry(full.clone()).or_insert(full);
        }
    }
    // A single word that names a person somewhere is a person everywhere in the article, when
    // the article calls it a person at least as often as something else: one headline's
    // "Lebed Chechnya" must not make every "Chechnya" a person.
    let mut votes: HashMap<&str, (usize, usize)> = HashMap::new();
    for f in found.iter() {
        let word = words[f.end - 1];
        if f.label == Label::Person {
            votes.entry(word).or_default().0 += 1;
        } else if f.end - f.first == 1 && people.contains_key(word) {
            votes.entry(word).or_default().1 += 1;
        }
    }
    for f in found.iter_mut() {
        if f.label != Label::Person && f.end - f.first == 1 {
            let (person, other) = votes.get(words[f.first]).copied().unwrap_or((0, 1));
            if person >= other {
                f.label = Label::Person;
            }
        }
    }
    found
        .iter()
        .map(|f| {
            let text = name(f);
            match f.label {
                Label::Person => {
                    if f.end - f.first == 1 {
                        people.get(&text).cloned().unwrap_or(text)
                    } else {
                        text
                    }
                }
                Label::Gpe => alias(&text).map_or(text, str::to_owned),
                _ => text,
            }
        })
        .collect()
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
