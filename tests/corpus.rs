//! The corpus end to end through the library: region, sections, titles and page
//! ranges against the ground truth, and every document valid under the schema.

mod common;

use common::{corpus_pdfs, ground_truth, norm, schema_errors, section_id};
use piani::model::{Document, SectionId, WarningCode};

fn extract(pdf: &std::path::Path) -> Document {
    let bytes = std::fs::read(pdf).unwrap();
    let name = pdf.file_name().unwrap().to_str().unwrap();
    piani::extract(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn region_sections_and_titles_match_the_ground_truth() {
    let pdfs = corpus_pdfs();
    assert_eq!(pdfs.len(), 5, "four plans, one of them from two producers");
    for pdf in pdfs {
        let doc = extract(&pdf);
        let gt = ground_truth(&pdf);
        let name = &doc.source.file;
        assert_eq!(
            doc.region.map(|r| r.name()),
            gt["region"].as_str(),
            "{name}: region"
        );
        let want: Vec<(&str, String)> = gt["headings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| {
                let id = section_id(h["id"].as_str().unwrap())?;
                Some((id, norm(h["text"].as_str().unwrap())))
            })
            .collect();
        let got: Vec<(&str, String)> = doc
            .sections
            .iter()
            .map(|s| (s.id.as_str(), norm(&s.title)))
            .collect();
        assert_eq!(got, want, "{name}: sections and titles");
        let structural: Vec<_> = doc
            .warnings
            .iter()
            .filter(|w| {
                matches!(
                    w.code,
                    WarningCode::SectionMissing | WarningCode::RegionUncertain
                )
            })
            .collect();
        assert!(structural.is_empty(), "{name}: {structural:?}");
    }
}

#[test]
fn section_texts_have_no_page_furniture() {
    // The ministry's running header, printed at the top of every page. Its second
    // line is in lower case, unlike the same words in the plans' prose.
    let header = "dell'immigrazione e delle politiche di integrazione";
    for pdf in corpus_pdfs() {
        let doc = extract(&pdf);
        for s in &doc.sections {
            let text = s.text.replace('’', "'");
            assert!(
                !text.contains(header),
                "{}: {} holds the running header",
                doc.source.file,
                s.id.as_str()
            );
            // A bare page number would stand as a paragraph of its own at a page end.
            assert!(
                !s.text
                    .split("\n\n")
                    .any(|p| p.trim() == doc.source.pages.to_string()),
                "{}: {} holds the last page number",
                doc.source.file,
                s.id.as_str()
            );
        }
    }
}

/// A fixture and the (id, page_start, page_end) of each of its sections.
type PageRanges<'a> = (&'a str, &'a [(SectionId, u32, u32)]);

/// Page ranges read off the PDFs page by page (`pdftotext -f N -l N`).
#[test]
fn page_ranges_match_the_pages_of_the_pdfs() {
    use SectionId::*;
    let cases: [PageRanges; 2] = [
        (
            "000_1f2cd472f46066f6.lo-docx.pdf",
            &[
                (Premessa, 1, 2),
                (I, 2, 7),
                (I1, 2, 6),
                (I2, 6, 7),
                (II, 7, 16),
                (II1, 8, 16),
                (II11, 8, 13),
                (II12, 13, 14),
                (II13, 14, 14),
                (II14, 15, 15),
                (II15, 15, 16),
                (III, 16, 18),
                (III1, 16, 17),
                (III2, 17, 18),
            ],
        ),
        (
            "001_c47a66b1d1303a5e.chromium.pdf",
            &[
                (Premessa, 1, 2),
                (I, 2, 9),
                (I1, 2, 7),
                (I2, 7, 9),
                (II, 9, 17),
                (II1, 9, 17),
                (II11, 9, 14),
                (II12, 14, 14),
                (II13, 14, 15),
                (II14, 15, 16),
                (II15, 16, 17),
                (III, 17, 20),
                (III1, 17, 17),
                (III2, 17, 20),
            ],
        ),
    ];
    for (file, want) in cases {
        let doc = extract(&common::fixtures().join("corpus").join(file));
        let got: Vec<(SectionId, u32, u32)> = doc
            .sections
            .iter()
            .map(|s| (s.id, s.page_start, s.page_end))
            .collect();
        assert_eq!(got, want, "{file}");
    }
}

#[test]
fn sub_sections_lie_within_their_parents_pages() {
    for pdf in corpus_pdfs() {
        let doc = extract(&pdf);
        for s in &doc.sections {
            assert!(s.page_start <= s.page_end, "{}", s.id.as_str());
            assert!(s.page_end <= doc.source.pages);
            let parent =
                doc.sections.iter().rev().find(|p| {
                    p.id.depth() < s.id.depth() && s.id.as_str().starts_with(p.id.as_str())
                });
            if let Some(p) = parent {
                assert!(
                    p.page_start <= s.page_start && s.page_end <= p.page_end,
                    "{}: {} outside {}",
                    doc.source.file,
                    s.id.as_str(),
                    p.id.as_str()
                );
            }
        }
    }
}

#[test]
fn the_two_producers_of_one_plan_agree() {
    let dir = common::fixtures().join("corpus");
    let lo = extract(&dir.join("001_c47a66b1d1303a5e.lo-docx.pdf"));
    let chromium = extract(&dir.join("001_c47a66b1d1303a5e.chromium.pdf"));
    assert_eq!(lo.region, chromium.region);
    let ids = |d: &Document| d.sections.iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(ids(&lo), ids(&chromium));
    // The same words in the same order, whatever the line breaks.
    let premessa = |d: &Document| norm(&d.sections[0].text);
    assert_eq!(premessa(&lo), premessa(&chromium));
}

#[test]
fn every_document_validates_against_the_schema() {
    for pdf in corpus_pdfs() {
        let doc = extract(&pdf);
        let value = serde_json::to_value(&doc).unwrap();
        let errors = schema_errors(&value);
        assert!(errors.is_empty(), "{}: {errors:?}", doc.source.file);
        assert_eq!(doc.document_id, &doc.source.sha256[..16]);
    }
}

#[test]
fn the_committed_schema_is_current() {
    let committed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/document.schema.json"),
    )
    .unwrap();
    assert!(
        committed == piani::model::json_schema(),
        "schemas/document.schema.json is stale: run `cargo run -- schema > schemas/document.schema.json`"
    );
}
