//! The stored form of an article in layout 3: two compressed values, packed into UTF-16 code
//! units that localStorage keeps as they are.
//!
//! - The **base**: the text and what the analysis made of it (offsets as numbers, kinds and labels
//!   as small numbers, scores, reasons, entity and speaker links). Ids and covered texts are left
//!   out when they can be derived: an automatic id is the UUID v5 of kind, label, covered text and
//!   occurrence (`factmark_core::ids`), and the covered text is the text at the offsets. Entity ids
//!   go in a table, cites as positions. Rewritten only when the text or the analysis changes.
//! - The **review**: the title, the dates, and per annotation (by position in the base) only what
//!   the user changed: status, note, evidence, dismissal, the time of the change; the deletions
//!   (tombstones) and the annotations an edit could not place. One status change rewrites this
//!   small value and nothing else.
//!
//! Both are compact JSON, compressed with DEFLATE (`miniz_oxide`) and packed 15 bits to a code
//! unit, each unit offset by 0x800 so that every unit is a plain character below the surrogate
//! range (valid UTF-16, never a control character).

use std::collections::HashMap;

use factmark_core::ids::AutoIds;
use factmark_core::{export, Annotation, Article, Evidence, Kind, Label, OffsetMap, Origin, Speaker, Status};
use serde::{Deserialize, Serialize};

use crate::saved::{fnv1a, Dates, Tombstone};

/// The first code unit of the packed alphabet: 0x800..0x87FF holds 15 bits, all below 0xD800.
const UNIT_BASE: u16 = 0x800;
/// The first unit says how many bits of the last unit are padding, so the bytes come back exact.
const BITS: u32 = 15;

/// DEFLATE levels. The base of a text up to [`CAREFUL_BYTES`] is compressed at level 6; a longer
/// one, and every review, at level 1 (miniz's fast greedy matcher). Measured in Chromium: level 6
/// stores 1,000 news articles of 5,000 characters in 3.4 Mi code units against 4.0 Mi at level 1,
/// but took the first save of a 75 KB article with 2,289 annotations from 17 ms to 150 ms.
const CAREFUL: u8 = 6;
const FAST: u8 = 1;
const CAREFUL_BYTES: usize = 32 * 1024;

/// Every label, in the order their stored numbers count.
fn labels() -> impl Iterator<Item = Label> {
    Label::ENTITY_LABELS.into_iter().chain(Label::QUOTE_LABELS)
}

fn label_number(label: Label) -> u8 {
    labels().position(|l| l == label).unwrap_or(0) as u8
}

fn kind_number(kind: Kind) -> u8 {
    Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0) as u8
}

fn status_number(status: Status) -> u8 {
    Status::ALL.iter().position(|&s| s == status).unwrap_or(0) as u8
}

/// The base as stored (before compression).
#[derive(Serialize, Deserialize)]
struct Base {
    /// The text.
    t: String,
    /// The creation time most annotations share; the others carry their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    c: Option<String>,
    /// Entity ids, referred to by position.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    e: Vec<String>,
    a: Vec<BaseRow>,
}

#[derive(Default, Serialize, Deserialize)]
struct BaseRow {
    /// The id, when it is not the derived one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    i: Option<String>,
    k: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    l: Option<u8>,
    /// Start, as the difference from the previous annotation's start.
    s: i64,
    /// Length in code points.
    n: usize,
    #[serde(default, skip_serializing_if = "is_false")]
    m: bool,
    /// Creation time when it differs from the base's `c` (`""`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    c: Option<String>,
    /// Entity, as a position in the base's table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p: Option<SpeakerRow>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    x: Option<f32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    r: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    h: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    t: Vec<Cite>,
}

#[derive(Serialize, Deserialize)]
struct SpeakerRow {
    s: usize,
    n: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    m: Option<String>,
}

/// A cited annotation: its position when it is in the article, else its id.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Cite {
    At(usize),
    Id(String),
}

/// The review as stored (before compression).
#[derive(Serialize, Deserialize)]
struct Review {
    /// The tag of the base this review belongs to ([`base_tag`]).
    b: String,
    title: String,
    added: String,
    opened: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    r: Vec<ReviewRow>,
    /// Tombstones: `[id, time]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    d: Vec<(String, String)>,
    /// Annotations an edit could not place, whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    u: Vec<Annotation>,
}

