//! Reading a PDF: bytes → pages of glyphs, stroked segments and filled rectangles.
//!
//! lopdf parses (and decrypts documents protected with an empty user password);
//! pdf-extract interprets the content streams and reports every glyph and path to
//! the [`Collector`] below through its `OutputDev` trait.
//!
//! **Coordinates**: every position is in PDF points, with the origin at the
//! *top-left* corner of the page's media box, x growing to the right and y growing
//! *downwards* (the way a reader scans a page).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use compact_str::CompactString;
use lopdf::Document as LoDocument;
use pdf_extract::{
    ColorSpace, DeviceColor, MediaBox, OutputDev, OutputError, Path, PathOp, Transform,
};
use regex::Regex;
use regex::bytes::Regex as BytesRegex;
use unicode_normalization::UnicodeNormalization;

use crate::error::PdfError;

/// One positioned glyph (usually one character; a ligature is expanded to its letters).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Held inline (pages have thousands of glyphs of a few bytes each).
    pub text: CompactString,
    /// Left edge of the glyph's advance box.
    pub x: f64,
    /// Baseline position.
    pub baseline: f64,
    /// Horizontal advance on the page (glyph width plus character spacing).
    pub advance: f64,
    /// Font size on the page (text matrix scale included).
    pub size: f64,
    /// Which way the glyph's baseline runs on the page.
    pub direction: Direction,
    /// A whitespace glyph came right before this one in the content stream.
    pub space_before: bool,
}

/// Which way a glyph's baseline runs on the page (y downwards), in quarter
/// turns from ordinary text; glyphs at other angles, or mirrored, are `Skewed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Left to right: ordinary text.
    Upright,
    /// Bottom to top: a page turned a quarter counter-clockwise.
    Up,
    /// Top to bottom: a page turned a quarter clockwise.
    Down,
    /// Right to left, upside down.
    Inverted,
    Skewed,
}

impl Glyph {
    pub fn is_upright(&self) -> bool {
        self.direction == Direction::Upright
    }

    pub fn right(&self) -> f64 {
        self.x + self.advance.max(0.0)
    }
}

/// A straight stroked segment: a table rule, an underline, a box side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// An axis-aligned filled rectangle: a thin one is a border, a large one a shaded cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FilledRect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    /// Luminance of the fill colour, 0 (black) to 1 (white); `None` when the colour
    /// space gives no way to tell (a pattern, an unreadable colour table).
    /// Fills as light as the paper ([`PAPER`]) are not kept.
    pub gray: Option<f64>,
}

/// Luminance from which a fill is as light as the paper: it paints a page or
/// cell background, or hides something, and is neither a rule nor shading.
pub const PAPER: f64 = 0.98;

/// One page with everything drawn on it.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub segments: Vec<Segment>,
    pub rects: Vec<FilledRect>,
    /// Glyphs drawn for which the font gives no text at all (no Unicode map
    /// entry): laid out as spaces, counted to tell undecodable text.
    pub undecoded: usize,
}

/// A parsed PDF file.
#[derive(Debug, Clone)]
pub struct PdfFile {
    /// Every page, in order, from [`read`]; empty from [`read_each`], which
    /// hands each page out as soon as it is drawn instead of keeping them all.
    pub pages: Vec<Page>,
    /// How many pages the document has (unreadable ones included).
    pub page_count: u32,
    pub producer: Option<String>,
    /// The metadata's creation and modification dates, in UTC ([`pdf_date`]).
    pub created: Option<String>,
    pub modified: Option<String>,
    /// Pages whose content could not be interpreted (kept empty in `pages`).
    pub unreadable_pages: Vec<(u32, String)>,
    /// Pages read but for a part that was left out, and why (a form that
    /// draws itself, say).
    pub incomplete_pages: Vec<(u32, String)>,
    /// The cross-reference table was broken and had to be rebuilt by scanning.
    pub repaired: bool,
    /// How many streams had a wrong `/Length` and were read up to their
    /// `endstream` keyword instead ([`fix_stream_lengths`]).
    pub lengths_repaired: usize,
}

/// Parses `bytes` into pages. Damaged cross-reference tables are repaired by lopdf
/// where it can; a page whose content stream breaks the interpreter is kept empty
/// and reported in [`PdfFile::unreadable_pages`] rather than failing the document.
pub fn read(bytes: &[u8]) -> Result<PdfFile, PdfError> {
    let mut pages = Vec::new();
    let mut file = read_each(bytes, |page| pages.push(page))?;
    file.pages = pages;
    Ok(file)
}

