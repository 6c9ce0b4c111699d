//! piani: ToUnicode CMaps (PDF 32000-1 §9.10.3) read without a combinator parser.
//!
//! `adobe_cmap_parser::get_unicode_map` tokenizes with `pom`, which boxes a
//! closure per grammar rule and allocates a vector per byte it matches; on
//! fonts with large maps it took ~4% of a whole extraction. This reads the
//! same grammar directly and then interprets the tokens with the crate's own
//! code, so it gives the same map, the same errors and the same panics. The
//! grammar's oddities are kept on purpose, since they decide which entries a
//! map ends up with: tokenizing stops silently at the first token it cannot
//! read (a `{`, a comment after indentation, an odd-length hex string), `1.5`
//! reads as `1` then `.5`, and `true`/`false` are read as prefixes.

use std::cell::Cell;
use std::collections::HashMap;

use adobe_cmap_parser::{ByteMapping, CIDRange, CodeRange};

/// piani: how deep arrays, dictionaries and literal strings may nest in a
/// CMap; deeper, the token cannot be read and the tokens stop there, as at any
/// token that cannot be read. Real CMaps nest two or three levels (a
/// dictionary in a dictionary). Each level takes a few stack frames: a stream
/// of 100 000 `[` overflowed the stack and killed the process.
pub const MAX_NESTING: usize = 64;

/// The tokens the interpretation tells apart; the others are `Other`.
enum Token<'a> {
    /// A literal or hexadecimal string, decoded.
    Str(Vec<u8>),
    Integer(i64),
    Operator(&'a [u8]),
    Array(Vec<Token<'a>>),
    Other,
}

fn is_multispace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// White space as the grammar's `space` rule has it (NUL and form feed too).
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0c')
}

fn is_octal(c: u8) -> bool {
    matches!(c, b'0'..=b'7')
}

fn is_operator_char(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')
}

fn hex_value(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    }
}

struct Lexer<'a> {
    s: &'a [u8],
    /// piani: arrays, dictionaries and strings open around the current byte.
    depth: Cell<usize>,
}

impl<'a> Lexer<'a> {
    fn new(s: &'a [u8]) -> Self {
        Lexer {
            s,
            depth: Cell::new(0),
        }
    }

    /// piani: `read` one level deeper, `None` past [`MAX_NESTING`].
    fn nested<T>(&self, read: impl FnOnce() -> Option<T>) -> Option<T> {
        let depth = self.depth.get();
        if depth >= MAX_NESTING {
            return None;
        }
        self.depth.set(depth + 1);
        let result = read();
        self.depth.set(depth);
        result
    }

    fn at(&self, p: usize) -> Option<u8> {
        self.s.get(p).copied()
    }

    fn skip(&self, mut p: usize, class: fn(u8) -> bool) -> usize {
        while self.at(p).is_some_and(class) {
            p += 1;
        }
        p
    }

    /// Two hexadecimal digits as one byte.
    fn hex_char(&self, p: usize) -> Option<(u8, usize)> {
        match (self.at(p), self.at(p + 1)) {
            (Some(a), Some(b)) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit() => {
                Some((hex_value(a) << 4 | hex_value(b), p + 2))
            }
            _ => None,
        }
    }

    fn eol(&self, p: usize) -> Option<usize> {
        match self.at(p) {
            Some(b'\r') if self.at(p + 1) == Some(b'\n') => Some(p + 2),
            Some(b'\n' | b'\r') => Some(p + 1),
            _ => None,
        }
    }

    /// `%` to the end of the line; the line end is required.
    fn comment(&self, p: usize) -> Option<usize> {
        if self.at(p) != Some(b'%') {
            return None;
        }
        let q = self.skip(p + 1, |c| c != b'\r' && c != b'\n');
        self.eol(q)
    }

