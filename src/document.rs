//! One document end to end: bytes → pages → layout → sections, tables and
//! records → the normalized [`Document`].

use sha2::{Digest, Sha256};

use crate::error::PdfError;
use crate::layout::{Line, PageLayout, Paragraph};
use crate::model::{
    Actor, Contact, Costs, Document, Gantt, PilotAction, Recipient, Region, Section, SectionId,
    Source, Statistic, Warning, WarningCode,
};
use crate::records::{actors, contacts, costs, gantt, pilot_actions, recipients, statistics};
use crate::sections::FoundSection;
use crate::tables::Table;
use crate::{furniture, layout, orientation, pdf, records, region, sections, tables};

/// Hex SHA-256 of the bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Hex SHA-256 of what `reader` gives, read piece by piece (a file need not
/// fit in memory), and how many bytes it gave.
pub fn sha256_hex_reader(mut reader: impl std::io::Read) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut len = 0u64;
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok((hex(&hasher.finalize()), len)),
            Ok(n) => {
                hasher.update(&buffer[..n]);
                len += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Below this share of letters among its printed characters, a text layer is
/// taken for undecodable: Italian prose, tables of figures included, runs at
/// three quarters letters and more.
const MIN_LETTER_SHARE: f64 = 0.4;

/// Below this share of vowels among its Latin letters, a text layer is taken
/// for undecodable: Italian runs near 46%, English near 38%, even a table of
/// acronyms above a quarter; a font whose codes map to the wrong letters (a
/// constant shift, as a PostScript printer's re-encoding leaves it: "0LQLVWHUR"
/// for "Ministero") lands its vowels on consonants, near 15%.
const MIN_VOWEL_SHARE: f64 = 0.25;

/// The vowel share is judged only over at least this many Latin letters (a
/// page of prose holds a few thousand).
const MIN_LATIN_LETTERS: usize = 500;

/// Letters among the characters the pages print (spaces aside), glyphs that
/// decode to nothing counted as characters that are not letters; and vowels
/// among the Latin letters.
#[derive(Debug, Default, Clone, Copy)]
struct LetterCount {
    letters: usize,
    all: usize,
    latin: usize,
    vowels: usize,
}

/// Whether `c` is a Latin vowel (`Some(true)`), another Latin letter
/// (`Some(false)`), or no Latin letter.
fn latin_vowel(c: char) -> Option<bool> {
    match c.to_lowercase().next()? {
        'a' | 'e' | 'i' | 'o' | 'u' | 'à' | 'á' | 'è' | 'é' | 'ì' | 'í' | 'ò' | 'ó' | 'ù' | 'ú' => {
            Some(true)
        }
        'a'..='z' => Some(false),
        _ => None,
    }
}

impl LetterCount {
    fn add(&mut self, page: &pdf::Page) {
        self.all += page.undecoded;
        for c in page
            .glyphs
            .iter()
            .flat_map(|g| g.text.chars())
            .filter(|c| !c.is_whitespace())
        {
            self.all += 1;
            self.letters += usize::from(c.is_alphabetic());
            if let Some(vowel) = latin_vowel(c) {
                self.latin += 1;
                self.vowels += usize::from(vowel);
            }
        }
    }

    /// The share of vowels among the Latin letters, where there are enough
    /// to judge by.
    fn vowel_share(&self) -> Option<f64> {
        (self.latin >= MIN_LATIN_LETTERS).then(|| self.vowels as f64 / self.latin as f64)
    }

    /// The share of letters; 1 when nothing was printed.
    fn share(&self) -> f64 {
        if self.all == 0 {
            1.0
        } else {
            self.letters as f64 / self.all as f64
        }
    }
}

/// The document id: the first 16 hex digits of the content's SHA-256.
pub fn document_id(sha256: &str) -> String {
    sha256[..16].to_string()
}

/// Whether `id` has the form of [`document_id`]: sixteen lower-case hex
/// digits. An id read back from an output folder is trusted only then (it
/// names a file there: "../x" must never reach a path).
pub fn is_document_id(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Compiles the patterns extraction will need (a few milliseconds of a
/// process's first document), so that a caller with a core to spare can do
/// it on another thread while the first PDF is still being read and laid out.
pub fn prepare() {
    crate::furniture::prepare();
    crate::sections::prepare();
    crate::numbers::prepare();
    crate::region::prepare();
    crate::records::prepare();
}

/// Extracts one plan. `file_name` is recorded as given (without directories).
pub fn extract(file_name: &str, bytes: &[u8]) -> Result<Document, PdfError> {
    let sha256 = sha256_hex(bytes);
    // Each page is laid out as soon as it is drawn and its glyphs dropped: only
    // its lines, rules and fills go on, so memory follows the text, not the glyphs.
    let (mut pages, mut drawn) = (Vec::new(), Vec::new());
    let (mut letters, mut has_text) = (LetterCount::default(), false);
    let pdf = pdf::read_each(bytes, |mut page| {
        orientation::turn_upright(&mut page);
        letters.add(&page);
        has_text |= !page.glyphs.is_empty();
        pages.push(layout::lay_out_page(&page));
        page.glyphs = Vec::new();
        drawn.push(page);
    })?;
    let mut warnings: Vec<Warning> = Vec::new();
    if pdf.repaired {
        warnings.push(Warning {
            code: WarningCode::PdfRepaired,
            message: "the cross-reference table was broken and was rebuilt by scanning the file"
                .to_string(),
            page: None,
        });
    }
    if pdf.lengths_repaired > 0 {
        let n = pdf.lengths_repaired;
        warnings.push(Warning {
            code: WarningCode::PdfRepaired,
            message: format!(
                "{n} stream{} had a wrong /Length and {} read up to the endstream keyword",
                if n == 1 { "" } else { "s" },
                if n == 1 { "was" } else { "were" }
            ),
            page: None,
        });
    }
    warnings.extend(pdf.unreadable_pages.iter().map(|(page, reason)| Warning {
        code: WarningCode::PageUnreadable,
        message: format!("page {page} could not be read and is left out: {reason}"),
        page: Some(*page),
    }));
    warnings.extend(pdf.incomplete_pages.iter().map(|(page, reason)| Warning {
        code: WarningCode::PageIncomplete,
        message: format!("part of page {page} is left out: {reason}"),
        page: Some(*page),
    }));

    let furniture = furniture::remove(&mut pages);
    let mut doc = Document::new(
        document_id(&sha256),
        Source {
            file: file_name.to_string(),
            sha256,
            bytes: bytes.len() as u64,
            pages: pdf.page_count,
            producer: pdf.producer.clone(),
            created: pdf.created.clone(),
            modified: pdf.modified.clone(),
        },
    );

    if !has_text {
        // Pages that could not be read are already flagged; do not call them a scan.
        if pdf.unreadable_pages.is_empty() {
            warnings.push(Warning {
                code: WarningCode::NoTextLayer,
                message: "no page has a text layer (a scan, or text drawn as shapes): run OCR first; nothing was extracted"
                    .to_string(),
                page: None,
            });
        }
        doc.warnings = warnings;
        return Ok(doc);
    }

    // Text that decodes to few letters: fonts whose characters map to the wrong
    // Unicode (or none). Nothing read from it can be trusted.
    let share = letters.share();
    if share < MIN_LETTER_SHARE {
        warnings.push(Warning {
            code: WarningCode::TextUndecodable,
            message: format!(
                "the text layer does not decode to readable text (only {:.0}% of its characters \
                 are letters; its fonts map glyphs to wrong characters, or to none): run OCR first",
                share * 100.0
            ),
            page: None,
        });
    } else if let Some(vowels) = letters.vowel_share()
        && vowels < MIN_VOWEL_SHARE
    {
        warnings.push(Warning {
            code: WarningCode::TextUndecodable,
            message: format!(
                "the text layer does not decode to readable text (only {:.0}% of its letters are \
                 vowels: its fonts map glyphs to the wrong letters): run OCR first",
                vowels * 100.0
            ),
            page: None,
        });
    }

    let right_edge = layout::text_right_edge(&pages);
    let (found, section_warnings) = sections::segment(&pages, right_edge);
    let (region, region_warning) = region::detect(&pages, &furniture);
    warnings.extend(section_warnings);
    warnings.extend(region_warning);
    let breaks: Vec<_> = found.iter().map(|s| (s.page_start, s.top)).collect();
    let tables = tables::find_tables(&drawn, &pages, right_edge, &breaks);
    let parts = records_from(&pages, &tables, &found, region);
    warnings.extend(parts.warnings);
    // Everything read from the pages is in the records and sections now: the
    // pages go before the sections' texts are joined, not after.
    drop((tables, drawn, pages));

    doc.region = region;
    doc.statistics = parts.statistics;
    doc.pilot_actions = parts.pilot_actions;
    doc.contacts = parts.contacts;
    doc.recipients = parts.recipients;
    doc.actors = parts.actors;
    doc.gantt = parts.gantt;
    doc.costs = parts.costs;
    doc.sections = found
        .iter()
        .map(|s| Section {
            id: s.id,
            title: s.title.clone(),
            page_start: s.page_start,
            page_end: s.page_end,
            text: s.text(),
        })
        .collect();
    doc.warnings = warnings;
    Ok(doc)
}

/// The records read from tables and sections, with what was worth a warning.
#[derive(Default)]
struct Parts {
    statistics: Vec<Statistic>,
    pilot_actions: Vec<PilotAction>,
    contacts: Vec<Contact>,
    recipients: Vec<Recipient>,
    actors: Vec<Actor>,
    gantt: Option<Gantt>,
    costs: Option<Costs>,
    warnings: Vec<Warning>,
}

/// Reads the records: statistics from Sezione I's paragraphs; each table by what
/// its header says it is, contacts from tables before the first section (the
/// cover) and the others from Sezione II, or from anywhere when the document has
/// no recognisable Sezione II; the pilot-action forms from the lines after the
/// heading of III.2 (or III).
fn records_from(
    pages: &[PageLayout],
    tables: &[Table],
    sections: &[FoundSection],
    region: Option<Region>,
) -> Parts {
    let mut parts = Parts::default();
    let sezione_1: Vec<Paragraph> = sections
        .iter()
        .filter(|s| s.id.in_sezione_1())
        .flat_map(|s| s.paragraphs.iter().cloned())
        .collect();
    // The region tells its own figures from other places' ones.
    parts.statistics = statistics::extract(&sezione_1, region);
    let forms_start = [SectionId::III2, SectionId::III]
        .iter()
        .find_map(|id| sections.iter().find(|s| s.id == *id))
        .map(|s| (s.page_start, s.top));
    if let Some(start) = forms_start {
        let lines: Vec<&Line> = pages
            .iter()
            .flat_map(|p| &p.lines)
            .filter(|l| (l.page, l.top) > start)
            .collect();
        parts.pilot_actions = pilot_actions::extract(&lines);
        if parts.pilot_actions.is_empty() {
            parts.warnings.push(Warning {
                code: WarningCode::TableMissing,
                message: "Sezione III has no readable Azione forms".to_string(),
                page: Some(start.0),
            });
        }
    }
    let start = |id: SectionId| {
        sections
            .iter()
            .find(|s| s.id == id)
            .map(|s| (s.page_start, s.top))
    };
    let first = sections.first().map(|s| (s.page_start, s.top));
    let (sez2, sez3) = (start(SectionId::II), start(SectionId::III));
    // Where II.1.3, the actors' section, starts and the section after it.
    let actors_section = sections
        .iter()
        .position(|s| s.id == SectionId::II13)
        .map(|i| {
            let next = sections.get(i + 1).map(|s| (s.page_start, s.top));
            ((sections[i].page_start, sections[i].top), next)
        });
    let in_actors_section = |at: (u32, f64)| {
        actors_section.is_some_and(|(from, to)| at >= from && to.is_none_or(|to| at < to))
    };
    for table in tables {
        let at = (table.page, table.top);
        if first.is_none_or(|f| at < f) {
            parts.contacts.extend(contacts::extract(table));
            if first.is_some() {
                continue;
            }
        }
        let in_sez2 = sez2.is_none_or(|s| at >= s) && sez3.is_none_or(|s| at < s);
        if !in_sez2 {
            continue;
        }
        let actors_header = actors::header(table).or_else(|| {
            in_actors_section(at)
                .then(|| actors::header_in_section(table))
                .flatten()
        });
        if let Some(h) = actors_header {
            let found = actors::extract(table, &h);
            let actions = found.iter().map(|a| (a.action.as_str(), a.page));
            parts.warnings.extend(uncertain_actions(
                actions,
                WarningCode::ActorActionUncertain,
                "actors",
            ));
            parts.actors.extend(found);
        } else if let Some(h) = recipients::header(table) {
            let found = recipients::extract(table, &h);
            let actions = found.iter().map(|r| (r.action.as_str(), r.page));
            parts.warnings.extend(uncertain_actions(
                actions,
                WarningCode::RecipientActionUncertain,
                "recipients",
            ));
            parts.recipients.extend(found);
        } else if let Some(g) = gantt::extract_checked(table, &mut parts.warnings) {
            // A Gantt read to no row is no Gantt: a later one takes its place.
            match parts.gantt.as_mut().filter(|g| !empty_gantt(g)) {
                None => parts.gantt = Some(g),
                Some(existing) => {
                    if !gantt::merge(existing, g) {
                        parts.warnings.push(Warning {
                            code: WarningCode::TableMissing,
                            message: "a second Gantt table with other periods was left out".into(),
                            page: Some(table.page),
                        });
                    }
                }
            }
        } else if let Some(h) = costs::header(table)
            && parts.costs.as_ref().is_none_or(empty_costs)
        {
            let (c, w) = costs::from_table(table, &h);
            parts.costs = Some(c);
            parts.warnings.extend(w);
        }
    }
    // Costs written as prose in their section.
    if parts.costs.as_ref().is_none_or(empty_costs)
        && let Some(s) = sections.iter().find(|s| s.id == SectionId::II15)
        && let Some((c, w)) = costs::from_paragraphs(&s.paragraphs)
    {
        parts.costs = Some(c);
        parts.warnings.extend(w);
    }
    let missing = missing_parts(sections, &parts);
    parts.warnings.extend(missing);
    parts
}

/// A Gantt whose periods were found but no row.
fn empty_gantt(g: &Gantt) -> bool {
    g.rows.is_empty()
}

/// A cost table read to no action and no total.
fn empty_costs(c: &Costs) -> bool {
    c.actions.is_empty() && c.declared_total_eur.is_none()
}

/// A warning for each part the template expects where its section was found
/// but nothing was read: a Gantt whose periods were found but no row, and a
/// cost table with no action and no total, are as good as missing.
fn missing_parts(sections: &[FoundSection], parts: &Parts) -> Vec<Warning> {
    let expected = [
        (
            SectionId::II12,
            parts.recipients.is_empty(),
            "recipients (Destinatari)",
        ),
        (
            SectionId::II13,
            parts.actors.is_empty(),
            "actors (Sistema degli attori)",
        ),
        (
            SectionId::II14,
            parts.gantt.as_ref().is_none_or(empty_gantt),
            "Gantt",
        ),
        (
            SectionId::II15,
            parts.costs.as_ref().is_none_or(empty_costs),
            "costs",
        ),
    ];
    let mut warnings = Vec::new();
    for (id, missing, what) in expected {
        if let Some(s) = sections.iter().find(|s| s.id == id).filter(|_| missing) {
            warnings.push(Warning {
                code: WarningCode::TableMissing,
                message: format!("section {} has no readable {what} table", id.as_str()),
                page: Some(s.page_start),
            });
        }
    }
    warnings
}

/// A warning for each action of one `what` table's entries that is not an
/// action's code where others are ([`records::uncertain_actions`]).
fn uncertain_actions<'a>(
    actions: impl IntoIterator<Item = (&'a str, u32)>,
    code: WarningCode,
    what: &str,
) -> Vec<Warning> {
    records::uncertain_actions(actions)
        .into_iter()
        .map(|(action, page)| Warning {
            code,
            message: format!(
                "{what}: the action \"{action}\" is not an action's code where the table's \
                 others are (a label broken up by a page break or misread columns): its rows' \
                 action is uncertain"
            ),
            page: Some(page),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{glyphs, page};

    /// Every pattern a module keeps in a `LazyLock` static is compiled by its
    /// module's `prepare` (as `NAME`, or `module::NAME` from its parent): one
    /// left out is compiled in the middle of a worker's first document again.
    /// Statics inside functions (the PDF repair's) are left to first use.
    #[test]
    fn prepare_compiles_every_module_s_patterns() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let files: Vec<(String, String)> = walkdir::WalkDir::new(&src)
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
            .map(|e| {
                let stem = e.path().file_stem().unwrap().to_string_lossy().into_owned();
                (stem, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        let static_name =
            regex::Regex::new(r"(?m)^(?:pub )?static ([A-Z_0-9]+): LazyLock").unwrap();
        let mut checked = 0;
        for (stem, text) in &files {
            for name in static_name.captures_iter(text).map(|c| c[1].to_string()) {
                let own = text.contains(&format!("LazyLock::force(&{name});"));
                let from_parent = (files.iter())
                    .any(|(_, t)| t.contains(&format!("LazyLock::force(&{stem}::{name});")));
                assert!(
                    own || from_parent,
                    "{stem}.rs: {name} is not in a prepare()"
                );
                checked += 1;
            }
        }
        assert!(
            checked > 50,
            "only {checked} statics found: is the pattern still right?"
        );
    }

    #[test]
    fn letters_are_counted_against_everything_printed() {
        // "Art. 12": three letters among six printed characters.
        let count = |p: &pdf::Page| {
            let mut c = LetterCount::default();
            c.add(p);
            c.share()
        };
        let mut p = page(1, glyphs("Art. 12", 50.0, 100.0, 10.0), vec![], vec![]);
        assert!((count(&p) - 3.0 / 6.0).abs() < 1e-9);
        // Glyphs the font gives no text for count as characters, not letters.
        p.undecoded = 14;
        assert!((count(&p) - 3.0 / 20.0).abs() < 1e-9);
        assert_eq!(LetterCount::default().share(), 1.0);
    }

    /// A Gantt whose periods were read but no row, and a cost table with no
    /// action and no total, are reported as missing, like absent ones.
    #[test]
    fn parts_read_empty_are_missing() {
        let section = |id, page| FoundSection {
            id,
            title: String::new(),
            page_start: page,
            top: 100.0,
            page_end: page,
            paragraphs: Vec::new(),
        };
        let sections = [section(SectionId::II14, 15), section(SectionId::II15, 16)];
        let mut parts = Parts {
            gantt: Some(Gantt {
                periods: vec![crate::model::Period {
                    label: "III° TRIM 2015".into(),
                    start: "2015-07-01".into(),
                    end: "2015-09-30".into(),
                }],
                rows: Vec::new(),
            }),
            costs: Some(Costs {
                actions: Vec::new(),
                declared_total_eur: None,
                declared_total_text: String::new(),
                declared_total_page: None,
                computed_total_eur: None,
            }),
            ..Parts::default()
        };
        let pages = |p: &Parts| -> Vec<Option<u32>> {
            missing_parts(&sections, p).iter().map(|w| w.page).collect()
        };
        assert_eq!(pages(&parts), [Some(15), Some(16)]);
        // A total alone is something read.
        parts.costs.as_mut().unwrap().declared_total_eur =
            Some(crate::model::Euro::from_cents(100));
        assert_eq!(pages(&parts), [Some(15)]);
    }

    /// A table of quantities, who and how they take part, whose who column
    /// is headed in the recipients' words ("Target / Beneficiari"): in the
    /// actors' section it is the actors table; elsewhere it is neither,
    /// since it could as well be recipients with a column of their own.
    #[test]
    fn an_actors_table_headed_in_recipients_words_in_the_actors_section() {
        let page = crate::testing::grid_page(&[
            &["N.", "Q.tà", "Target / Beneficiari", "Contributo"],
            &["1", "8", "Enti locali", "Gruppi di lavoro"],
            &["2", "3", "ASL", "Prese in carico"],
        ]);
        let layout = layout::lay_out_page(&page);
        let tables = tables::find_tables(&[page], std::slice::from_ref(&layout), 500.0, &[]);
        assert_eq!(tables.len(), 1);
        let section = |id, top| FoundSection {
            id,
            title: String::new(),
            page_start: 7,
            top,
            page_end: 7,
            paragraphs: Vec::new(),
        };
        let read = |sections: &[FoundSection]| {
            let parts = records_from(std::slice::from_ref(&layout), &tables, sections, None);
            let actors: Vec<(String, String)> = (parts.actors.iter())
                .map(|a| (a.name.clone(), a.role.clone()))
                .collect();
            (actors, parts.recipients.len())
        };
        let in_actors = [section(SectionId::II, 10.0), section(SectionId::II13, 50.0)];
        let (actors, recipients) = read(&in_actors);
        assert_eq!(
            actors,
            [
                ("Enti locali".to_string(), "Gruppi di lavoro".to_string()),
                ("ASL".to_string(), "Prese in carico".to_string())
            ]
        );
        assert_eq!(recipients, 0);
        let in_recipients = [section(SectionId::II, 10.0), section(SectionId::II12, 50.0)];
        assert_eq!(read(&in_recipients), (vec![], 0));
    }

    /// A font whose codes are shifted maps letters to letters: the share of
    /// letters holds, the share of vowels falls.
    #[test]
    fn shifted_codes_are_told_by_their_vowels() {
        let text = "Il Ministero del Lavoro e delle Politiche Sociali e la Regione \
                    sottoscrivono il presente accordo per l'integrazione dei migranti. ";
        let shifted: String = (text.chars())
            .map(|c| match c {
                'a'..='z' => char::from(c as u8 - 29),
                _ => c,
            })
            .collect();
        let count = |t: &str| {
            let mut c = LetterCount::default();
            c.add(&page(
                1,
                glyphs(&t.repeat(6), 50.0, 100.0, 10.0),
                vec![],
                vec![],
            ));
            c
        };
        let (plain, garbled) = (count(text), count(&shifted));
        assert!(garbled.share() >= MIN_LETTER_SHARE, "{garbled:?}");
        let (p, g) = (plain.vowel_share().unwrap(), garbled.vowel_share().unwrap());
        assert!(p > 0.4 && g < MIN_VOWEL_SHARE, "plain {p}, shifted {g}");
        // Too few letters to judge by.
        assert_eq!(count("Art. 12").vowel_share(), None);
    }
}