/// As [`read`], but hands each page to `on_page`, in order, as soon as it is
/// drawn, and keeps none: a document's glyphs need never be held all at once.
pub fn read_each(bytes: &[u8], mut on_page: impl FnMut(Page)) -> Result<PdfFile, PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    // The header may be preceded by junk, but only within the first kilobyte.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    // The bytes `doc` was read from: the file's, or a repaired copy.
    let mut source = std::borrow::Cow::Borrowed(bytes);
    let (mut doc, repaired) = match load(bytes) {
        Ok(doc) => (doc, false),
        Err(PdfError::Encrypted) => return Err(PdfError::Encrypted),
        // A broken cross-reference table: rebuild it by scanning for objects.
        Err(first) => {
            match repair_xref(bytes).and_then(|fixed| Some((load(&fixed).ok()?, fixed))) {
                Some((doc, fixed)) => {
                    source = std::borrow::Cow::Owned(fixed);
                    (doc, true)
                }
                _ if is_truncated(bytes) => {
                    let why = match first {
                        PdfError::Damaged(why) => why,
                        other => other.to_string(),
                    };
                    return Err(PdfError::Damaged(format!(
                        "the file is cut short (it lacks the end-of-file marker; an incomplete \
                     upload or copy?) and what remains cannot be read: {why}"
                    )));
                }
                _ => return Err(first),
            }
        }
    };
    // Streams lopdf lost to a wrong /Length: read again with their true length.
    let mut lengths_repaired = 0;
    if let Some((fixed, count)) = fix_stream_lengths(&doc, &source) {
        // Fixed in place the file's offsets still hold; else its xref is rebuilt.
        let reloaded = if fixed.len() == source.len() {
            load(&fixed).ok()
        } else {
            repair_xref(&fixed).and_then(|fixed| load(&fixed).ok())
        };
        // Only if nothing else was lost on the way.
        if let Some(reloaded) = reloaded.filter(|d| d.objects.len() >= doc.objects.len()) {
            doc = reloaded;
            lengths_repaired = count;
        }
    }
    let page_ids = doc.get_pages();

    let mut unreadable_pages = Vec::new();
    let mut incomplete_pages = Vec::new();
    // One interpreter for the whole document, so each font is parsed once.
    let mut processor = pdf_extract::Processor::new();
    for (&number, &object_id) in &page_ids {
        let mut collector = Collector::default();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page_with(
                &doc,
                &mut collector,
                number,
                object_id,
                &mut processor,
            )
        }));
        let reason = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(format!("{e:?}")),
            Err(p) => Some(format!(
                "the PDF interpreter panicked: {}",
                panic_message(&p)
            )),
        };
        let mut page = collector.page.take().unwrap_or_default();
        page.number = number;
        if let Some(reason) = reason {
            unreadable_pages.push((number, reason));
            // What was collected before the failure is incomplete: drop it.
            page.glyphs.clear();
            page.segments.clear();
            page.rects.clear();
        } else if !collector.left_out.is_empty() {
            incomplete_pages.push((number, collector.left_out.join("; ")));
        }
        on_page(page);
    }
    Ok(PdfFile {
        pages: Vec::new(),
        page_count: page_ids.len() as u32,
        producer: info_text(&doc, b"Producer"),
        created: info_text(&doc, b"CreationDate").and_then(|d| pdf_date(&d)),
        modified: info_text(&doc, b"ModDate").and_then(|d| pdf_date(&d)),
        unreadable_pages,
        incomplete_pages,
        repaired,
        lengths_repaired,
    })
}

/// Loads with lopdf, which decrypts with the empty user password where that
/// works. A document without pages counts as damaged.
fn load(bytes: &[u8]) -> Result<LoDocument, PdfError> {
    let doc = catch_unwind(|| LoDocument::load_mem(bytes))
        .map_err(|p| PdfError::Panic(panic_message(&p)))?
        .map_err(|e| match e {
            lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => PdfError::Encrypted,
            other => PdfError::Damaged(other.to_string()),
        })?;
    // Still encrypted after loading: it needs a real password.
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(PdfError::Encrypted);
    }
    if doc.get_pages().is_empty() {
        return Err(PdfError::Damaged("the document has no pages".into()));
    }
    Ok(doc)
}

/// Whether the file lacks the `%%EOF` marker every complete PDF ends with (some
/// producers add a few bytes after it).
fn is_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
}

