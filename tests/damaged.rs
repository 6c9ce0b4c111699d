//! Damaged and unusual input: each variant either reads like the plan it was
//! made from, or fails with a clear reason naming the file. The variants in
//! `fixtures/variants/` were made from `002_…` (Marche), `003_…` (Lombardia)
//! and `001_…` (Piemonte) with qpdf, LibreOffice or a few lines of Python (see
//! `fixtures/variants/README.md`).

mod common;

use std::path::Path;

use common::fixtures;
use piani::model::{Document, Region, WarningCode};

fn variant(name: &str) -> std::path::PathBuf {
    fixtures().join("variants").join(name)
}

fn extract(path: &Path) -> Result<Document, piani::PdfError> {
    piani::extract(
        path.file_name().unwrap().to_str().unwrap(),
        &std::fs::read(path).unwrap(),
    )
}

/// The Marche plan, as read from the corpus PDF itself.
fn marche() -> Document {
    extract(&fixtures().join("corpus/002_c55eb3ee00ca505f.lo-docx.pdf")).unwrap()
}

/// What must not change between a plan and a variant of it.
fn essentials(d: &Document) -> (Option<Region>, u32, usize, usize, usize, usize) {
    let marks = d
        .gantt
        .as_ref()
        .map_or(0, |g| g.rows.iter().map(|r| r.marks.len()).sum());
    (
        d.region,
        d.source.pages,
        d.sections.len(),
        d.recipients.len() + d.actors.len(),
        marks,
        d.pilot_actions.len(),
    )
}

/// The document with every record's box taken off (each must have one): what
/// a rewrite that moves the page's drawing keeps the same.
fn unboxed(d: &Document) -> Document {
    let mut d = d.clone();
    let take = |bbox: &mut Option<[f64; 4]>| {
        assert!(bbox.is_some(), "every record has its box");
        *bbox = None;
    };
    d.statistics.iter_mut().for_each(|s| take(&mut s.bbox));
    d.recipients.iter_mut().for_each(|r| take(&mut r.bbox));
    d.actors.iter_mut().for_each(|a| take(&mut a.bbox));
    d.contacts.iter_mut().for_each(|c| take(&mut c.bbox));
    d.pilot_actions.iter_mut().for_each(|p| take(&mut p.bbox));
    if let Some(g) = &mut d.gantt {
        g.rows.iter_mut().for_each(|r| take(&mut r.bbox));
    }
    if let Some(c) = &mut d.costs {
        for a in &mut c.actions {
            a.items.iter_mut().for_each(|i| take(&mut i.bbox));
        }
    }
    d
}

#[test]
fn object_streams_and_xref_streams_read_like_the_original() {
    let doc = extract(&variant("object-streams.pdf")).unwrap();
    assert_eq!(essentials(&doc), essentials(&marche()));
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn a_linearized_pdf_reads_like_the_original() {
    let doc = extract(&variant("linearized.pdf")).unwrap();
    assert_eq!(essentials(&doc), essentials(&marche()));
}

#[test]
fn a_broken_xref_table_is_rebuilt_by_scanning_and_flagged() {
    let doc = extract(&variant("broken-xref.pdf")).unwrap();
    assert_eq!(essentials(&doc), essentials(&marche()));
    let codes: Vec<WarningCode> = doc.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, [WarningCode::PdfRepaired]);
}

#[test]
fn pages_drawn_sideways_read_like_the_original() {
    // Every other page turned a quarter and its content redrawn turned (cairo):
    // the text on those pages runs bottom to top.
    let doc = extract(&variant("sideways-pages.pdf")).unwrap();
    assert_eq!(essentials(&doc), essentials(&marche()));
    // The same records from the same lines; the boxes are where the turned
    // page puts them (cairo redraws each page on a sheet of its own).
    let (doc, original) = (unboxed(&doc), unboxed(&marche()));
    assert_eq!(doc.statistics, original.statistics);
    assert_eq!(doc.gantt, original.gantt);
    assert_eq!(doc.costs, original.costs);
}

#[test]
fn a_text_layer_that_decodes_to_no_letters_is_flagged() {
    // MuPDF's rewrite of the Lombardia plan: its fonts map every glyph to the
    // wrong character (poppler reads "!!\"#" too).
    let doc = extract(&variant("undecodable-text.pdf")).unwrap();
    let undecodable: Vec<_> = doc
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::TextUndecodable)
        .collect();
    assert_eq!(undecodable.len(), 1, "{:?}", doc.warnings);
    assert!(undecodable[0].message.contains("run OCR"));
    // The plan it was made from reads without it.
    let plain = extract(&fixtures().join("corpus/003_a4bc456a991b883d.lo-docx.pdf")).unwrap();
    assert!(
        plain
            .warnings
            .iter()
            .all(|w| w.code != WarningCode::TextUndecodable)
    );
}

