//! Plans, not files: which documents are submissions of the same region's plan,
//! and which of them is current.
//!
//! Each region submits one plan under its accord; a re-upload, a corrected
//! version or the same plan printed by another program is another submission
//! of that plan. Per-region figures must count each plan once, so the newest
//! submission is `current` and the others `superseded`.

use std::collections::HashMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{Document, Region};

/// The accords whose plans piani reads: those the ministry signed with the
/// regions in December 2014. A plan names its accord only in prose, the same
/// in every plan, so the accord is not read from the document.
pub const ACCORD: &str = "2014";

/// Where a submission stands among its region's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Submission {
    /// The newest submission of its plan (or the only one), whose records the
    /// tables hold.
    Current,
    /// An older submission of a plan that has a newer one.
    Superseded,
}

/// The plan a region's submissions are of: `<region>-<accord>`, the region's
/// name in lower case with every run of other characters as one `-`
/// ("valle-d-aosta-2014").
pub fn plan_id(region: Region) -> String {
    let name = serde_json::to_value(region)
        .ok()
        .and_then(|v| v.as_str().map(str::to_lowercase))
        .unwrap_or_default();
    let slug: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("{}-{ACCORD}", slug.join("-"))
}

/// When a submission was made ([`crate::model::Source::date`]).
pub fn date(d: &Document) -> Option<&str> {
    d.source.date()
}

/// What tells one submission of a plan from another: the plan's region, the
/// PDF's [`date`] and the path of its input.
#[derive(Debug, Clone, Copy)]
pub struct Submitted<'a> {
    pub region: Option<Region>,
    pub date: Option<&'a str>,
    pub path: &'a Path,
}

impl<'a> Submitted<'a> {
    pub fn of(d: &'a Document, path: &'a Path) -> Self {
        Submitted {
            region: d.region,
            date: date(d),
            path,
        }
    }
}

/// Each submission's standing, in the order given. Documents of one region
/// are submissions of one plan: the newest by [`date`] is current; one without
/// a date counts as older than any with one; between equal dates (or none),
/// the one whose path sorts last, so that the answer does not depend on the
/// order of the inputs. A document whose region is unknown is a plan of its
/// own: nothing says what it would replace.
pub fn standings(submissions: &[Submitted]) -> Vec<Submission> {
    let key = |i: usize| (submissions[i].date, submissions[i].path);
    let mut newest: HashMap<Region, usize> = HashMap::new();
    for (i, s) in submissions.iter().enumerate() {
        let Some(region) = s.region else { continue };
        let entry = newest.entry(region).or_insert(i);
        if key(i) > key(*entry) {
            *entry = i;
        }
    }
    submissions
        .iter()
        .enumerate()
        .map(|(i, s)| match s.region {
            Some(r) if newest[&r] != i => Submission::Superseded,
            _ => Submission::Current,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(region: Option<Region>, modified: Option<&str>, created: Option<&str>) -> Document {
        let mut d = crate::testing::empty_document();
        d.region = region;
        d.source.modified = modified.map(String::from);
        d.source.created = created.map(String::from);
        d
    }

    #[test]
    fn plan_ids_name_the_region_and_the_accord() {
        assert_eq!(plan_id(Region::Piemonte), "piemonte-2014");
        assert_eq!(plan_id(Region::ValleDAosta), "valle-d-aosta-2014");
        assert_eq!(plan_id(Region::EmiliaRomagna), "emilia-romagna-2014");
        assert_eq!(
            plan_id(Region::Bolzano),
            "provincia-autonoma-di-bolzano-2014"
        );
    }

    #[test]
    fn the_newest_submission_of_a_region_is_current() {
        use Submission::{Current, Superseded};
        let docs = [
            document(Some(Region::Piemonte), None, Some("2015-03-01T10:00:00Z")),
            document(Some(Region::Liguria), None, None),
            // Modified after the first was made: newer, though created before.
            document(
                Some(Region::Piemonte),
                Some("2015-03-02T09:00:00Z"),
                Some("2015-02-01T00:00:00Z"),
            ),
            // No date at all: older than any dated submission.
            document(Some(Region::Piemonte), None, None),
            // An unknown region replaces nothing.
            document(None, None, None),
            document(None, None, None),
        ];
        let paths: Vec<String> = (0..docs.len()).map(|i| format!("in/{i}.pdf")).collect();
        let refs: Vec<Submitted> = docs
            .iter()
            .zip(&paths)
            .map(|(d, p)| Submitted::of(d, Path::new(p)))
            .collect();
        assert_eq!(
            standings(&refs),
            [Superseded, Current, Current, Superseded, Current, Current]
        );
        // Equal dates, or none: the path that sorts last, whatever the order.
        let twin = document(Some(Region::Marche), None, None);
        let (a, b) = (Path::new("in/a.pdf"), Path::new("in/b.pdf"));
        let (a, b) = (Submitted::of(&twin, a), Submitted::of(&twin, b));
        assert_eq!(standings(&[b, a]), [Current, Superseded]);
        assert_eq!(standings(&[a, b]), [Superseded, Current]);
    }
}