    fn file(&self) -> Vec<Token<'a>> {
        let mut tokens = Vec::new();
        let mut p = 0;
        loop {
            let mut q = p;
            while let Some(next) = self.comment(q) {
                q = next;
            }
            q = self.skip(q, is_multispace);
            match self.value(q) {
                Some((token, next)) => {
                    tokens.push(token);
                    p = next;
                }
                None => return tokens,
            }
        }
    }

    /// One value and the multispace after it.
    fn value(&self, p: usize) -> Option<(Token<'a>, usize)> {
        let rest = &self.s[p.min(self.s.len())..];
        let (token, q) = if rest.starts_with(b"true") {
            (Token::Other, p + 4)
        } else if rest.starts_with(b"false") {
            (Token::Other, p + 5)
        } else if let Some((i, q)) = self.integer(p) {
            (Token::Integer(i), q)
        } else if let Some(q) = self.number(p) {
            (Token::Other, q)
        } else if let Some((_, q)) = self.name(p) {
            (Token::Other, q)
        } else if let Some(q) = self.operator(p) {
            (Token::Operator(&self.s[p..q]), q)
        } else if let Some((s, q)) = self.literal_string(p) {
            (Token::Str(s), q)
        } else if let Some(q) = self.dictionary(p) {
            (Token::Other, q)
        } else if let Some((s, q)) = self.hexadecimal_string(p) {
            (Token::Str(s), q)
        } else if let Some((a, q)) = self.array(p) {
            (Token::Array(a), q)
        } else {
            return None;
        };
        Some((token, self.skip(q, is_multispace)))
    }

    fn sign(&self, p: usize) -> usize {
        match self.at(p) {
            Some(b'+' | b'-') => p + 1,
            _ => p,
        }
    }

    /// An optional sign and digits that fit an `i64`.
    fn integer(&self, p: usize) -> Option<(i64, usize)> {
        let digits = self.sign(p);
        let q = self.skip(digits, |c| c.is_ascii_digit());
        if q == digits {
            return None;
        }
        let text = std::str::from_utf8(&self.s[p..q]).ok()?;
        text.parse().ok().map(|i| (i, q))
    }

    /// Reached only where `integer` failed: `.5`, `+.5`, or digits too many
    /// for an `i64` (then only the digits, as the grammar's first branch).
    fn number(&self, p: usize) -> Option<usize> {
        let q = self.sign(p);
        match self.at(q) {
            Some(c) if c.is_ascii_digit() => Some(self.skip(q + 1, |c| c.is_ascii_digit())),
            Some(b'.') => {
                let r = self.skip(q + 1, |c| c.is_ascii_digit());
                (r > q + 1).then_some(r)
            }
            _ => None,
        }
    }

    fn name(&self, p: usize) -> Option<(Vec<u8>, usize)> {
        if self.at(p) != Some(b'/') {
            return None;
        }
        let mut name = Vec::new();
        let mut q = p + 1;
        loop {
            match self.at(q) {
                Some(b'#') => match self.hex_char(q + 1) {
                    Some((c, next)) => {
                        name.push(c);
                        q = next;
                    }
                    None => break,
                },
                Some(
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'(' | b')' | b'<' | b'>' | b'['
                    | b']' | b'{' | b'}' | b'/' | b'%',
                )
                | None => break,
                Some(c) => {
                    name.push(c);
                    q += 1;
                }
            }
        }
        Some((name, q))
    }

    fn operator(&self, p: usize) -> Option<usize> {
        let q = self.skip(p, is_operator_char);
        (q > p).then_some(q)
    }

    /// The body of a literal string from its `(` to its `)`, appended to
    /// `out`; `None` if it does not close.
    fn literal_body(&self, p: usize, out: &mut Vec<u8>) -> Option<usize> {
        if self.at(p) != Some(b'(') {
            return None;
        }
        let mut q = p + 1;
        loop {
            match self.at(q) {
                Some(b')') => return Some(q + 1),
                None => return None,
                Some(b'\\') => q = self.escape(q + 1, out),
                Some(b'(') => {
                    let start = out.len();
                    out.push(b'(');
                    match self.nested(|| self.literal_body(q, &mut *out)) {
                        Some(next) => {
                            out.push(b')');
                            q = next;
                        }
                        // An unclosed nested string ends the outer one unclosed too.
                        None => {
                            out.truncate(start);
                            return None;
                        }
                    }
                }
                Some(c) => {
                    out.push(c);
                    q += 1;
                }
            }
        }
    }

    /// After a backslash: a known escape, one to three octal digits worth at
    /// most 255, a line end (dropped), or else nothing (the backslash is dropped).
    fn escape(&self, p: usize, out: &mut Vec<u8>) -> usize {
        let mapped = match self.at(p) {
            Some(b'\\') => Some(b'\\'),
            Some(b'(') => Some(b'('),
            Some(b')') => Some(b')'),
            Some(b'n') => Some(b'\n'),
            Some(b'r') => Some(b'\r'),
            Some(b't') => Some(b'\t'),
            Some(b'b') => Some(b'\x08'),
            Some(b'f') => Some(b'\x0c'),
            _ => None,
        };
        if let Some(c) = mapped {
            out.push(c);
            return p + 1;
        }
        let mut q = p;
        let mut value: u32 = 0;
        while q < p + 3 && self.at(q).is_some_and(is_octal) {
            value = value * 8 + (self.s[q] - b'0') as u32;
            q += 1;
        }
        if q > p && value <= 255 {
            out.push(value as u8);
            return q;
        }
        self.eol(p).unwrap_or(p)
    }

    fn literal_string(&self, p: usize) -> Option<(Vec<u8>, usize)> {
        let mut out = Vec::new();
        self.literal_body(p, &mut out).map(|q| (out, q))
    }

    /// `<< /key value … >>`. piani: its keys may be any bytes (the grammar's
    /// `String::from_utf8(key).unwrap()` panicked on others).
    fn dictionary(&self, p: usize) -> Option<usize> {
        if !self.s[p.min(self.s.len())..].starts_with(b"<<") {
            return None;
        }
        self.nested(|| {
            let mut q = self.skip(p + 2, is_space);
            while let Some((_, after_key)) = self.name(q) {
                let Some((_, next)) = self.value(self.skip(after_key, is_space)) else {
                    break;
                };
                q = next;
            }
            if !self.s[q.min(self.s.len())..].starts_with(b">>") {
                return None;
            }
            Some(q + 2)
        })
    }

    fn hexadecimal_string(&self, p: usize) -> Option<(Vec<u8>, usize)> {
        if self.at(p) != Some(b'<') {
            return None;
        }
        let mut out = Vec::new();
        let mut q = p + 1;
        while let Some((c, next)) = self.hex_char(self.skip(q, is_space)) {
            out.push(c);
            q = next;
        }
        let q = self.skip(q, is_space);
        (self.at(q) == Some(b'>')).then_some((out, q + 1))
    }

    fn array(&self, p: usize) -> Option<(Vec<Token<'a>>, usize)> {
        if self.at(p) != Some(b'[') {
            return None;
        }
        self.nested(|| {
            let mut items = Vec::new();
            let mut q = self.skip(p + 1, is_space);
            while let Some((item, next)) = self.value(q) {
                items.push(item);
                q = next;
            }
            (self.at(q) == Some(b']')).then_some((items, q + 1))
        })
    }
}