/// Rebuilds a broken cross-reference table: finds every `N G obj` in the file
/// (the last one of a number wins, as in an incremental update) and appends a
/// fresh table pointing at them, with the file's last trailer minus its link to
/// the broken one. `None` when there is nothing to rebuild from.
fn repair_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    static OBJ: LazyLock<BytesRegex> = LazyLock::new(|| {
        BytesRegex::new(r"(?m)(?:^|[\r\n\s])(\d{1,7})\s+(\d{1,5})\s+obj\b").expect("valid regex")
    });
    static ROOT: LazyLock<BytesRegex> =
        LazyLock::new(|| BytesRegex::new(r"/Root\s+\d+\s+\d+\s+R").expect("valid regex"));
    static CATALOG: LazyLock<BytesRegex> = LazyLock::new(|| {
        BytesRegex::new(r"(\d+)\s+(\d+)\s+obj\s*<<[^>]*/Type\s*/Catalog").expect("valid regex")
    });
    static PREV: LazyLock<BytesRegex> =
        LazyLock::new(|| BytesRegex::new(r"/(?:Prev|XRefStm)\s+\d+").expect("valid regex"));

    let mut objects: std::collections::BTreeMap<u32, (u16, usize)> = Default::default();
    for c in OBJ.captures_iter(bytes) {
        let num: u32 = std::str::from_utf8(&c[1]).ok()?.parse().ok()?;
        let generation: u16 = std::str::from_utf8(&c[2]).ok()?.parse().ok()?;
        objects.insert(num, (generation, c.get(1)?.start()));
    }
    let size = objects.keys().next_back()? + 1;
    // The last trailer dictionary, or one naming the catalog found by scanning.
    let trailer = bytes
        .windows(7)
        .rposition(|w| w == b"trailer")
        .and_then(|at| {
            let rest = &bytes[at + 7..];
            let end = rest
                .windows(9)
                .position(|w| w == b"startxref")
                .unwrap_or(rest.len());
            let dict = String::from_utf8_lossy(&rest[..end]).trim().to_string();
            ROOT.is_match(dict.as_bytes()).then_some(dict)
        })
        .map(|dict| {
            String::from_utf8_lossy(&PREV.replace_all(dict.as_bytes(), &b""[..])).into_owned()
        })
        .or_else(|| {
            let c = CATALOG.captures(bytes)?;
            Some(format!(
                "<< /Root {} {} R >>",
                String::from_utf8_lossy(&c[1]),
                String::from_utf8_lossy(&c[2])
            ))
        })?;
    let trailer = match trailer.find("/Size") {
        Some(_) => {
            static SIZE: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"/Size\s+\d+").expect("valid regex"));
            SIZE.replace(&trailer, format!("/Size {size}")).into_owned()
        }
        None => trailer.replacen("<<", &format!("<< /Size {size}"), 1),
    };
    let mut out = bytes.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let xref_at = out.len();
    // One subsection per run of consecutive object numbers: a table with an entry
    // for every number up to the largest would take 20 bytes per number, 200 MB
    // for a file that names object 9999999 (found by fuzzing).
    let mut table = String::from("xref\n0 1\n0000000000 65535 f \n");
    let mut run: Vec<String> = Vec::new();
    let mut run_start = 0;
    let numbers: Vec<u32> = objects.keys().copied().filter(|&n| n > 0).collect();
    for (i, &n) in numbers.iter().enumerate() {
        if run.is_empty() {
            run_start = n;
        }
        let (generation, offset) = objects[&n];
        run.push(format!("{offset:010} {generation:05} n \n"));
        if numbers.get(i + 1) != Some(&(n + 1)) {
            table.push_str(&format!("{run_start} {}\n", run.len()));
            table.push_str(&run.concat());
            run.clear();
        }
    }
    table.push_str(&format!(
        "trailer\n{trailer}\nstartxref\n{xref_at}\n%%EOF\n"
    ));
    out.extend_from_slice(table.as_bytes());
    Some(out)
}

/// Streams whose `/Length` is wrong in `doc`, read from `bytes`: lopdf reads
/// a stream whose data does not end where `/Length` says (too long or too
/// short) as its dictionary alone, and one whose `/Length` refers to a missing
/// object as no data at all. Each such stream gets its true length, its bytes up to `endstream`, as
/// qpdf and poppler recover it: written over the old value where it fits
/// (offsets unchanged), else in its place. The fixed file and how many streams
/// were fixed; `None` when none was.
fn fix_stream_lengths(doc: &LoDocument, bytes: &[u8]) -> Option<(Vec<u8>, usize)> {
    use lopdf::xref::XrefEntry;
    // The xref's objects lopdf could not read, dictionaries with a /Length (a
    // stream's, or an encryption dictionary's), and streams whose /Length it
    // could not resolve to a number.
    let unresolved = |length: &lopdf::Object| match length {
        lopdf::Object::Reference(id) => doc.get_object(*id).and_then(|o| o.as_i64()).is_err(),
        _ => false,
    };
    let suspects = doc
        .reference_table
        .entries
        .iter()
        .filter_map(|(&number, entry)| {
            let XrefEntry::Normal { offset, generation } = *entry else {
                return None;
            };
            match doc.objects.get(&(number, generation)) {
                None => Some(offset as usize),
                Some(lopdf::Object::Dictionary(d)) if d.has(b"Length") => Some(offset as usize),
                Some(lopdf::Object::Stream(s)) if s.dict.get(b"Length").is_ok_and(unresolved) => {
                    Some(offset as usize)
                }
                Some(_) => None,
            }
        });
    let mut fixes: Vec<(std::ops::Range<usize>, String)> =
        suspects.filter_map(|at| true_length(bytes, at)).collect();
    if fixes.is_empty() {
        return None;
    }
    fixes.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    fixes.dedup_by_key(|(span, _)| span.start);
    let mut out = bytes.to_vec();
    let fits = fixes
        .iter()
        .all(|(span, length)| length.len() <= span.len());
    for (span, length) in &fixes {
        if fits {
            out[span.clone()].fill(b' ');
            out[span.start..span.start + length.len()].copy_from_slice(length.as_bytes());
        } else {
            out.splice(span.clone(), format!("{length} ").into_bytes());
        }
    }
    Some((out, fixes.len()))
}