#[derive(Default, Serialize, Deserialize)]
struct ReviewRow {
    /// Position in the base.
    i: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    s: Option<u8>,
    /// The last change when it differs from the creation time (`""`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    u: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    n: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    v: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    d: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Whether two articles have the same base: the same text and the same annotations but for
/// what the review holds. When they do, only the review is written again.
pub fn same_base(a: &Article, b: &Article) -> bool {
    a.text == b.text
        && a.annotations.len() == b.annotations.len()
        && a.annotations.iter().zip(&b.annotations).all(|(x, y)| {
            x.id == y.id
                && x.kind == y.kind
                && x.label == y.label
                && x.start == y.start
                && x.end == y.end
                && x.origin == y.origin
                && x.created == y.created
                && x.entity_id == y.entity_id
                && x.speaker == y.speaker
                && x.score.map(f32::to_bits) == y.score.map(f32::to_bits)
                && x.reasons == y.reasons
                && x.highlighted == y.highlighted
                && x.cites == y.cites
        })
}

/// The packed, compressed base of `article`.
pub fn encode_base(article: &Article) -> Vec<u16> {
    let usual = usual_created(&article.annotations);
    let mut entities: Vec<String> = Vec::new();
    let mut entity_at: HashMap<String, usize> = HashMap::new();
    let mut entity = |id: &Option<String>| -> Option<usize> {
        let id = id.as_deref()?;
        Some(*entity_at.entry(id.to_owned()).or_insert_with(|| {
            entities.push(id.to_owned());
            entities.len() - 1
        }))
    };
    let position: HashMap<&str, usize> = article
        .annotations
        .iter()
        .enumerate()
        .map(|(at, a)| (a.id.as_str(), at))
        .collect();
    let mut ids = AutoIds::default();
    let mut previous = 0i64;
    let rows: Vec<BaseRow> = article
        .annotations
        .iter()
        .map(|a| {
            let derived = ids.id(a.kind, a.label, &a.text);
            let start = a.start as i64;
            let row = BaseRow {
                i: (derived != a.id).then(|| a.id.clone()),
                k: kind_number(a.kind),
                l: a.label.map(label_number),
                s: start - previous,
                n: a.end.saturating_sub(a.start),
                m: a.origin == Origin::Manual,
                c: (a.created != usual).then(|| a.created.clone().unwrap_or_default()),
                e: entity(&a.entity_id),
                p: a.speaker.as_ref().map(|speaker| SpeakerRow {
                    s: speaker.start,
                    n: speaker.end.saturating_sub(speaker.start),
                    e: entity(&speaker.entity_id),
                    m: speaker.name.clone(),
                }),
                x: a.score,
                r: a.reasons.clone(),
                h: a.highlighted,
                t: a.cites
                    .iter()
                    .map(|id| {
                        position
                            .get(id.as_str())
                            .map_or_else(|| Cite::Id(id.clone()), |&at| Cite::At(at))
                    })
                    .collect(),
            };
            previous = start;
            row
        })
        .collect();
    let base = Base {
        t: article.text.clone(),
        c: usual,
        e: entities,
        a: rows,
    };
    let level = if article.text.len() <= CAREFUL_BYTES {
        CAREFUL
    } else {
        FAST
    };
    pack(&compress(&to_json(&base), level))
}

/// A short tag naming a packed base, so a review names the base it belongs to.
pub fn base_tag(packed: &[u16]) -> String {
    let bytes: Vec<u8> = packed.iter().flat_map(|unit| unit.to_le_bytes()).collect();
    format!("{:08x}", fnv1a(&bytes) as u32)
}

/// What the review of an article holds besides its annotations' state.
pub struct ReviewParts<'a> {
    pub base_tag: &'a str,
    pub dates: &'a Dates,
    pub tombstones: &'a [Tombstone],
    pub unplaced: &'a [Annotation],
}