/// piani: how many codes the `beginbfrange` ranges of one map may expand to,
/// one map entry each, before a range too large for what is left is kept
/// whole instead ([`BfRange`]). Twice the 65 536 codes of a 2-byte font: a
/// font has at most 65 536 glyphs, so every real map expands as it always
/// did, while a map whose ranges claim billions of codes (`<00000000>
/// <FFFFFFFF>`) costs a few megabytes and milliseconds, not gigabytes.
pub const MAX_EXPANDED_CODES: u64 = 1 << 17;

/// piani: how many entries of their own (`beginbfchar` pairs, elements of
/// `beginbfrange` arrays) one map takes; further ones are ignored, their codes
/// falling back to the font's encoding. Twice the 65 536 glyphs a font can
/// have, so no real map loses one, while an array of a million entries (7 MB
/// of stream, 7 kB compressed) no longer builds a map of hundreds of megabytes.
pub const MAX_ENTRIES: u64 = 1 << 17;

/// piani: how many ranges too large to expand one map keeps; further ones are
/// ignored, their codes falling back to the font's encoding. A code without
/// an entry of its own is tried against each kept range in turn, so they must
/// be few; no real map has even one (see [`MAX_EXPANDED_CODES`]).
pub const MAX_KEPT_RANGES: usize = 64;

/// piani: a `beginbfrange` range kept whole: code `lo + i` maps to `start + i`,
/// as a 2-byte UTF-16 unit (`wide` false) or as 4 bytes, the arithmetic
/// upstream's expansion did for each code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BfRange {
    pub lo: u32,
    pub hi: u32,
    start: u32,
    wide: bool,
}

impl BfRange {
    pub fn contains(&self, code: u32) -> bool {
        self.lo <= code && code <= self.hi
    }

    /// The UTF-16BE bytes `code` maps to (the last unit wraps past `FFFF`, as
    /// upstream's release build did).
    pub fn bytes(&self, code: u32) -> Vec<u8> {
        let offset = code.wrapping_sub(self.lo);
        if self.wide {
            self.start.wrapping_add(offset).to_be_bytes().to_vec()
        } else {
            (self.start as u16)
                .wrapping_add(offset as u16)
                .to_be_bytes()
                .to_vec()
        }
    }

    /// How many codes it names: none when `hi` is below `lo`.
    fn len(&self) -> u64 {
        (u64::from(self.hi) + 1).saturating_sub(u64::from(self.lo))
    }
}

