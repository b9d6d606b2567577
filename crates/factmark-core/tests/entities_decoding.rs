//! The entity tagger's weight format (four-bit weights, a four-bit scale code per row) and the
//! rules decided on folds of CoNLL's training data: datelines, title-case headlines, first names
//! before a middle initial.

use factmark_core::entities::features::TAGS;
use factmark_core::entities::tagger::{Model, Scorer, HEADER_END, MAGIC, ROW_BYTES, SCALES};
use factmark_core::entities::{detect, EntityMention};
use factmark_core::Label::{self, *};

/// A weights file of 1024 rows that all hold `weights` (−7..=7) at scale code 1 (= `scale`).
fn weights_file(weights: [i8; TAGS], scale: f32) -> Vec<u8> {
    let mut file = b"test weights".to_vec();
    file.extend_from_slice(HEADER_END);
    file.extend_from_slice(MAGIC);
    file.push(0);
    file.push(TAGS as u8);
    file.extend_from_slice(&1u16.to_le_bytes());
    for code in 0..SCALES {
        let value = if code == 1 { scale } else { 0.0 };
        file.extend_from_slice(&value.to_le_bytes());
    }
    let mut nibbles = [0u8; ROW_BYTES * 2];
    for (nibble, weight) in nibbles.iter_mut().zip(weights) {
        *nibble = weight as u8 & 0x0f;
    }
    nibbles[ROW_BYTES * 2 - 1] = 1;
    for _ in 0..1024 {
        file.extend(nibbles.chunks(2).map(|pair| pair[0] | pair[1] << 4));
    }
    file
}

#[test]
fn four_bit_weights_keep_their_sign_and_scale() {
    let file: &'static [u8] = Box::leak(weights_file([-7, 7, -1, 0, 3], 0.5).into_boxed_slice());
    let model = Model::parse(file).expect("a well-formed weights file");
    for feature in [0, 1, 12_345, u32::MAX] {
        let mut scores = [0.0; TAGS];
        model.add(feature, &mut scores);
        assert_eq!(scores, [-3.5, 3.5, -0.5, 0.0, 1.5], "feature {feature}");
    }
}

#[test]
fn malformed_weights_files_are_refused() {
    let file = weights_file([1; TAGS], 1.0);
    let cut: &'static [u8] = Box::leak(file[..file.len() - 1].to_vec().into_boxed_slice());
    assert!(Model::parse(cut).is_none(), "a truncated file");
    let mut wrong_magic = file.clone();
    let at = wrong_magic
        .windows(4)
        .position(|w| w == MAGIC)
        .expect("the magic");
    wrong_magic[at + 3] = b'1';
    let wrong_magic: &'static [u8] = Box::leak(wrong_magic.into_boxed_slice());
    assert!(Model::parse(wrong_magic).is_none(), "the old one-byte layout");
    assert!(Model::parse(b"no header").is_none());
}

fn check(text: &str, expected: &[(&str, Label)]) {
    let mentions: Vec<EntityMention> = detect(text);
    let actual: Vec<(&str, Label)> = mentions.iter().map(|m| (m.span.slice(text), m.label)).collect();
    assert_eq!(actual, expected, "{text}");
}

#[test]
fn rules_decided_on_folds_of_the_training_data() {
    // A Reuters brief's label before a dash is no dateline.
    check("NOTE - The figures are provisional, the ministry said.", &[]);
    // Words of a multi-word place in a title-case headline stay, though "new" is common.
    check(
        "Storm Hits New Zealand\n\nA new storm hit New Zealand on Friday.",
        &[("New Zealand", Gpe), ("New Zealand", Gpe), ("Friday", Date)],
    );
    // A person after a title stays in the title's sentence.
    let text = "New York Mayor Signs Budget\n\nThe new budget was signed on Friday.";
    let across: Vec<EntityMention> = detect(text)
        .into_iter()
        .filter(|m| m.span.slice(text).contains('\n'))
        .collect();
    assert_eq!(across, Vec::new(), "{text}");
    // The first name before a middle initial belongs to the person.
    check(
        "The bill was backed by Sen. Benjamin L. Cardin of Maryland.",
        &[("Benjamin L. Cardin", Person), ("Maryland", Gpe)],
    );
}