/// For the stream object at `at` whose `/Length` lopdf could not use: the span
/// of its `/Length` value (with the white space after it) and the stream's
/// true length, its bytes up to the `endstream` keyword less the end of line
/// before it. `None` when there is no such stream, or its length is right.
fn true_length(bytes: &[u8], at: usize) -> Option<(std::ops::Range<usize>, String)> {
    static HEAD: LazyLock<BytesRegex> =
        LazyLock::new(|| BytesRegex::new(r"\A\s*\d+\s+\d+\s+obj\b").expect("valid regex"));
    // Where the data starts, as lopdf reads it: `stream`, spaces, one end of line.
    static DATA: LazyLock<BytesRegex> =
        LazyLock::new(|| BytesRegex::new(r">>\s*stream[ \t]*(?:\r\n|\n|\r)").expect("valid regex"));
    static LENGTH: LazyLock<BytesRegex> = LazyLock::new(|| {
        BytesRegex::new(r"/Length\s+(\d+(?:\s+\d+\s+R)?)\s*").expect("valid regex")
    });
    static ENDSTREAM: LazyLock<BytesRegex> =
        LazyLock::new(|| BytesRegex::new("endstream").expect("valid regex"));
    static ENDOBJ: LazyLock<BytesRegex> =
        LazyLock::new(|| BytesRegex::new("endobj").expect("valid regex"));

    let rest = bytes.get(at..)?;
    HEAD.find(rest)?;
    let data = DATA.find(rest)?;
    // Not a stream: its dictionary ends before any `stream` keyword.
    if ENDOBJ.find(&rest[..data.start()]).is_some() {
        return None;
    }
    let length = LENGTH.captures(&rest[..data.start() + 2])?;
    let value = length.get(1)?;
    let start = at + data.end();
    let end = start + ENDSTREAM.find(&bytes[start..])?.start();
    let eol = if bytes[..end].ends_with(b"\r\n") {
        2
    } else {
        usize::from(bytes[..end].ends_with(b"\n") || bytes[..end].ends_with(b"\r"))
    };
    let true_length = end.saturating_sub(eol).max(start) - start;
    // A direct length lopdf would accept: data, an optional end of line, `endstream`.
    if let Some(declared) = std::str::from_utf8(value.as_bytes())
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let after = start.saturating_add(declared);
        let tail = bytes.get(after..).unwrap_or_default();
        let tail = tail
            .strip_prefix(b"\r\n")
            .or_else(|| tail.strip_prefix(b"\n"))
            .or_else(|| tail.strip_prefix(b"\r"))
            .unwrap_or(tail);
        if tail.starts_with(b"endstream") {
            return None;
        }
    }
    // The value and the white space after it (but the end of the dictionary).
    let span_end = at + length.get(0)?.end().min(data.start());
    Some((at + value.start()..span_end, true_length.to_string()))
}

/// The text of a caught panic's payload.
pub fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// A text entry of the document information dictionary (`Producer`,
/// `CreationDate`), trimmed; None when absent or empty.
fn info_text(doc: &LoDocument, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        lopdf::Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let value = info.as_dict().ok()?.get(key).ok()?;
    let text = match value {
        lopdf::Object::String(bytes, _) => decode_text_string(bytes),
        _ => return None,
    };
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// A PDF date (PDF 32000 §7.9.4: `D:YYYYMMDDHHmmSSOHH'mm'`, every part after
/// the year optional, `O` one of `+`, `-`, `Z`) as an instant in UTC,
/// `YYYY-MM-DDTHH:MM:SSZ`. Parts left out take their earliest value and a
/// missing offset is taken as UTC, as the standard says; producers' variants
/// (no `D:`, `Z'`, `+01'00`, `+0100`) are read alike. None when it is no date.
pub fn pdf_date(text: &str) -> Option<String> {
    use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};
    let s = text.trim().strip_prefix("D:").unwrap_or(text.trim());
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits < 4 || digits % 2 != 0 || digits > 14 {
        return None;
    }
    let part = |i: usize, default: u8| -> Option<u8> {
        match s.get(i..i + 2) {
            Some(p) if i + 2 <= digits => p.parse().ok(),
            _ => Some(default),
        }
    };
    let year: i32 = s[..4].parse().ok()?;
    let month = Month::try_from(part(4, 1)?).ok()?;
    let date = Date::from_calendar_date(year, month, part(6, 1)?).ok()?;
    let clock = Time::from_hms(part(8, 0)?, part(10, 0)?, part(12, 0)?).ok()?;
    let rest = &s[digits..];
    let offset = match rest.chars().next() {
        None | Some('Z') => UtcOffset::UTC,
        Some(sign @ ('+' | '-')) => {
            let numbers: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            let hours: i8 = numbers.get(..2)?.parse().ok()?;
            let minutes: i8 = numbers.get(2..4).map_or(Some(0), |m| m.parse().ok())?;
            let k = if sign == '-' { -1 } else { 1 };
            UtcOffset::from_hms(k * hours, k * minutes, 0).ok()?
        }
        Some(_) => return None,
    };
    // Checked: the last day of year 9999 west of UTC is no date it can hold.
    let utc = PrimitiveDateTime::new(date, clock)
        .assume_offset(offset)
        .checked_to_offset(UtcOffset::UTC)?;
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        utc.year(),
        utc.month() as u8,
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    ))
}

/// PDF text strings are UTF-16BE with a byte-order mark, or PDFDocEncoding
/// (close enough to Latin-1 for metadata).
fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// Expands typographic ligatures (U+FB00–U+FB06: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) to their letters.
pub fn expand_ligatures(text: &str) -> CompactString {
    if text.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        text.chars()
            .flat_map(|c| {
                if ('\u{FB00}'..='\u{FB06}').contains(&c) {
                    std::iter::once(c).nfkc().collect::<Vec<_>>()
                } else {
                    vec![c]
                }
            })
            .collect()
    } else {
        CompactString::from(text)
    }
}