/// piani: a ToUnicode map: codes to UTF-16BE bytes, one entry per code, and
/// the ranges too large to expand ([`MAX_EXPANDED_CODES`]). Later definitions
/// win, as in upstream's single map: an entry is newer than every kept range
/// covering it (a kept range drops the older entries it covers), and of two
/// kept ranges the later one wins.
#[derive(Debug, Default, PartialEq)]
pub struct UnicodeMap {
    pub entries: HashMap<u32, Vec<u8>>,
    /// Oldest first.
    pub ranges: Vec<BfRange>,
}

impl UnicodeMap {
    /// The bytes `code` maps to, if any.
    pub fn get(&self, code: u32) -> Option<Vec<u8>> {
        match self.entries.get(&code) {
            Some(bytes) => Some(bytes.clone()),
            None => self.range_of(code).map(|r| r.bytes(code)),
        }
    }

    /// The newest kept range covering `code`.
    pub fn range_of(&self, code: u32) -> Option<&BfRange> {
        self.ranges.iter().rev().find(|r| r.contains(code))
    }

    /// An entry of its own, while there are fewer than [`MAX_ENTRIES`].
    fn insert_entry(&mut self, code: u32, bytes: &[u8], count: &mut u64) {
        if *count < MAX_ENTRIES {
            *count += 1;
            self.entries.insert(code, bytes.to_vec());
        }
    }

    /// Every code of a range from `lo` to `hi` mapped from `start`: one entry
    /// each while they fit in [`MAX_EXPANDED_CODES`], else the range kept whole.
    fn insert_range(&mut self, range: BfRange, expanded: &mut u64) {
        if *expanded + range.len() <= MAX_EXPANDED_CODES {
            *expanded += range.len();
            for c in range.lo..=range.hi {
                self.entries.insert(c, range.bytes(c));
            }
        } else if self.ranges.len() < MAX_KEPT_RANGES {
            self.entries.retain(|&c, _| !range.contains(c));
            self.ranges.push(range);
        }
    }
}

fn as_code(str: &[u8]) -> u32 {
    let mut code: u32 = 0;
    for c in str {
        code = (code << 8) | (*c as u32);
    }
    code
}

/// What `adobe_cmap_parser::get_unicode_map` returns for `input`: codes to
/// UTF-16BE bytes. Its interpretation of the tokens is kept line for line,
/// except that ranges too large to expand are kept whole (see [`UnicodeMap`])
/// and (piani: patch 13) that where it panicked this returns an error: input
/// it cannot tokenize, a count with nothing before it or more entries than
/// tokens, a range start neither 2 nor 4 bytes long.
pub fn get_unicode_map(input: &[u8]) -> Result<UnicodeMap, &'static str> {
    let lexed = Lexer::new(input).file();
    if lexed.is_empty() {
        return Err("no token can be read");
    }
    let at = |i: usize| lexed.get(i).ok_or("fewer entries than its count");
    let count_before = |i: usize| i.checked_sub(1).and_then(|p| lexed.get(p));

    let mut i = 0;
    let mut map = UnicodeMap::default();
    let (mut expanded, mut own) = (0, 0);
    while i < lexed.len() {
        match lexed[i] {
            Token::Operator(o) => match o {
                b"beginbfchar" => {
                    let count = if let Some(&Token::Integer(ref c)) = count_before(i) {
                        Ok(*c)
                    } else {
                        Err("beginbfchar exected int")
                    }?;
                    i += 1;
                    for _ in 0..count {
                        let char_code = if let &Token::Str(ref s) = at(i)? {
                            Ok(s)
                        } else {
                            Err("beginbfchar exected hexstring")
                        }?;
                        let uni_code = if let &Token::Str(ref s) = at(i + 1)? {
                            Ok(s)
                        } else {
                            Err("beginbfchar exected hexstring")
                        }?;
                        map.insert_entry(as_code(char_code), uni_code, &mut own);
                        i += 2;
                    }
                    i += 1;
                }
                b"beginbfrange" => {
                    let count = if let Some(&Token::Integer(ref c)) = count_before(i) {
                        Ok(*c)
                    } else {
                        Err("beginbfrange exected int")
                    }?;
                    i += 1;
                    for _ in 0..count {
                        let lower_code = if let &Token::Str(ref s) = at(i)? {
                            Ok(as_code(s))
                        } else {
                            Err("beginbfrange exected hexstring")
                        }?;
                        let upper_code = if let &Token::Str(ref s) = at(i + 1)? {
                            Ok(as_code(s))
                        } else {
                            Err("beginbfrange exected hexstring")
                        }?;
                        match at(i + 2)? {
                            // piani: a range is expanded one code at a time only
                            // while the map stays small (`insert_range`); the
                            // arithmetic wraps, as upstream's release build did.
                            &Token::Str(ref start) => match start.len() {
                                4 | 2 => {
                                    let range = BfRange {
                                        lo: lower_code,
                                        hi: upper_code,
                                        start: as_code(start),
                                        wide: start.len() == 4,
                                    };
                                    map.insert_range(range, &mut expanded);
                                }
                                _ => return Err("bad length of hexstring"),
                            },
                            &Token::Array(ref codes) => {
                                let mut i = 0;
                                let count = upper_code.wrapping_sub(lower_code).wrapping_add(1);
                                if count as usize != codes.len() {
                                    return Err("bad length of array");
                                }
                                for c in lower_code..=upper_code {
                                    if own >= MAX_ENTRIES {
                                        break; // piani: the rest are ignored
                                    }
                                    map.insert_entry(
                                        c,
                                        if let &Token::Str(ref s) = &codes[i] {
                                            Ok(s)
                                        } else {
                                            Err("beginbfrange exected hexstring")
                                        }?,
                                        &mut own,
                                    );
                                    i += 1;
                                }
                            }
                            _ => return Err("beginbfrange exected array or literal"),
                        }
                        i += 3;
                    }
                    i += 1;
                }
                _ => i += 1,
            },
            _ => i += 1,
        }
    }
    Ok(map)
}