#[test]
fn a_text_layer_of_shifted_letters_is_flagged() {
    // Printed to PostScript and distilled again: every code is 29 below its
    // letter, so the text is still letters, but hardly any vowels.
    let doc = extract(&variant("shifted-codes.pdf")).unwrap();
    let undecodable: Vec<_> = (doc.warnings.iter())
        .filter(|w| w.code == WarningCode::TextUndecodable)
        .collect();
    assert_eq!(undecodable.len(), 1, "{:?}", doc.warnings);
    assert!(undecodable[0].message.contains("vowels"));
    // The plan it was printed from reads without it.
    let plain = extract(&fixtures().join("corpus/002_c55eb3ee00ca505f.lo-docx.pdf")).unwrap();
    assert!(
        (plain.warnings.iter()).all(|w| w.code != WarningCode::TextUndecodable),
        "{:?}",
        plain.warnings
    );
}

#[test]
fn a_ghostscript_rewrite_reads_like_the_original() {
    // Ghostscript draws the Gantt marks with the ' operator (next line, then
    // show), which pdf-extract ignored: marks were lost and rows misplaced.
    let doc = extract(&variant("ghostscript.pdf")).unwrap();
    let original = extract(&fixtures().join("corpus/003_a4bc456a991b883d.lo-docx.pdf")).unwrap();
    assert_eq!(essentials(&doc), essentials(&original));
    let (doc, original) = (unboxed(&doc), unboxed(&original));
    assert_eq!(doc.gantt, original.gantt);
    assert_eq!(doc.costs, original.costs);
    assert_eq!(doc.actors, original.actors);
}

#[test]
fn a_font_with_a_broken_unicode_map_is_read_by_its_encoding_and_flagged() {
    // The body font's /ToUnicode points at the catalog: pdf-extract panicked on
    // every page that used the font, and all 18 pages were lost.
    let doc = extract(&variant("broken-tounicode.pdf")).unwrap();
    let codes: Vec<WarningCode> = doc.warnings.iter().map(|w| w.code).collect();
    assert!(!codes.contains(&WarningCode::PageUnreadable), "{codes:?}");
    assert!(codes.contains(&WarningCode::TextUndecodable), "{codes:?}");
    // Headings, in a font whose map is intact, are still found.
    assert!(!doc.sections.is_empty());
}

#[test]
fn the_latest_revision_of_an_incremental_update_wins() {
    let doc = extract(&variant("incremental-update.pdf")).unwrap();
    assert_eq!(
        doc.source.producer.as_deref(),
        Some("piani incremental update")
    );
    assert_eq!(essentials(&doc), essentials(&marche()));
}

#[test]
fn empty_password_encryption_rc4_and_aes_is_read() {
    let plain = extract(&fixtures().join("corpus/003_a4bc456a991b883d.lo-docx.pdf")).unwrap();
    for name in [
        "encrypted-empty-password-rc4.pdf",
        "encrypted-empty-password-aes256.pdf",
    ] {
        let doc = extract(&variant(name)).unwrap();
        assert_eq!(doc.region, Some(Region::Lombardia), "{name}");
        assert_eq!(doc.sections, plain.sections, "{name}");
        assert_eq!(doc.costs, plain.costs, "{name}");
        assert_eq!(doc.statistics, plain.statistics, "{name}");
    }
}

#[test]
fn clear_errors_for_what_cannot_be_read() {
    let err = |name: &str| extract(&variant(name)).unwrap_err().to_string();
    assert!(err("encrypted-with-password.pdf").starts_with("encrypted with a password"));
    assert!(err("random-bytes.pdf").starts_with("not a PDF"));
    assert!(err("deeply-nested.pdf").starts_with("damaged beyond repair"));
}

/// The Gantt marks of the plan made from `001_…` (Piemonte) in which every
/// written mark became an empty cell shaded gray: the fill's colour (`rg`, ignored
/// before) is what tells them.
#[test]
fn gantt_marks_drawn_as_shaded_cells_are_read() {
    let marks = |d: &Document| -> Vec<Vec<usize>> {
        d.gantt
            .as_ref()
            .unwrap()
            .rows
            .iter()
            .map(|r| r.marks.clone())
            .collect()
    };
    let plain = extract(&fixtures().join("corpus/001_c47a66b1d1303a5e.lo-docx.pdf")).unwrap();
    let shaded = extract(&variant("shaded-gantt.pdf")).unwrap();
    assert!(marks(&plain).iter().flatten().count() > 10);
    assert_eq!(marks(&shaded), marks(&plain));
    let texts: Vec<&str> = shaded
        .gantt
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .flat_map(|r| r.mark_text.iter().map(String::as_str))
        .collect();
    assert!(texts.iter().all(|t| *t == "■"), "{texts:?}");
    assert_eq!(essentials(&shaded), essentials(&plain));
}