/// The packed, compressed review of `article`.
pub fn encode_review(article: &Article, parts: &ReviewParts) -> Vec<u16> {
    let rows = article
        .annotations
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let row = ReviewRow {
                i,
                s: (a.status != Status::Unverified).then(|| status_number(a.status)),
                u: (a.updated != a.created).then(|| a.updated.clone().unwrap_or_default()),
                n: a.note.clone(),
                v: a.evidence.clone(),
                d: a.dismissed,
            };
            let changed =
                row.s.is_some() || row.u.is_some() || !row.n.is_empty() || !row.v.is_empty() || row.d;
            changed.then_some(row)
        })
        .collect();
    let review = Review {
        b: parts.base_tag.to_owned(),
        title: article.title.clone(),
        added: parts.dates.added.clone(),
        opened: parts.dates.opened.clone(),
        r: rows,
        d: parts
            .tombstones
            .iter()
            .map(|t| (t.id.clone(), t.deleted.clone()))
            .collect(),
        u: parts.unplaced.to_vec(),
    };
    pack(&compress(&to_json(&review), FAST))
}

/// An article read back from its two values.
#[derive(Debug)]
pub struct Decoded {
    pub article: Article,
    pub dates: Dates,
    pub tombstones: Vec<Tombstone>,
    pub unplaced: Vec<Annotation>,
}

/// Reads only the tag of the base a stored review belongs to.
pub fn review_base_tag(review: &str) -> Result<String, String> {
    #[derive(Deserialize)]
    struct Tag {
        b: String,
    }
    let json = inflate(review)?;
    serde_json::from_str::<Tag>(&json)
        .map(|tag| tag.b)
        .map_err(|error| format!("the review is damaged: {error}"))
}

/// Reads an article from its stored base and review, validating it like an import.
pub fn decode(base: &str, review: &str) -> Result<Decoded, String> {
    let base: Base = serde_json::from_str(&inflate(base)?)
        .map_err(|error| format!("the text entry is damaged: {error}"))?;
    let review: Review = serde_json::from_str(&inflate(review)?)
        .map_err(|error| format!("the review entry is damaged: {error}"))?;
    let offsets = OffsetMap::new(&base.t);
    let chars = offsets.char_len();
    let covered = |start: usize, length: usize| -> Result<&str, String> {
        let end = start
            .checked_add(length)
            .filter(|&end| end <= chars)
            .ok_or_else(|| {
                format!(
                    "an annotation at {start}..{} lies outside the text ({chars} characters)",
                    start + length
                )
            })?;
        Ok(&base.t[offsets.char_to_byte(start)..offsets.char_to_byte(end)])
    };
    let entity = |at: Option<usize>| -> Result<Option<String>, String> {
        at.map(|at| {
            base.e
                .get(at)
                .cloned()
                .ok_or_else(|| format!("entity {at} is not in the table"))
        })
        .transpose()
    };
    let mut ids = AutoIds::default();
    let mut start = 0i64;
    let mut annotations = Vec::with_capacity(base.a.len());
    for row in &base.a {
        start += row.s;
        let kind = *Kind::ALL.get(usize::from(row.k)).ok_or("an unknown kind")?;
        let label = row
            .l
            .map(|l| labels().nth(usize::from(l)).ok_or("an unknown label"))
            .transpose()?;
        let begin = usize::try_from(start).map_err(|_| "a negative offset".to_owned())?;
        let text = covered(begin, row.n)?;
        let derived = ids.id(kind, label, text);
        let created = match &row.c {
            None => base.c.clone(),
            Some(stamp) if stamp.is_empty() => None,
            Some(stamp) => Some(stamp.clone()),
        };
        let speaker = match &row.p {
            None => None,
            Some(p) => Some(Speaker {
                start: p.s,
                end: p.s + p.n,
                text: covered(p.s, p.n)?.to_owned(),
                entity_id: entity(p.e)?,
                name: p.m.clone(),
            }),
        };
        let mut annotation = Annotation::new(
            row.i.clone().unwrap_or(derived),
            kind,
            label,
            begin,
            begin + row.n,
            text,
        );
        annotation.origin = if row.m { Origin::Manual } else { Origin::Auto };
        annotation.updated = created.clone();
        annotation.created = created;
        annotation.entity_id = entity(row.e)?;
        annotation.speaker = speaker;
        annotation.score = row.x;
        annotation.reasons = row.r.clone();
        annotation.highlighted = row.h;
        annotations.push(annotation);
    }
    // Cites by position, once every id is known.
    for (at, row) in base.a.iter().enumerate() {
        let cites = row
            .t
            .iter()
            .map(|cite| match cite {
                Cite::At(to) => annotations
                    .get(*to)
                    .map(|a| a.id.clone())
                    .ok_or("a cite outside the article"),
                Cite::Id(id) => Ok(id.clone()),
            })
            .collect::<Result<Vec<_>, _>>()?;
        annotations[at].cites = cites;
    }
    for row in review.r {
        let annotation = annotations
            .get_mut(row.i)
            .ok_or_else(|| format!("the review names annotation {} of {}", row.i, base.a.len()))?;
        if let Some(status) = row.s {
            annotation.status = *Status::ALL.get(usize::from(status)).ok_or("an unknown status")?;
        }
        if let Some(updated) = row.u {
            annotation.updated = (!updated.is_empty()).then_some(updated);
        }
        annotation.note = row.n;
        annotation.evidence = row.v;
        annotation.dismissed = row.d;
    }
    let article = Article {
        title: review.title,
        text: base.t,
        annotations,
    };
    export::validate(&article).map_err(|error| error.to_string())?;
    Ok(Decoded {
        article,
        dates: Dates {
            added: review.added,
            opened: review.opened,
        },
        tombstones: review
            .d
            .into_iter()
            .map(|(id, deleted)| Tombstone { id, deleted })
            .collect(),
        unplaced: review.u,
    })
}