/// Receives pdf-extract's callbacks for one page.
#[derive(Default)]
struct Collector {
    page: Option<Page>,
    /// Media box origin: x offset and the top edge in PDF (y-up) coordinates.
    left: f64,
    top: f64,
    pending_space: bool,
    /// What pdf-extract left out of the page, and why.
    left_out: Vec<String>,
}

impl Collector {
    /// From PDF user space (y up, media box origin) to page space (y down, top-left origin).
    fn to_page(&self, t: &Transform, x: f64, y: f64) -> (f64, f64) {
        let dx = x * t.m11 + y * t.m21 + t.m31;
        let dy = x * t.m12 + y * t.m22 + t.m32;
        (dx - self.left, self.top - dy)
    }
}

/// The direction of a glyph drawn with text rendering matrix `trm`: its baseline
/// is the matrix's x axis and its up vector the y axis (PDF space, y upwards),
/// each within 3° of a quarter turn, and not mirrored.
fn direction(trm: &Transform, h_scale: f64, v_scale: f64) -> Direction {
    const TOLERANCE: f64 = 0.05;
    let near = |v: f64, scale: f64| v.abs() <= TOLERANCE * scale;
    let (bx, by) = (trm.m11, trm.m12);
    let (ux, uy) = (trm.m21, trm.m22);
    // Up is the baseline turned a quarter counter-clockwise: (-by, bx).
    let unmirrored = ux * -by + uy * bx > 0.0;
    if !unmirrored || h_scale == 0.0 || v_scale == 0.0 {
        return Direction::Skewed;
    }
    match (near(bx, h_scale), near(by, h_scale)) {
        (false, true) if bx > 0.0 => Direction::Upright,
        (false, true) => Direction::Inverted,
        (true, false) if by > 0.0 => Direction::Up,
        (true, false) => Direction::Down,
        _ => Direction::Skewed,
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.left = media_box.llx.min(media_box.urx);
        self.top = media_box.ury.max(media_box.lly);
        self.pending_space = false;
        self.page = Some(Page {
            number: page_num,
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            ..Page::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        if text.chars().all(char::is_whitespace) {
            if text.is_empty()
                && let Some(page) = self.page.as_mut()
            {
                page.undecoded += 1;
            }
            self.pending_space = true;
            return Ok(());
        }
        let h_scale = (trm.m11 * trm.m11 + trm.m12 * trm.m12).sqrt();
        let v_scale = (trm.m21 * trm.m21 + trm.m22 * trm.m22).sqrt();
        let size = (font_size * v_scale).abs();
        let advance = (width * font_size + spacing) * h_scale;
        let direction = direction(trm, h_scale, v_scale);
        let (x, baseline) = self.to_page(trm, 0.0, 0.0);
        let glyph = Glyph {
            text: expand_ligatures(text),
            x,
            baseline,
            advance,
            size,
            direction,
            space_before: std::mem::take(&mut self.pending_space),
        };
        if let Some(page) = self.page.as_mut() {
            page.glyphs.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn warning(&mut self, message: &str) -> Result<(), OutputError> {
        self.left_out.push(message.to_string());
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        let mut segments = Vec::new();
        let mut start = None;
        let mut current = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    let p = self.to_page(ctm, x, y);
                    start = Some(p);
                    current = Some(p);
                }
                PathOp::LineTo(x, y) => {
                    let p = self.to_page(ctm, x, y);
                    if let Some(c) = current {
                        segments.push(segment(c, p));
                    }
                    current = Some(p);
                }
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    // Curves are not table rules; only move the pen.
                    current = Some(self.to_page(ctm, x, y));
                }
                PathOp::Rect(x, y, w, h) => {
                    let a = self.to_page(ctm, x, y);
                    let b = self.to_page(ctm, x + w, y);
                    let c = self.to_page(ctm, x + w, y + h);
                    let d = self.to_page(ctm, x, y + h);
                    segments.extend([segment(a, b), segment(b, c), segment(c, d), segment(d, a)]);
                    start = Some(a);
                    current = Some(a);
                }
                PathOp::Close => {
                    if let (Some(c), Some(s)) = (current, start) {
                        segments.push(segment(c, s));
                    }
                    current = start;
                }
            }
        }
        if let Some(page) = self.page.as_mut() {
            page.segments.extend(segments);
        }
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        let gray = luminance(colorspace, color);
        if gray.is_some_and(|g| g >= PAPER) {
            return Ok(());
        }
        let mut rects = Vec::new();
        let mut polygon: Vec<(f64, f64)> = Vec::new();
        for op in &path.ops {
            match *op {
                PathOp::Rect(x, y, w, h) => {
                    let a = self.to_page(ctm, x, y);
                    let c = self.to_page(ctm, x + w, y + h);
                    rects.push(rect_from(a, c, gray));
                }
                PathOp::MoveTo(x, y) => {
                    if let Some(r) = polygon_rect(&polygon, gray) {
                        rects.push(r);
                    }
                    polygon = vec![self.to_page(ctm, x, y)];
                }
                PathOp::LineTo(x, y) => polygon.push(self.to_page(ctm, x, y)),
                PathOp::CurveTo(..) => polygon.clear(),
                PathOp::Close => {}
            }
        }
        if let Some(r) = polygon_rect(&polygon, gray) {
            rects.push(r);
        }
        if let Some(page) = self.page.as_mut() {
            page.rects.extend(rects);
        }
        Ok(())
    }
}