/// A plain document of `pages` pages, one line of text each, made in code.
fn many_pages(pages: u32) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document as Lo, Object, Stream, dictionary};
    let mut doc = Lo::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids = Vec::new();
    for n in 1..=pages {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 11.into()]),
                Operation::new("Td", vec![72.into(), 700.into()]),
                Operation::new(
                    "Tj",
                    vec![Object::string_literal(format!(
                        "Pagina di testo numero {n}"
                    ))],
                ),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
                "Resources" => resources, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            })
            .into(),
        );
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => pages }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_thousand_page_document_is_read_whole() {
    let doc = piani::extract("mille.pdf", &many_pages(1000)).unwrap();
    assert_eq!(doc.source.pages, 1000);
    // Not a plan: no region, no sections, and warnings that say so.
    assert_eq!(doc.region, None);
    let codes: Vec<WarningCode> = doc.warnings.iter().map(|w| w.code).collect();
    assert!(codes.contains(&WarningCode::RegionUncertain));
    assert!(codes.contains(&WarningCode::SectionMissing));
}

/// Found by fuzzing: a page that is its own /Parent, without the inherited
/// attribute, made the page-tree walk endless.
#[test]
fn a_page_tree_that_loops_ends() {
    let started = std::time::Instant::now();
    let result = extract(&variant("fuzz-parent-cycle.pdf"));
    assert!(
        started.elapsed().as_secs() < 10,
        "the extraction ended by itself"
    );
    match result {
        Ok(doc) => assert!(
            doc.warnings
                .iter()
                .any(|w| w.code == WarningCode::PageUnreadable)
        ),
        Err(e) => assert!(e.to_string().starts_with("damaged beyond repair"), "{e}"),
    }
}

/// The text of each page of a variant, its glyphs joined in drawing order, a
/// line break wherever the baseline changes; and the pages that could not be
/// read.
fn page_texts(name: &str) -> (Vec<String>, Vec<(u32, String)>) {
    let file = piani::pdf::read(&std::fs::read(variant(name)).unwrap()).unwrap();
    let texts = file
        .pages
        .iter()
        .map(|page| {
            let mut text = String::new();
            let mut baseline = None;
            for g in &page.glyphs {
                if baseline.is_some_and(|b: f64| (b - g.baseline).abs() > 1.0) {
                    text.push('\n');
                }
                baseline = Some(g.baseline);
                text.push_str(&g.text);
            }
            text
        })
        .collect();
    (texts, file.unreadable_pages)
}

/// ToUnicode ranges far larger than any font (every 2-byte code, every 4-byte
/// code, an array of a million entries, 2048 ranges of 65 536 codes) were
/// expanded into one map entry per code: the 4-byte range ran out of memory
/// (above 3 GiB after 20 s), and in a debug build the 2-byte range's
/// arithmetic overflowed and the page was lost. Each font shows one word
/// through its map.
#[test]
fn huge_tounicode_ranges_are_read_without_expanding_them() {
    let started = std::time::Instant::now();
    let (pages, unreadable) = page_texts("tounicode-huge-ranges.pdf");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert!(unreadable.is_empty(), "{unreadable:?}");
    assert_eq!(pages, ["Intervalli\nPIANI\nREGIONE\nLAZIO\nMARCHE"]);
}

/// Fonts whose encoding or map is garbage: an /Encoding that refers to
/// itself, /Differences at codes no one-byte font has (and an element of the
/// wrong kind), ToUnicode streams of garbage, with a count that runs past
/// their entries, one that uses itself (/UseCMap and usecmap), ones nesting
/// arrays, strings or dictionaries 100 000 deep, an encoding name that does
/// not exist, and a composite font whose /Encoding CMap is garbage. The page
/// was lost (a panic: "missing object reference: ReferenceLimit"), and the
/// deep arrays and dictionaries overflowed the stack, killing the process.
/// Now each font reads by its encoding (the composite one as Identity-H), as
/// poppler reads them.
#[test]
fn garbage_font_encodings_and_maps_fall_back_to_the_encoding() {
    let (pages, unreadable) = page_texts("font-encoding-loops.pdf");
    assert!(unreadable.is_empty(), "{unreadable:?}");
    // "AB" with code 65 (A) mapped to /Z, and the name after a string to 66 (B).
    assert_eq!(
        pages,
        ["Testo\nRoma\nZY\nMilano\nTorino\nBari\nGENOVA\nPisa\nLecce\nComo\nSiena"]
    );
}

