//! schema.org ClaimReview (JSON-LD) drafts for the claims a user has verified or disputed.
//!
//! A draft has what Factmark knows: the claim, the rating (verified → 5 "Accurate", disputed → 1
//! "Disputed" on a 1–5 scale), the claim's speaker as the author of the reviewed Claim when a
//! quote inside the claim names one, the note as the review body and the evidence as citations.
//! What only the fact-checker knows (who publishes the review, when, and where) is left out
//! and listed in [`Drafts::missing`] so the app can ask for it. Unverified claims are not
//! exported: there is no verdict to publish.

use serde::Serialize;

use crate::model::{Annotation, Article, Kind, Status};

/// The fields every draft lacks, for the user to fill in before publishing.
pub const MISSING: [&str; 3] = ["author", "datePublished", "url"];

/// The drafts of one article.
#[derive(Clone, Debug, PartialEq)]
pub struct Drafts {
    /// One ClaimReview per verified or disputed claim, in article order.
    pub json: String,
    /// How many drafts `json` holds.
    pub count: usize,
    /// Claims left out because they are unverified.
    pub unverified: usize,
    /// The ClaimReview fields left for the user (see [`MISSING`]).
    pub missing: &'static [&'static str],
}

#[derive(Serialize)]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: &'a str,
    #[serde(rename = "reviewRating")]
    review_rating: Rating,
    #[serde(rename = "itemReviewed")]
    item_reviewed: Claim<'a>,
    #[serde(rename = "reviewBody", skip_serializing_if = "str::is_empty")]
    review_body: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<&'a str>,
}

#[derive(Serialize)]
struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "ratingValue")]
    rating_value: u8,
    #[serde(rename = "bestRating")]
    best_rating: u8,
    #[serde(rename = "worstRating")]
    worst_rating: u8,
    #[serde(rename = "alternateName")]
    alternate_name: &'static str,
}

#[derive(Serialize)]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Person<'a>>,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// The rating of a status: (value on 1–5, alternateName), or `None` for unverified.
pub fn rating(status: Status) -> Option<(u8, &'static str)> {
    match status {
        Status::Verified => Some((5, "Accurate")),
        Status::Disputed => Some((1, "Disputed")),
        Status::Unverified => None,
    }
}

/// The person a claim quotes: the named speaker of the first quote inside it.
pub fn speaker_of<'a>(article: &'a Article, claim: &Annotation) -> Option<&'a str> {
    article
        .annotations
        .iter()
        .filter(|quote| quote.kind == Kind::Quote && claim.start <= quote.start && quote.end <= claim.end)
        .find_map(|quote| quote.speaker.as_ref()?.name.as_deref())
}

/// The ClaimReview drafts of `article`, as a pretty-printed JSON array.
pub fn drafts(article: &Article) -> Drafts {
    let claims: Vec<&Annotation> = article
        .annotations
        .iter()
        .filter(|a| a.kind == Kind::Claim && !a.dismissed)
        .collect();
    let reviews: Vec<ClaimReview> = claims
        .iter()
        .filter_map(|claim| {
            let (rating_value, alternate_name) = rating(claim.status)?;
            Some(ClaimReview {
                context: "https://schema.org",
                kind: "ClaimReview",
                claim_reviewed: &claim.text,
                review_rating: Rating {
                    kind: "Rating",
                    rating_value,
                    best_rating: 5,
                    worst_rating: 1,
                    alternate_name,
                },
                item_reviewed: Claim {
                    kind: "Claim",
                    author: speaker_of(article, claim).map(|name| Person { kind: "Person", name }),
                },
                review_body: &claim.note,
                citation: claim
                    .evidence
                    .iter()
                    .map(|evidence| evidence.url.as_str())
                    .collect(),
            })
        })
        .collect();
    Drafts {
        count: reviews.len(),
        unverified: claims.len() - reviews.len(),
        json: serde_json::to_string_pretty(&reviews).expect("a review holds only strings and numbers"),
        missing: &MISSING,
    }
}
