//! piani: a hand-written content-stream lexer (PDF 32000-1 §7.2, §8.2).
//!
//! lopdf's `Content::decode` is a nom parser that tries every operand kind in
//! turn at each byte and took a third of a whole extraction. This lexer reads
//! each token once and yields the same `Operation`s. It never fails: bytes it
//! cannot place are skipped, as viewers do, where lopdf stopped at the first
//! one and silently dropped the rest of the page.

#[cfg(test)]
use lopdf::content::Operation;
use lopdf::{Dictionary, Object, StringFormat};

/// Deeper arrays and dictionaries are flattened into their parent: dropping a
/// deeply nested object recurses, and a hostile stream could nest millions.
const MAX_DEPTH: usize = 64;

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delimiter(c)
}

fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// An array or dictionary being read.
enum Open {
    Array(Vec<Object>),
    /// Entries read so far, and a key waiting for its value.
    Dict(Dictionary, Option<Vec<u8>>),
}

/// One operation, borrowed from [`Operations`] until the next one is read.
#[derive(Debug)]
pub struct Op<'o> {
    pub operator: &'o str,
    pub operands: &'o [Object],
}

/// The operations of a content stream, read one at a time: the operands'
/// buffer is reused and operators are borrowed, so reading allocates nothing
/// but the operands' own strings, arrays and dictionaries.
pub struct Operations<'a> {
    lexer: Lexer<'a>,
    operands: Vec<Object>,
    open: Vec<Open>,
    /// Containers opened beyond MAX_DEPTH, whose closers are to be ignored.
    flattened: usize,
}

impl<'a> Operations<'a> {
    pub fn new(data: &'a [u8]) -> Operations<'a> {
        Operations {
            lexer: Lexer { data, pos: 0 },
            operands: Vec::new(),
            open: Vec::new(),
            flattened: 0,
        }
    }

    /// The next operation, `None` at the end of the stream.
    #[allow(clippy::should_implement_trait)] // it lends its result: not an Iterator
    pub fn next(&mut self) -> Option<Op<'_>> {
        self.operands.clear();
        loop {
            let object = match self.lexer.next_token()? {
                Token::Object(o) => o,
                Token::ArrayStart | Token::DictStart if self.open.len() >= MAX_DEPTH => {
                    self.flattened += 1;
                    continue;
                }
                Token::ArrayStart => {
                    self.open.push(Open::Array(Vec::new()));
                    continue;
                }
                Token::DictStart => {
                    self.open.push(Open::Dict(Dictionary::new(), None));
                    continue;
                }
                Token::ArrayEnd | Token::DictEnd if self.flattened > 0 => {
                    self.flattened -= 1;
                    continue;
                }
                // A closer that matches nothing open is ignored.
                Token::ArrayEnd => match self.open.pop() {
                    Some(Open::Array(items)) => Object::Array(items),
                    Some(other) => {
                        self.open.push(other);
                        continue;
                    }
                    None => continue,
                },
                Token::DictEnd => match self.open.pop() {
                    Some(Open::Dict(dict, _)) => Object::Dictionary(dict),
                    Some(other) => {
                        self.open.push(other);
                        continue;
                    }
                    None => continue,
                },
                Token::Operator(op) => {
                    if !self.open.is_empty() {
                        // An operator cannot stand inside an array: the array
                        // was never closed. Keep the operator, drop the fragment.
                        self.open.clear();
                        self.flattened = 0;
                    }
                    if op == b"BI" {
                        let image = self.lexer.inline_image();
                        self.operands.clear();
                        self.operands.push(Object::Dictionary(image));
                    }
                    // Operators are ASCII; anything else is no operator piani knows.
                    let operator = std::str::from_utf8(op).unwrap_or("\u{fffd}");
                    return Some(Op {
                        operator,
                        operands: &self.operands,
                    });
                }
            };
            match self.open.last_mut() {
                None => self.operands.push(object),
                Some(Open::Array(items)) => items.push(object),
                Some(Open::Dict(dict, key)) => match (key.take(), object) {
                    (None, Object::Name(name)) => *key = Some(name),
                    (None, _) => {} // a value without a key
                    (Some(k), value) => dict.set(k, value),
                },
            }
        }
    }
}