/// piani: what `adobe_cmap_parser::get_byte_mapping` returns for `input` (an
/// embedded CMap's code space and CID ranges), read with this module's lexer
/// (no recursion past [`MAX_NESTING`]) and its interpretation kept line for
/// line, oddities included (a code space's width is half its bytes, and a
/// second CID range reads the first one's CID as its start, an error), except
/// that where the crate panicked this returns an error.
pub fn get_byte_mapping(input: &[u8]) -> Result<ByteMapping, &'static str> {
    let lexed = Lexer::new(input).file();
    if lexed.is_empty() {
        return Err("no token can be read");
    }
    let at = |i: usize| lexed.get(i).ok_or("fewer entries than its count");
    let count_before = |i: usize| i.checked_sub(1).and_then(|p| lexed.get(p));

    let mut i = 0;
    let mut result = ByteMapping {
        codespace: Vec::new(),
        cid: Vec::new(),
    };
    while i < lexed.len() {
        match lexed[i] {
            Token::Operator(b"begincodespacerange") => {
                let Some(&Token::Integer(count)) = count_before(i) else {
                    return Err("begincodespacerange exected int");
                };
                i += 1;
                for _ in 0..count {
                    let Token::Str(start) = at(i)? else {
                        return Err("begincodespacerange exected hexstring");
                    };
                    let Token::Str(end) = at(i + 1)? else {
                        return Err("begincodespacerange exected hexstring");
                    };
                    if start.len() != end.len() {
                        return Err("code space bounds of different lengths");
                    }
                    result.codespace.push(CodeRange {
                        start: as_code(start),
                        end: as_code(end),
                        width: start.len() as u32 / 2,
                    });
                    i += 2;
                }
                i += 1;
            }
            Token::Operator(b"begincidrange") => {
                let Some(&Token::Integer(count)) = count_before(i) else {
                    return Err("begincidrange exected int");
                };
                i += 1;
                for _ in 0..count {
                    let Token::Str(start) = at(i)? else {
                        return Err("begincidrange exected hexstring");
                    };
                    let Token::Str(end) = at(i + 1)? else {
                        return Err("begincidrange exected hexstring");
                    };
                    let &Token::Integer(offset) = at(i + 2)? else {
                        return Err("begincidrange exected int");
                    };
                    result.cid.push(CIDRange {
                        src_code_lo: as_code(start),
                        src_code_hi: as_code(end),
                        dst_CID_lo: offset as u32,
                    });
                    i += 2;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    fn outcome(
        f: impl FnOnce() -> Result<HashMap<u32, Vec<u8>>, &'static str>,
    ) -> Result<Result<Vec<(u32, Vec<u8>)>, &'static str>, String> {
        catch_unwind(AssertUnwindSafe(f))
            .map(|r| {
                r.map(|m| {
                    let mut v: Vec<_> = m.into_iter().collect();
                    v.sort();
                    v
                })
            })
            .map_err(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            })
    }

    /// The entries of a map with no range kept whole.
    fn entries(map: UnicodeMap) -> HashMap<u32, Vec<u8>> {
        assert!(map.ranges.is_empty(), "{:?}", map.ranges);
        map.entries
    }

    /// Same map or error as the crate it replaces; no panic where it panicked
    /// (piani: patch 13; see `no_panics`).
    fn same(input: &[u8]) {
        let old = outcome(|| adobe_cmap_parser::get_unicode_map(input));
        let new = outcome(|| get_unicode_map(input).map(entries));
        match old {
            Err(_) => assert!(new.is_ok(), "{new:?} for {:?}", String::from_utf8_lossy(input)),
            old => assert_eq!(old, new, "{:?}", String::from_utf8_lossy(input)),
        }
    }

    /// Where the crate panicked: an error, or for a dictionary key that is
    /// not UTF-8, the map.
    #[test]
    fn no_panics() {
        let map = |input: &[u8]| get_unicode_map(input).map(entries);
        for input in [
            &b""[..],
            b"{",
            b"beginbfchar <01> <0041> endbfchar",
            b"1 beginbfchar <01> endbfchar",
            b"5 beginbfchar <01> <0041>",
            b"1 beginbfrange <01> <03> <004100> endbfrange",
            b"1 beginbfrange <01> <03> endbfrange",
            b"99999999 beginbfrange <01>",
        ] {
            assert!(map(input).is_err(), "{:?}", String::from_utf8_lossy(input));
        }
        let m = map(b"<< /\xff 1 >> 1 beginbfchar <01> <0041> endbfchar").unwrap();
        assert_eq!(m.get(&1), Some(&vec![0, 0x41]));
    }

    #[test]
    fn nesting_past_the_limit_stops_the_tokens() {
        for open in ["[", "(", "<< /A "] {
            let deep = open.repeat(100_000);
            assert!(get_unicode_map(deep.as_bytes()).is_err(), "{open}");
        }
        let within = format!(
            "{}{} 1 beginbfchar <01> <0041> endbfchar",
            "[".repeat(MAX_NESTING),
            "]".repeat(MAX_NESTING)
        );
        same(within.as_bytes());
        assert_eq!(get_unicode_map(within.as_bytes()).unwrap().entries.len(), 1);
        let past = format!(
            "{}{} 1 beginbfchar <01> <0041> endbfchar",
            "[".repeat(MAX_NESTING + 1),
            "]".repeat(MAX_NESTING + 1)
        );
        assert!(get_unicode_map(past.as_bytes()).is_err());
    }

    #[test]
    fn byte_mappings_as_the_crate_reads_them() {
        let show = |m: ByteMapping| {
            let spaces: Vec<_> = m.codespace.iter().map(|r| (r.start, r.end, r.width)).collect();
            let cids: Vec<_> = m
                .cid
                .iter()
                .map(|r| (r.src_code_lo, r.src_code_hi, r.dst_CID_lo))
                .collect();
            format!("{spaces:?} {cids:?}")
        };
        let inputs: &[&[u8]] = &[
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> def\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              1 begincidrange <0000> <FFFF> 0 endcidrange\n\
              endcmap CMapName currentdict /CMap defineresource pop end end",
            b"2 begincodespacerange <00> <80> <8140> <FFFC> endcodespacerange \
              1 begincidrange <8140> <817E> 633 endcidrange",
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange \
              2 begincidrange <0000> <00FF> 0 <0100> <01FF> 300 endcidrange",
            b"1 begincodespacerange (a) 5 endcodespacerange",
            b"x begincidrange <00> <FF> 0 endcidrange",
            b"1 begincidrange <00> <FF> /Zero endcidrange",
        ];
        for input in inputs {
            let old = adobe_cmap_parser::get_byte_mapping(input).map(show);
            let new = get_byte_mapping(input).map(show);
            assert_eq!(old, new, "{:?}", String::from_utf8_lossy(input));
        }
        // Where the crate panics.
        for input in [
            &b"{"[..],
            b"begincodespacerange <00> <FF> endcodespacerange",
            b"1 begincodespacerange <00> <FFFF> endcodespacerange",
            b"3 begincodespacerange <00> <FF> endcodespacerange",
            b"1 begincidrange <00> <FF>",
            &b"[".repeat(100_000),
        ] {
            assert!(get_byte_mapping(input).is_err());
        }
    }

    #[test]
    fn as_the_crate_it_replaces() {
        let inputs: &[&[u8]] = &[
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
              /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0011> <002E> endbfchar\n\
              2 beginbfrange <0024> <0026> <0041> <0030> <0031> [<0061> <D835DC00>] endbfrange\n\
              1 beginbfrange <05> <07> <30> endbfrange\n\
              endcmap CMapName currentdict /CMap defineresource pop end end",
            b"% a comment\n%another\r\n1 beginbfchar <01> <0041> endbfchar",
            b"% a comment\n  % indented: tokens stop here\n1 beginbfchar <01> <0041> endbfchar",
            b"1 beginbfchar <01> <0041> endbfchar { 1 beginbfchar <02> <0042> endbfchar }",
            b"1 beginbfchar <01> <004> endbfchar",
            b"1 beginbfchar < 0 1 > <\x000041\x0c> endbfchar",
            b"1.5 beginbfchar <01> <0041> endbfchar",
            b"+.5 -3 beginbfchar <01> <0041> endbfchar",
            b"99999999999999999999 beginbfchar <01> <0041> endbfchar",
            b"trueX 1 beginbfchar (\\001) (\\000A) endbfchar",
            b"1 beginbfchar (a\\(b\\)\\n\\777\\\r\n(x(y)z)) <0041> endbfchar",
            b"1 beginbfchar (unclosed (nested) <0041> endbfchar",
            b"/N#41me#4 /x 1 beginbfchar <01> <0041> endbfchar",
            b"<< /A [1 2 (x)] /B << /C true >> >> 1 beginbfchar <01> <0041> endbfchar",
            b"<< /\xff 1 >> 1 beginbfchar <01> <0041> endbfchar",
            b"<< /\xff 1 1 beginbfchar <01> <0041> endbfchar",
            b"beginbfchar <01> <0041> endbfchar",
            b"",
            b"   ",
            b"{",
            b"% only a comment",
            b"1 beginbfchar <01> endbfchar",
            b"5 beginbfchar <01> <0041>",
            b"1 beginbfrange <01> <03> <004100> endbfrange",
            b"1 beginbfrange <01> <03> [<0041> <0042>] endbfrange",
            b"1 beginbfrange <01> <02> [<0041> 5] endbfrange",
            b"1 beginbfrange <01> <02> 5 endbfrange",
            b"1 beginbfrange <03> <01> <0041> endbfrange",
            b"1 beginbfrange <01> <02> <FF> endbfrange",
            b"[ 1 [ 2 ] ]\x00 1 beginbfchar <01> <0041> endbfchar",
            b"-5 beginbfchar <01> <0041> endbfchar 'x\"* beginbfchar",
        ];
        for input in inputs {
            same(input);
        }
    }
}

/// piani: ranges too large to expand (patch 12).
#[cfg(test)]
mod large_ranges {
    use super::*;

    fn map(input: &str) -> UnicodeMap {
        get_unicode_map(input.as_bytes()).unwrap()
    }

    #[test]
    fn the_arithmetic_wraps_as_upstream_release_builds_did() {
        let m = map("1 beginbfrange <FFFE> <FFFF> <FFFF> endbfrange");
        assert_eq!(m.get(0xFFFE), Some(vec![0xFF, 0xFF]));
        assert_eq!(m.get(0xFFFF), Some(vec![0, 0]));
    }

    #[test]
    fn a_range_of_every_4_byte_code_is_kept_whole() {
        let m = map("1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert!(m.entries.is_empty());
        assert_eq!(m.ranges.len(), 1);
        assert_eq!(m.get(0), Some(vec![0, 0x41]));
        assert_eq!(m.get(0x19), Some(vec![0, 0x5A]));
        assert_eq!(m.get(0x1_0000), Some(vec![0, 0x41]));
        let m = map("1 beginbfrange <00000000> <FFFFFFFF> <D835DC00> endbfrange");
        assert_eq!(m.get(0xFFFF_FFFF), Some(vec![0xD8, 0x35, 0xDB, 0xFF]));
    }

    #[test]
    fn ranges_expand_up_to_the_limit_then_are_kept_whole_up_to_theirs() {
        let m = map("2 beginbfrange <0000> <FFFF> <0041> <00010000> <0001FFFF> <0041> endbfrange");
        assert_eq!(m.entries.len() as u64, MAX_EXPANDED_CODES);
        assert!(m.ranges.is_empty());
        let many: String = (0..MAX_KEPT_RANGES + 10)
            .map(|i| format!("<{:04X}0000> <{:04X}FFFF> <0041>\n", i + 2, i + 2))
            .collect();
        let m = map(&format!(
            "2 beginbfrange <0000> <FFFF> <0041> <00010000> <0001FFFF> <0041> endbfrange \
             {} beginbfrange {many} endbfrange",
            MAX_KEPT_RANGES + 10
        ));
        assert_eq!(m.ranges.len(), MAX_KEPT_RANGES);
        let last_kept = (MAX_KEPT_RANGES as u32 + 1) << 16;
        assert_eq!(m.get(last_kept + 1), Some(vec![0, 0x42]));
        assert_eq!(m.get(last_kept + 0x1_0000), None);
    }

    #[test]
    fn entries_of_their_own_stop_at_the_limit() {
        let n = MAX_ENTRIES as usize + 5;
        let array: String = (0..n).map(|_| "<0041> ").collect();
        let m = map(&format!(
            "1 beginbfrange <000000> <{:06X}> [{array}] endbfrange 1 beginbfchar <01> <0042> endbfchar",
            n - 1
        ));
        assert_eq!(m.entries.len() as u64, MAX_ENTRIES);
        assert_eq!(m.get(MAX_ENTRIES as u32 - 1), Some(vec![0, 0x41]));
        assert_eq!(m.get(MAX_ENTRIES as u32), None);
        // The limit was reached: a later entry is ignored too.
        assert_eq!(m.get(1), Some(vec![0, 0x41]));
    }

    /// Two ranges of 100 000 codes overlap the budget: the second is kept
    /// whole, and every code reads as the crate's expansion reads it, later
    /// definitions winning over earlier ones either way.
    #[test]
    fn kept_ranges_read_as_expanded_ones() {
        let input = "3 beginbfchar <00000005> <0061> <00020000> <0062> <00000007> <0063> endbfchar \
             2 beginbfrange <00000000> <0001869F> <0000> <00010000> <0002869F> <D835DC00> endbfrange \
             1 beginbfchar <00010001> <0064> endbfchar \
             1 beginbfrange <00020010> <00020011> [<0065> <0066>] endbfrange";
        let expanded = adobe_cmap_parser::get_unicode_map(input.as_bytes()).unwrap();
        let m = map(input);
        assert_eq!(m.ranges.len(), 1);
        for code in 0..0x3_0000 {
            assert_eq!(m.get(code), expanded.get(&code).cloned(), "{code:#x}");
        }
    }
}

/// Compares this reader with the crate's over real PDFs:
/// `CMAP_PDFS=list-of-paths cargo test -p pdf-extract corpus_check -- --ignored`
/// checks every ToUnicode map; with `CMAP_ALL=1` (and `RUST_MIN_STACK=268435456`,
/// as `pom` recurses deeply), every stream under 100 kB, as arbitrary input.
#[cfg(test)]
mod corpus_check {
    use super::*;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    #[test]
    #[ignore]
    fn every_tounicode_of_the_listed_pdfs() {
        let list = std::env::var("CMAP_PDFS").unwrap();
        let (mut n, mut bad) = (0, 0);
        for path in std::fs::read_to_string(list).unwrap().lines() {
            let Ok(doc) = lopdf::Document::load(path) else {
                continue;
            };
            for obj in doc.objects.values() {
                let dict = match obj {
                    lopdf::Object::Dictionary(d) => d,
                    lopdf::Object::Stream(s) => &s.dict,
                    _ => continue,
                };
                let s = if std::env::var("CMAP_ALL").is_ok() {
                    let lopdf::Object::Stream(s) = obj else {
                        continue;
                    };
                    if s.content.len() > 100_000 {
                        continue;
                    }
                    s
                } else {
                    let Ok(tu) = dict.get(b"ToUnicode") else {
                        continue;
                    };
                    let tu = match tu {
                        lopdf::Object::Reference(r) => match doc.get_object(*r) {
                            Ok(o) => o,
                            Err(_) => continue,
                        },
                        o => o,
                    };
                    let lopdf::Object::Stream(s) = tu else {
                        continue;
                    };
                    s
                };
                let contents = crate::get_contents(s);
                n += 1;
                let f = |g: &dyn Fn() -> Result<HashMap<u32, Vec<u8>>, &'static str>| {
                    catch_unwind(AssertUnwindSafe(g))
                        .map(|r| {
                            r.map(|m| {
                                let mut v: Vec<_> = m.into_iter().collect();
                                v.sort();
                                v
                            })
                        })
                        .map_err(|p| {
                            p.downcast_ref::<String>()
                                .cloned()
                                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                                .unwrap_or_default()
                        })
                };
                let old = f(&|| adobe_cmap_parser::get_unicode_map(&contents));
                let new = f(&|| get_unicode_map(&contents).map(|m| m.entries));
                if old != new {
                    bad += 1;
                    eprintln!(
                        "DIFF {path}: {:?} vs {:?}",
                        old.as_ref().map(|r| r.as_ref().map(|v| v.len())),
                        new.as_ref().map(|r| r.as_ref().map(|v| v.len()))
                    );
                }
            }
        }
        eprintln!("checked {n} maps, {bad} differ");
        assert_eq!(bad, 0);
    }
}
