//! The annotation model: what a highlight is, and the vocabulary (`Kind`, `Label`, `Status`).
//!
//! These types are also the fields of the Factmark JSON exchange format (see `export`), so
//! their serde names are part of a published format: change them only with a new version.

use serde::{Deserialize, Serialize};

/// What a highlight marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Entity,
    Quote,
    Claim,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Entity, Kind::Quote, Kind::Claim];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Entity => "entity",
            Kind::Quote => "quote",
            Kind::Claim => "claim",
        }
    }
}

/// The label of an entity (OntoNotes names) or of a quote (`Statement` or `Term`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Label {
    Person,
    Norp,
    Fac,
    Org,
    Gpe,
    Loc,
    Product,
    Event,
    WorkOfArt,
    Law,
    Language,
    Date,
    Time,
    Percent,
    Money,
    Quantity,
    /// A quotation of a full statement.
    Statement,
    /// A quoted word or short phrase (scare quotes, coined terms).
    Term,
}

impl Label {
    pub const ENTITY_LABELS: [Label; 16] = [
        Label::Person,
        Label::Norp,
        Label::Fac,
        Label::Org,
        Label::Gpe,
        Label::Loc,
        Label::Product,
        Label::Event,
        Label::WorkOfArt,
        Label::Law,
        Label::Language,
        Label::Date,
        Label::Time,
        Label::Percent,
        Label::Money,
        Label::Quantity,
    ];
    pub const QUOTE_LABELS: [Label; 2] = [Label::Statement, Label::Term];

    /// The label as written in exported data (`PERSON`, `WORK_OF_ART`, `STATEMENT`).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Norp => "NORP",
            Label::Fac => "FAC",
            Label::Org => "ORG",
            Label::Gpe => "GPE",
            Label::Loc => "LOC",
            Label::Product => "PRODUCT",
            Label::Event => "EVENT",
            Label::WorkOfArt => "WORK_OF_ART",
            Label::Law => "LAW",
            Label::Language => "LANGUAGE",
            Label::Date => "DATE",
            Label::Time => "TIME",
            Label::Percent => "PERCENT",
            Label::Money => "MONEY",
            Label::Quantity => "QUANTITY",
            Label::Statement => "STATEMENT",
            Label::Term => "TERM",
        }
    }

    pub fn parse(name: &str) -> Option<Label> {
        Label::ENTITY_LABELS
            .iter()
            .chain(Label::QUOTE_LABELS.iter())
            .copied()
            .find(|label| label.as_str() == name)
    }

    /// The kind of highlight this label belongs to.
    pub fn kind(self) -> Kind {
        match self {
            Label::Statement | Label::Term => Kind::Quote,
            _ => Kind::Entity,
        }
    }

    /// Figures (dates, amounts) rather than names: shown more quietly, ignored by CoNLL.
    pub fn is_figure(self) -> bool {
        matches!(
            self,
            Label::Date | Label::Time | Label::Percent | Label::Money | Label::Quantity
        )
    }

    /// Words for people: "Person", "Work of art", "Nationality or group".
    pub fn describe(self) -> &'static str {
        match self {
            Label::Person => "Person",
            Label::Norp => "Nationality or group",
            Label::Fac => "Facility",
            Label::Org => "Organisation",
            Label::Gpe => "Country, city or state",
            Label::Loc => "Location",
            Label::Product => "Product",
            Label::Event => "Event",
            Label::WorkOfArt => "Work of art",
            Label::Law => "Law",
            Label::Language => "Language",
            Label::Date => "Date",
            Label::Time => "Time",
            Label::Percent => "Percentage",
            Label::Money => "Money",
            Label::Quantity => "Quantity",
            Label::Statement => "Quote",
            Label::Term => "Quoted term",
        }
    }
}

/// Where the user stands on a highlight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Unverified,
    Verified,
    Disputed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Unverified, Status::Verified, Status::Disputed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unverified => "unverified",
            Status::Verified => "verified",
            Status::Disputed => "disputed",
        }
    }
}

/// Whether a detector or a person made the highlight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    #[default]
    Auto,
    Manual,
}

/// A link a user gives as evidence for or against a highlight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
}

/// Who said a quote: the mention next to the cue as written ("he", "a U.S. official"), and the
/// person it refers to when known.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One highlight. Offsets count Unicode code points, end exclusive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: String,
    pub kind: Kind,
    /// Entity label, or STATEMENT/TERM for quotes; `None` for claims.
    pub label: Option<Label>,
    pub start: usize,
    pub end: usize,
    /// The covered text, kept so an annotation can be re-anchored when the article changes.
    pub text: String,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub origin: Origin,
    /// RFC 3339, UTC. Left out by the CLI so its output is reproducible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Mentions of one entity share this id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    /// Check-worthiness of a claim, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// Why a claim scored as it did, in words a person understands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// For claims: whether the score reaches the highlighting threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highlighted: Option<bool>,
    /// For claims: ids of the entities and quotes the claim contains.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cites: Vec<String>,
    /// The user dismissed this automatic annotation as wrong. It is kept (not deleted) so that
    /// annotating the same text again does not bring it back, and so it can be restored.
    #[serde(default, skip_serializing_if = "is_false")]
    pub dismissed: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Annotation {
    /// A bare annotation of `kind` over code points `start..end` of `text`, unverified and
    /// without timestamps; detectors and the app fill in the rest.
    pub fn new(
        id: String,
        kind: Kind,
        label: Option<Label>,
        start: usize,
        end: usize,
        covered: &str,
    ) -> Annotation {
        Annotation {
            id,
            kind,
            label,
            start,
            end,
            text: covered.to_owned(),
            status: Status::Unverified,
            origin: Origin::Auto,
            created: None,
            updated: None,
            note: String::new(),
            evidence: Vec::new(),
            entity_id: None,
            speaker: None,
            score: None,
            reasons: Vec::new(),
            highlighted: None,
            cites: Vec::new(),
            dismissed: false,
        }
    }

    /// Whether the article view paints it: every entity and quote, and claims that reach the
    /// threshold, unless the user dismissed it.
    pub fn is_highlighted(&self) -> bool {
        !self.dismissed && self.highlighted.unwrap_or(true)
    }
}