/// All the operations of a content stream, as lopdf's `Content::decode` gives them.
#[cfg(test)]
pub fn decode(data: &[u8]) -> Vec<Operation> {
    let mut operations = Operations::new(data);
    let mut out = Vec::new();
    while let Some(op) = operations.next() {
        out.push(Operation::new(op.operator, op.operands.to_vec()));
    }
    out
}

enum Token<'a> {
    Object(Object),
    Operator(&'a [u8]),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
}

struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Skips white space and comments.
    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if is_white(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_space();
            let c = self.peek()?;
            self.pos += 1;
            return Some(match c {
                b'[' => Token::ArrayStart,
                b']' => Token::ArrayEnd,
                b'(' => Token::Object(Object::String(self.literal_string(), StringFormat::Literal)),
                b'/' => Token::Object(Object::Name(self.name())),
                b'<' if self.peek() == Some(b'<') => {
                    self.pos += 1;
                    Token::DictStart
                }
                b'<' => Token::Object(Object::String(self.hex_string(), StringFormat::Hexadecimal)),
                b'>' if self.peek() == Some(b'>') => {
                    self.pos += 1;
                    Token::DictEnd
                }
                // A stray closer or a PostScript brace: nothing to read.
                b')' | b'>' | b'{' | b'}' => continue,
                _ => {
                    let start = self.pos - 1;
                    while self.peek().is_some_and(is_regular) {
                        self.pos += 1;
                    }
                    keyword(&self.data[start..self.pos])
                }
            });
        }
    }

    /// After `(`: the string's bytes, escapes resolved, up to its matching `)`.
    /// Bytes before the next `stop`: a string's length, or near it, so that
    /// its buffer is allocated once instead of grown byte by byte.
    fn bytes_until(&self, stop: u8) -> usize {
        let rest = &self.data[self.pos.min(self.data.len())..];
        rest.iter().position(|&c| c == stop).unwrap_or(rest.len())
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.bytes_until(b')'));
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' if depth == 0 => break,
                b')' => {
                    depth -= 1;
                    out.push(c);
                }
                b'\\' => self.escape(&mut out),
                _ => out.push(c),
            }
        }
        out
    }

    /// After a backslash in a literal string.
    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(c) = self.peek() else { return };
        self.pos += 1;
        match c {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            // A backslash before an end of line (CR, LF or CR LF) continues the string.
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            b't' => out.push(b'\t'),
            b'b' => out.push(b'\x08'),
            b'f' => out.push(b'\x0c'),
            b'0'..=b'7' => {
                let mut value = u16::from(c - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            value = value * 8 + u16::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                // High-order overflow is ignored (§7.3.4.2).
                out.push(value as u8);
            }
            // `\(`, `\)`, `\\`, and any other character stands for itself.
            _ => out.push(c),
        }
    }

    /// After `<`: the bytes of a hexadecimal string, up to `>`.
    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.bytes_until(b'>') / 2 + 1);
        let mut high: Option<u8> = None;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            let Some(v) = hex_value(c) else { continue };
            match high.take() {
                None => high = Some(v),
                Some(h) => out.push(h << 4 | v),
            }
        }
        // An odd digit count: the last digit is followed by a 0.
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    /// After `/`: the name's bytes, `#xx` escapes resolved.
    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(c) = self.peek().filter(|&c| is_regular(c)) {
            self.pos += 1;
            let escaped = (c == b'#')
                .then(|| {
                    Some(
                        hex_value(*self.data.get(self.pos)?)? << 4
                            | hex_value(*self.data.get(self.pos + 1)?)?,
                    )
                })
                .flatten();
            match escaped {
                Some(byte) => {
                    out.push(byte);
                    self.pos += 2;
                }
                None => out.push(c),
            }
        }
        out
    }

    /// After the operator `BI`: the image's parameters up to `ID`; its data,
    /// skipped up to `EI` standing alone.
    fn inline_image(&mut self) -> Dictionary {
        let mut dict = Dictionary::new();
        let mut key: Option<Vec<u8>> = None;
        loop {
            let Some(token) = self.next_token() else {
                return dict;
            };
            match token {
                Token::Operator(b"ID") => break,
                Token::Object(Object::Name(name)) if key.is_none() => key = Some(name),
                Token::Object(value) => {
                    if let Some(k) = key.take() {
                        dict.set(k, value);
                    }
                }
                // Arrays in image parameters (a /Decode array, say) are rare
                // and not needed to find the data's end.
                _ => key = None,
            }
        }
        // One white-space byte separates ID from the data.
        self.pos += 1;
        let data = &self.data[self.pos.min(self.data.len())..];
        let end = data.windows(2).enumerate().position(|(i, w)| {
            w == b"EI"
                && (i == 0 || is_white(data[i - 1]))
                && data.get(i + 2).is_none_or(|&c| !is_regular(c))
        });
        self.pos += end.map_or(data.len(), |i| i + 2);
        dict
    }
}