/// A CID font's /W giving one width to ids 0 to 1 500 000 000, then ids 40
/// and 41 their own: the range was expanded to one map entry per id, which
/// hung a debug build (no end in 120 s) and ran a release build out of memory
/// (above 3 GiB after 18 s).
#[test]
fn a_cid_width_range_of_a_billion_ids_is_not_expanded() {
    let started = std::time::Instant::now();
    let file =
        piani::pdf::read(&std::fs::read(variant("cid-width-huge-range.pdf")).unwrap()).unwrap();
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert!(
        file.unreadable_pages.is_empty(),
        "{:?}",
        file.unreadable_pages
    );
    let line: Vec<(&str, f64)> = file.pages[0]
        .glyphs
        .iter()
        .skip("Larghezze".len())
        .map(|g| (g.text.as_str(), (g.advance * 1000.0).round() / 1000.0))
        .collect();
    // 12-point text: widths of 500, 600 and 700 thousandths of an em.
    assert_eq!(
        line,
        [
            ("U", 6.0),
            ("M", 6.0),
            ("B", 6.0),
            ("R", 6.0),
            ("I", 6.0),
            ("A", 6.0),
            ("i", 7.2),
            ("j", 8.4)
        ]
    );
}

/// A form that draws itself (page 1), two forms drawing each other (page 2),
/// and forms 40 deep each drawing the next twice (page 3, 2^40 draws): the
/// recursion overflowed the stack and killed the process. A form is not drawn
/// again inside itself, nesting stops at 32 levels and a page at 100 000
/// forms: the text around them is read and each page flagged. Found with the
/// fuzzer's help: an image's samples were read as operators (page 4 showed
/// its "Pixel"), and a form of a megabyte drawn 10 000 times (page 5) took
/// 6 s, stopped now at 64 MiB of form content.
#[test]
fn form_xobjects_that_draw_themselves_end() {
    let started = std::time::Instant::now();
    let (pages, unreadable) = page_texts("form-xobject-cycles.pdf");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert!(unreadable.is_empty(), "{unreadable:?}");
    assert_eq!(pages[0], "Prima\nDentro\nDopo");
    assert_eq!(pages[1], "Seconda\nAlfa\nBeta\nFine");
    // The text is at the 40th level, past the depth limit.
    assert_eq!(pages[2], "Terza\nUltima");
    assert_eq!(pages[3], "Quarta\nImmagine");
    assert_eq!(pages[4], "Quinta\nGrande");

    let doc = extract(&variant("form-xobject-cycles.pdf")).unwrap();
    let incomplete: Vec<(Option<u32>, &str)> = doc
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::PageIncomplete)
        .map(|w| (w.page, w.message.as_str()))
        .collect();
    assert_eq!(
        incomplete,
        [
            (
                Some(1),
                "part of page 1 is left out: the form XObject /Fm0 draws itself; \
                 it is not drawn again inside itself"
            ),
            (
                Some(2),
                "part of page 2 is left out: the form XObject /FmA draws itself; \
                 it is not drawn again inside itself"
            ),
            (
                Some(3),
                "part of page 3 is left out: form XObjects nest deeper than 32 levels; \
                 /Next and the others deeper are not drawn; the page draws more than \
                 100000 forms; /Next and the ones after it are not drawn"
            ),
            (
                Some(5),
                "part of page 5 is left out: the page's forms hold more than 64 MiB of \
                 content; /Big and the ones after it are not drawn"
            ),
        ]
    );
}

/// Content streams whose /Length is 40 bytes too long, 12 too short, or a
/// reference to an object that does not exist (pages 2 to 4): lopdf dropped
/// the first two stream objects and read the third as empty, so those pages
/// came out blank, without a warning. Each is read up to its `endstream`, as
/// qpdf and poppler recover it, and the repair is flagged.
#[test]
fn streams_with_a_wrong_length_are_read_to_endstream() {
    let (pages, unreadable) = page_texts("stream-length-wrong.pdf");
    assert!(unreadable.is_empty(), "{unreadable:?}");
    assert_eq!(pages, ["Giusta", "Lunga", "Corta", "Mancante"]);
    let doc = extract(&variant("stream-length-wrong.pdf")).unwrap();
    let repaired: Vec<&str> = doc
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::PdfRepaired)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        repaired,
        ["3 streams had a wrong /Length and were read up to the endstream keyword"]
    );
}