/// An article and its annotations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub title: String,
    pub text: String,
    pub annotations: Vec<Annotation>,
}

impl Article {
    /// The title of a text: its headline, else its first non-empty line, shortened.
    pub fn title_of(text: &str) -> String {
        let line = text
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or("");
        shorten(line, 120)
    }

    /// The file name stem for exports: the title's words in lower case joined by hyphens, at
    /// most 60 characters, never empty.
    pub fn slug(&self) -> String {
        let mut slug = String::new();
        for word in self
            .title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let word = word.to_lowercase();
            let extra = if slug.is_empty() { 0 } else { 1 };
            if slug.chars().count() + extra + word.chars().count() > 60 {
                if slug.is_empty() {
                    slug = word.chars().take(60).collect();
                }
                break;
            }
            if extra == 1 {
                slug.push('-');
            }
            slug.push_str(&word);
        }
        if slug.is_empty() {
            "article".to_owned()
        } else {
            slug
        }
    }
}

/// `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(1);
    let cut: String = text.chars().take(keep).collect();
    let next_is_break = text.chars().nth(keep).is_some_and(char::is_whitespace);
    let at_word = match cut.rfind(char::is_whitespace) {
        Some(space) if !next_is_break && space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        at_word.trim_end_matches(|c: char| c.is_whitespace() || c == ',')
    )
}

/// The first `words` words of `text`, with an ellipsis when there were more.
pub fn first_words(text: &str, words: usize) -> String {
    let mut pieces = text.split_whitespace();
    let head: Vec<&str> = pieces.by_ref().take(words).collect();
    let head = head.join(" ");
    if pieces.next().is_some() {
        format!("{}…", head.trim_end_matches([',', ';', ':']))
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_title() {
        let rows: &[(&str, &str)] = &[
            (
                "Talks in Kyiv have narrowed gaps",
                "talks-in-kyiv-have-narrowed-gaps",
            ),
            ("Trump’s “plan” — 2.5 days!", "trump-s-plan-2-5-days"),
            ("", "article"),
            ("???", "article"),
            ("Übergröße Straße", "übergröße-straße"),
        ];
        for &(title, slug) in rows {
            let article = Article {
                title: title.into(),
                text: String::new(),
                annotations: vec![],
            };
            assert_eq!(article.slug(), slug, "slug of {title:?}");
        }
    }

    #[test]
    fn slugs_stop_at_sixty_characters_on_a_word() {
        let article = Article {
            title: "word ".repeat(30),
            text: String::new(),
            annotations: vec![],
        };
        let slug = article.slug();
        assert!(slug.chars().count() <= 60, "{slug}");
        assert!(slug.ends_with("word"), "{slug}");
        let long = Article {
            title: "x".repeat(100),
            text: String::new(),
            annotations: vec![],
        };
        assert_eq!(long.slug().chars().count(), 60);
    }

    #[test]
    fn titles_are_the_first_line() {
        assert_eq!(Article::title_of("\n\n  Headline here \nBody"), "Headline here");
        assert_eq!(Article::title_of(""), "");
    }

    #[test]
    fn labels_round_trip_their_names() {
        for label in Label::ENTITY_LABELS.iter().chain(Label::QUOTE_LABELS.iter()) {
            assert_eq!(Label::parse(label.as_str()), Some(*label));
            let json = serde_json::to_string(label).expect("labels serialize");
            assert_eq!(json, format!("\"{}\"", label.as_str()));
        }
    }

    #[test]
    fn dismissal_is_written_only_when_set_and_read_back() {
        let mut annotation = Annotation::new("a".into(), Kind::Entity, Some(Label::Person), 0, 1, "x");
        let json = serde_json::to_string(&annotation).expect("serializes");
        assert!(!json.contains("dismissed"), "{json}");
        annotation.dismissed = true;
        let json = serde_json::to_string(&annotation).expect("serializes");
        assert!(json.contains("\"dismissed\":true"), "{json}");
        let back: Annotation = serde_json::from_str(&json).expect("reads back");
        assert!(back.dismissed && !back.is_highlighted());
    }

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(
            shorten("Steady gains were reported on Friday", 27),
            "Steady gains were reported…"
        );
        assert_eq!(
            shorten("Steady gains were reported on Friday", 25),
            "Steady gains were…"
        );
        assert_eq!(
            first_words("Where’s the money going now", 4),
            "Where’s the money going…"
        );
        assert_eq!(first_words("Larry Fink", 4), "Larry Fink");
    }
}