/// A run of regular characters: a number, a boolean, null or an operator.
fn keyword(token: &[u8]) -> Token<'_> {
    match token {
        b"true" => return Token::Object(Object::Boolean(true)),
        b"false" => return Token::Object(Object::Boolean(false)),
        b"null" => return Token::Object(Object::Null),
        _ => {}
    }
    if let Some(number) = number(token) {
        return Token::Object(number);
    }
    Token::Operator(token)
}

/// `[+-]digits`, `[+-]digits.digits`, `[+-].digits` (§7.3.3).
fn number(token: &[u8]) -> Option<Object> {
    let unsigned = token
        .strip_prefix(b"+")
        .or_else(|| token.strip_prefix(b"-"))
        .unwrap_or(token);
    let mut digits = 0;
    let mut dots = 0;
    for &c in unsigned {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' => dots += 1,
            _ => return None,
        }
    }
    if digits == 0 || dots > 1 {
        return None;
    }
    let text = std::str::from_utf8(token).ok()?;
    if dots == 0 {
        if let Ok(i) = text.parse::<i64>() {
            return Some(Object::Integer(i));
        }
    }
    text.parse::<f32>().ok().map(Object::Real)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_lopdf(stream: &[u8]) {
        let ours = decode(stream);
        let theirs = lopdf::content::Content::decode(stream).unwrap().operations;
        assert_eq!(
            format!("{ours:?}"),
            format!("{theirs:?}"),
            "{}",
            String::from_utf8_lossy(stream)
        );
    }

    #[test]
    fn reads_what_lopdf_reads() {
        same_as_lopdf(b"q 1 0 0 -1 0 842 cm BT /F1 12 Tf 72.5 -.5 +3 Td (Hello) Tj ET Q");
        same_as_lopdf(
            b"BT [(A) -120.5 (V) 3 <0041 00 42>] TJ 1. 0 Td T* (a\\(b\\) \\101\\7x\\\\) ' ET",
        );
        same_as_lopdf(b"/P <</MCID 0 /Alt (x) /K [1 2 [3]]>> BDC /N#20ame gs EMC");
        same_as_lopdf(
            b"% comment\n0.5 g 10 10 100 50 re f* 1 0 0 RG 2 w 0 0 m 10 10 l S true false null n",
        );
        same_as_lopdf(b"(nested (paren) string) Tj (line\\\ncontinued) Tj <4 1> Tj");
        same_as_lopdf(b"(cr\\r lf\\n tab\\t bs\\b ff\\f) Tj (a\\\r\nb\\\rc) Tj");
    }

    #[test]
    fn reads_operators_with_digits() {
        // lopdf stops at `d0` (Type 3 glyph metrics) and drops the rest.
        let ops = decode(b"500 0 d0 1 0 0 1 0 0 cm");
        let names: Vec<&str> = ops.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(names, ["d0", "cm"]);
    }

    #[test]
    fn skips_inline_image_data() {
        let ops = decode(b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xff EI Q");
        let names: Vec<&str> = ops.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(names, ["q", "BI", "Q"]);
        let Object::Dictionary(d) = &ops[1].operands[0] else {
            panic!()
        };
        assert_eq!(d.get(b"W").unwrap().as_i64().unwrap(), 2);
    }

    #[test]
    fn survives_garbage_and_deep_nesting() {
        let ops = decode(b") > } 1 2 m ] >> 3 4 l");
        assert_eq!(ops.len(), 2);
        assert_eq!(
            ops[1].operands,
            vec![Object::Integer(3), Object::Integer(4)]
        );
        let mut deep = vec![b'['; 1_000_000];
        deep.extend_from_slice(b" 1 2 m");
        let ops = decode(&deep);
        assert_eq!(ops.len(), 1);
        assert!(decode(b"(unterminated \\").is_empty());
        assert_eq!(number(b"1.2.3"), None);
        assert_eq!(number(b"-"), None);
        assert_eq!(number(b"99999999999999999999"), Some(Object::Real(1e20)));
    }
}