fn segment(a: (f64, f64), b: (f64, f64)) -> Segment {
    Segment {
        x0: a.0,
        y0: a.1,
        x1: b.0,
        y1: b.1,
    }
}

fn rect_from(a: (f64, f64), c: (f64, f64), gray: Option<f64>) -> FilledRect {
    FilledRect {
        x0: a.0.min(c.0),
        y0: a.1.min(c.1),
        x1: a.0.max(c.0),
        y1: a.1.max(c.1),
        gray,
    }
}

/// A filled polygon of four corners (an optional fifth closing the loop) whose
/// sides are all horizontal or vertical is a rectangle drawn with moveto/lineto.
fn polygon_rect(points: &[(f64, f64)], gray: Option<f64>) -> Option<FilledRect> {
    let pts = match points {
        [a, b, c, d] => [*a, *b, *c, *d],
        [a, b, c, d, e] if (a.0 - e.0).abs() < 1e-6 && (a.1 - e.1).abs() < 1e-6 => [*a, *b, *c, *d],
        _ => return None,
    };
    let axis_aligned = (0..4).all(|i| {
        let (p, q) = (pts[i], pts[(i + 1) % 4]);
        (p.0 - q.0).abs() < 1e-6 || (p.1 - q.1).abs() < 1e-6
    });
    if !axis_aligned {
        return None;
    }
    let (xs, ys): (Vec<f64>, Vec<f64>) = pts.iter().copied().unzip();
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some(FilledRect {
        x0: min(&xs),
        y0: min(&ys),
        x1: max(&xs),
        y1: max(&ys),
        gray,
    })
}