/// The creation time most annotations share (the earliest of equally common ones), so each
/// needs its own only when it differs.
fn usual_created(annotations: &[Annotation]) -> Option<String> {
    let mut counts: HashMap<Option<&str>, usize> = HashMap::new();
    for a in annotations {
        *counts.entry(a.created.as_deref()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|(a, x), (b, y)| x.cmp(y).then_with(|| b.cmp(a)))
        .and_then(|(stamp, _)| stamp.map(str::to_owned))
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("stored forms hold only strings, numbers and lists")
}

fn compress(bytes: &[u8], level: u8) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, level)
}

/// Unpacks and decompresses a stored value, as text: the JSON is then read from a `str`, with
/// the reader the page already links for the worker's answers (a reader of bytes as well
/// was a second copy of every stored type's reader in the page wasm, 3.6 KB gzip).
fn inflate(stored: &str) -> Result<String, String> {
    let bytes = unpack(stored).ok_or("it is not in Factmark's packed form")?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, 64 * 1024 * 1024)
        .map_err(|error| format!("it does not decompress ({:?})", error.status))?;
    String::from_utf8(json).map_err(|_| "it does not decompress to text".to_owned())
}

/// Packs bytes 15 bits to a code unit. The first unit holds how many bits of the last are
/// padding.
pub fn pack(bytes: &[u8]) -> Vec<u16> {
    let bits = bytes.len() * 8;
    let units = bits.div_ceil(BITS as usize);
    let padding = units * BITS as usize - bits;
    let mut out = Vec::with_capacity(units + 1);
    out.push(UNIT_BASE + padding as u16);
    let mut buffer = 0u32;
    let mut held = 0u32;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        held += 8;
        if held >= BITS {
            held -= BITS;
            out.push(UNIT_BASE + ((buffer >> held) & 0x7FFF) as u16);
            buffer &= (1 << held) - 1;
        }
    }
    if held > 0 {
        out.push(UNIT_BASE + ((buffer << (BITS - held)) & 0x7FFF) as u16);
    }
    out
}

/// The bytes [`pack`] packed; `None` when `stored` is not such a value.
pub fn unpack(stored: &str) -> Option<Vec<u8>> {
    let mut units = stored.encode_utf16();
    let padding = u32::from(units.next()?.checked_sub(UNIT_BASE)?);
    if padding >= BITS {
        return None;
    }
    let mut out = Vec::with_capacity(stored.len() * 15 / 24);
    let mut buffer = 0u32;
    let mut held = 0u32;
    let mut total_bits = 0usize;
    for unit in units {
        let value = u32::from(unit.checked_sub(UNIT_BASE)?);
        if value > 0x7FFF {
            return None;
        }
        buffer = (buffer << BITS) | value;
        held += BITS;
        total_bits += BITS as usize;
        while held >= 8 {
            held -= 8;
            out.push((buffer >> held) as u8);
        }
        buffer &= (1 << held) - 1;
    }
    let bytes = total_bits.checked_sub(padding as usize)? / 8;
    out.truncate(bytes);
    Some(out)
}