/// Luminance (0 black … 1 white) of a colour, where the colour space tells:
/// Rec. 601 weights for RGB, CMYK turned to RGB naively. Calibrated, ICC,
/// indexed, Separation and DeviceN colours are first brought to a device colour
/// by pdf-extract ([`ColorSpace::device_color`]).
fn luminance(colorspace: &ColorSpace, color: &[f64]) -> Option<f64> {
    let rec601 = |r: f64, g: f64, b: f64| 0.299 * r + 0.587 * g + 0.114 * b;
    let y = match colorspace.device_color(color)? {
        DeviceColor::Gray(g) => g,
        DeviceColor::Rgb([r, g, b]) => rec601(r, g, b),
        DeviceColor::Cmyk([c, m, y, k]) => {
            let rgb = |v: f64| (1.0 - v) * (1.0 - k);
            rec601(rgb(c), rgb(m), rgb(y))
        }
    };
    Some(y.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PDF dates as producers write them, each as the instant in UTC.
    #[test]
    fn pdf_dates_are_read_as_instants_in_utc() {
        let cases = [
            ("D:20261123113704Z'", "2026-11-23T11:37:04Z"),
            ("D:20261123113707+00'00'", "2026-11-23T11:37:07Z"),
            // An hour east of UTC: an hour earlier in UTC, over midnight.
            ("D:20150101003000+01'00'", "2014-12-31T23:30:00Z"),
            ("D:20150301120000-05'30", "2015-03-01T17:30:00Z"),
            ("20150301120000+0100", "2015-03-01T11:00:00Z"),
            // Parts left out take their earliest value; no offset is UTC.
            ("D:2015", "2015-01-01T00:00:00Z"),
            ("D:201503", "2015-03-01T00:00:00Z"),
        ];
        for (text, utc) in cases {
            assert_eq!(pdf_date(text).as_deref(), Some(utc), "{text}");
        }
        for bad in [
            "",
            "D:",
            "D:15",
            "D:20151301",
            "D:20150230",
            "D:2015x",
            "oggi",
            "D:201503011",
            "D:99991231235959-23'59'",
        ] {
            assert_eq!(pdf_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn ligatures_become_letters() {
        assert_eq!(expand_ligatures("e\u{FB03}cace"), "efficace");
        assert_eq!(expand_ligatures("\u{FB01}nanziamento"), "finanziamento");
        assert_eq!(expand_ligatures("\u{FB02}usso"), "flusso");
        assert_eq!(expand_ligatures("caffè"), "caffè");
    }

    #[test]
    fn rejects_what_is_not_a_pdf() {
        assert!(matches!(read(b""), Err(PdfError::Empty)));
        assert!(matches!(
            read(b"<html><body>not a pdf</body></html>"),
            Err(PdfError::NotPdf)
        ));
        assert!(matches!(
            read(b"%PDF-1.4\n1 0 obj\n<<"),
            Err(PdfError::Damaged(_) | PdfError::Panic(_))
        ));
    }

    #[test]
    fn a_rebuilt_xref_table_lists_only_the_objects_found() {
        // Objects 1, 2, 3 and 9999999, no usable xref table.
        let body = "%PDF-1.4\n\
            1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
            2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
            3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
            /Contents 9999999 0 R >> endobj\n\
            9999999 0 obj << /Length 0 >> stream\n\nendstream endobj\n\
            startxref\n0\n%%EOF\n";
        let fixed = repair_xref(body.as_bytes()).unwrap();
        // Two subsections and a trailer, not ten million entries.
        assert!(fixed.len() < body.len() + 300, "{} bytes", fixed.len());
        let table = String::from_utf8_lossy(&fixed[body.len()..]).into_owned();
        assert!(
            table.contains("\n1 3\n") && table.contains("\n9999999 1\n"),
            "{table}"
        );
        let doc = load(&fixed).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
        assert!(doc.get_object((9999999, 0)).is_ok());
    }

    /// A one-page PDF whose content stream's dictionary is `stream_dict`,
    /// with a correct xref table.
    fn raw_page(stream_dict: &str, content: &str) -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_string(),
            format!("{stream_dict}stream\n{content}\nendstream"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).into_bytes());
        }
        let xref = out.len();
        out.extend(b"xref\n0 6\n0000000000 65535 f \n");
        for offset in offsets {
            out.extend(format!("{offset:010} 00000 n \n").into_bytes());
        }
        out.extend(
            format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").into_bytes(),
        );
        out
    }

    #[test]
    fn a_wrong_stream_length_is_mended_in_place_or_in_a_rebuilt_file() {
        let content = "BT /F1 12 Tf 72 700 Td (Ciao) Tj ET";
        let text = |file: &PdfFile| -> String {
            file.pages[0]
                .glyphs
                .iter()
                .map(|g| g.text.as_str())
                .collect()
        };
        // Right: nothing to mend.
        let right = read(&raw_page(
            &format!("<</Length {}>>", content.len()),
            content,
        ))
        .unwrap();
        assert_eq!((text(&right), right.lengths_repaired), ("Ciao".into(), 0));
        // "3 0 R ", then " 99": the true length fits where the old one was.
        for dict in ["<</Length 3 0 R >>", "<</Length  99>>"] {
            let file = read(&raw_page(dict, content)).unwrap();
            assert_eq!(
                (text(&file), file.lengths_repaired),
                ("Ciao".into(), 1),
                "{dict}"
            );
            assert!(!file.repaired);
        }
        // "9": two digits do not fit in one; the file is rewritten longer.
        let file = read(&raw_page("<</Length 9>>", content)).unwrap();
        assert_eq!((text(&file), file.lengths_repaired), ("Ciao".into(), 1));
    }

    #[test]
    fn glyph_directions_from_the_text_matrix() {
        let of = |m11, m12, m21, m22| {
            let t = Transform::row_major(m11, m12, m21, m22, 0.0, 0.0);
            let h = f64::hypot(m11, m12);
            let v = f64::hypot(m21, m22);
            direction(&t, h, v)
        };
        assert_eq!(of(10.0, 0.0, 0.0, 10.0), Direction::Upright);
        // A synthetic italic: the up vector leans, the baseline does not.
        assert_eq!(of(10.0, 0.0, 2.0, 10.0), Direction::Upright);
        assert_eq!(of(0.0, 10.0, -10.0, 0.0), Direction::Up);
        assert_eq!(of(0.0, -10.0, 10.0, 0.0), Direction::Down);
        assert_eq!(of(-10.0, 0.0, 0.0, -10.0), Direction::Inverted);
        // Mirrored, or at 45°.
        assert_eq!(of(10.0, 0.0, 0.0, -10.0), Direction::Skewed);
        assert_eq!(of(7.0, 7.0, -7.0, 7.0), Direction::Skewed);
    }

    #[test]
    fn closed_axis_aligned_polygon_is_a_rectangle() {
        let r = polygon_rect(
            &[(0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (0.0, 5.0), (0.0, 0.0)],
            Some(0.5),
        )
        .unwrap();
        assert_eq!((r.x0, r.y0, r.x1, r.y1), (0.0, 0.0, 10.0, 5.0));
        assert!(polygon_rect(&[(0.0, 0.0), (10.0, 3.0), (10.0, 5.0), (0.0, 5.0)], None).is_none());
    }

    /// A one-page PDF (600 × 800 pt) drawing `content`, with font /F1 and
    /// colour spaces /ICC (ICCBased, N 3), /ICC1 (N 1), /Spot (a Separation
    /// whose tint is CMYK black), /Pal (Indexed: red, green) and /Bad entries.
    fn one_page(content: &str) -> Vec<u8> {
        use lopdf::{Object, Stream, dictionary};
        let mut doc = LoDocument::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let icc3 = doc.add_object(Stream::new(dictionary! { "N" => 3 }, b"profile".to_vec()));
        let icc1 = doc.add_object(Stream::new(dictionary! { "N" => 1 }, b"profile".to_vec()));
        let tint = doc.add_object(dictionary! {
            "FunctionType" => 2, "Domain" => vec![0.into(), 1.into()], "N" => 1,
            "C0" => vec![0.into(), 0.into(), 0.into(), 0.into()],
            "C1" => vec![0.into(), 0.into(), 0.into(), 1.into()],
        });
        let spaces = dictionary! {
            "ICC" => vec!["ICCBased".into(), icc3.into()],
            "ICC1" => vec!["ICCBased".into(), icc1.into()],
            "Spot" => vec!["Separation".into(), "Spot".into(), "DeviceCMYK".into(), tint.into()],
            "Pal" => vec!["Indexed".into(), "DeviceRGB".into(), 1.into(),
                Object::string_literal(vec![255, 0, 0, 0, 255, 0])],
            "Bad" => vec!["Separation".into()],
            "Worse" => 5,
            "Dangling" => vec!["ICCBased".into(), Object::Reference((999, 0))],
        };
        let resources =
            dictionary! { "Font" => dictionary! { "F1" => font }, "ColorSpace" => spaces };
        let contents = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => contents, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    /// The gray of each filled rectangle of a one-page PDF, by its left edge.
    fn grays(content: &str) -> Vec<(f64, Option<f64>)> {
        let file = read(&one_page(content)).unwrap();
        assert!(
            file.unreadable_pages.is_empty(),
            "{:?}",
            file.unreadable_pages
        );
        let mut rects: Vec<(f64, Option<f64>)> =
            file.pages[0].rects.iter().map(|r| (r.x0, r.gray)).collect();
        rects.sort_by(|a, b| a.0.total_cmp(&b.0));
        rects
    }

    fn assert_grays(content: &str, expected: &[(f64, Option<f64>)]) {
        let got = grays(content);
        let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-6,
            (a, b) => a == b,
        };
        assert!(
            got.len() == expected.len()
                && got
                    .iter()
                    .zip(expected)
                    .all(|(g, e)| g.0 == e.0 && close(g.1, e.1)),
            "got {got:?}\nexpected {expected:?}"
        );
    }

    #[test]
    fn fill_colours_reach_the_page_as_luminance() {
        assert_grays(
            "0 0 10 10 re f \
             0.8 g 20 0 10 10 re f \
             1 0 0 rg 40 0 10 10 re f \
             0 0 0 0.2 k 60 0 10 10 re f \
             /ICC cs 80 0 10 10 re f \
             /ICC cs 0.5 0.5 0.5 sc 100 0 10 10 re f \
             /ICC1 cs 0.25 scn 120 0 10 10 re f \
             /Spot cs 140 0 10 10 re f \
             0.3 scn 160 0 10 10 re f \
             /Pal cs 1 sc 180 0 10 10 re f \
             /DeviceCMYK cs 200 0 10 10 re f \
             /Pattern cs /P0 scn 220 0 10 10 re f",
            &[
                (0.0, Some(0.0)), // the initial colour: black
                (20.0, Some(0.8)),
                (40.0, Some(0.299)),
                (60.0, Some(0.8)),
                (80.0, Some(0.0)), // cs resets the colour to the space's black
                (100.0, Some(0.5)),
                (120.0, Some(0.25)),
                (140.0, Some(0.0)), // a Separation starts at full tint
                (160.0, Some(0.7)),
                (180.0, Some(0.587)), // index 1: green
                (200.0, Some(0.0)),   // CMYK 0 0 0 1
                (220.0, None),
            ],
        );
    }

    #[test]
    fn colours_are_saved_and_restored_with_the_graphics_state() {
        assert_grays(
            "0.3 g q 0.6 g 0 0 10 10 re f q 1 0 0 rg Q 20 0 10 10 re f Q 40 0 10 10 re f",
            &[(0.0, Some(0.6)), (20.0, Some(0.6)), (40.0, Some(0.3))],
        );
    }

    #[test]
    fn malformed_colour_operations_keep_the_colour_and_the_page() {
        assert_grays(
            "0.4 g 1 0 rg 0 0 10 10 re f \
             (x) g 0.5 0.5 sc 20 0 10 10 re f \
             /Nope cs 40 0 10 10 re f \
             0.6 g /Bad cs 60 0 10 10 re f \
             /Worse cs 0.2 sc 80 0 10 10 re f \
             /Dangling cs 0 1 0 sc 100 0 10 10 re f \
             0 cs 120 0 10 10 re f",
            &[
                (0.0, Some(0.4)),
                (20.0, Some(0.4)),
                (40.0, Some(0.0)), // an undefined space: DeviceGray black
                (60.0, Some(0.0)),
                (80.0, Some(0.2)),
                (100.0, Some(0.0)), // three components do not fit gray
                (120.0, Some(0.0)), // `0 cs` is skipped: still gray
            ],
        );
    }

    #[test]
    fn white_fills_paint_the_paper_and_are_not_kept() {
        assert_grays(
            "1 g 0 0 600 800 re f 0 0 0 0 k 10 10 100 1 re f 1 1 1 rg 20 0 10 10 re f \
             0.9 g 40 0 10 10 re f",
            &[(40.0, Some(0.9))],
        );
    }

    #[test]
    fn a_page_with_an_undefined_colour_space_keeps_its_text() {
        let file = read(&one_page(
            "/Nope cs /Nope CS 0.5 scn 0.2 SCN /Bad CS \
             BT /F1 12 Tf 72 700 Td (Ciao) Tj ET /Missing cs 1 2 3 4 5 sc \
             BT /F1 12 Tf 72 680 Td (mondo) Tj ET",
        ))
        .unwrap();
        assert!(
            file.unreadable_pages.is_empty(),
            "{:?}",
            file.unreadable_pages
        );
        let text: String = file.pages[0]
            .glyphs
            .iter()
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(text, "Ciaomondo");
    }
}
