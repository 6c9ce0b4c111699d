//! piani: a hand-written content-stream lexer (PDF 32000-1 §7.2, §8.2).
//!
//! lopdf's `Content::decode` is a nom parser that tries every operand kind in
//! turn at each byte and took a third of a whole extraction. This lexer reads
//! each token once and yields the same `Operation`s. It never fails: bytes it
//! cannot place are skipped, as viewers do, where lopdf stopped at the first
//! one and silently dropped the rest of the page.

#[cfg(test)]
use lopdf::content::Operation;
#[cfg(test)]
use lopdf::{Object, StringFormat};

/// Arrays and dictionaries nested deeper are only counted, so that their
/// closers are matched, not tracked one by one: a hostile stream could nest
/// millions.
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

/// One operand of an operation, borrowed from [`Operations`] until the next
/// operation is read.
///
/// Only what an operator piani interprets can take is kept: the elements of
/// an array the operation takes (`TJ`'s strings and spacings, a dash
/// pattern), not arrays or dictionaries nested in it, and no dictionary's
/// entries (marked-content properties, inline-image parameters).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Operand<'o> {
    Integer(i64),
    Real(f32),
    Boolean(bool),
    Null,
    /// A name's bytes, `#xx` escapes resolved.
    Name(&'o [u8]),
    /// A string's bytes, escapes or hexadecimal digits resolved.
    String(&'o [u8]),
    Array(Items<'o>),
    Dictionary,
}

impl Operand<'_> {
    /// The operand as a number, if it is one.
    pub fn number(&self) -> Option<f64> {
        match *self {
            Operand::Integer(i) => Some(i as f64),
            Operand::Real(r) => Some(r.into()),
            _ => None,
        }
    }
}

/// The elements of an array operand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Items<'o> {
    values: &'o [Value],
    bytes: &'o [u8],
}

impl<'o> Items<'o> {
    pub fn iter(&self) -> impl Iterator<Item = Operand<'o>> + 'o {
        let bytes = self.bytes;
        self.values.iter().map(move |v| v.operand(&[], bytes))
    }
}

/// An operand as stored while an operation is read: strings and names as
/// ranges of one byte buffer, array elements as a range of another list, so
/// that reading allocates nothing once the buffers have grown.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Integer(i64),
    Real(f32),
    Boolean(bool),
    Null,
    Name(usize, usize),
    String(usize, usize),
    Array(usize, usize),
    Dictionary,
}

impl Value {
    fn operand<'o>(&self, items: &'o [Value], bytes: &'o [u8]) -> Operand<'o> {
        match *self {
            Value::Integer(i) => Operand::Integer(i),
            Value::Real(r) => Operand::Real(r),
            Value::Boolean(b) => Operand::Boolean(b),
            Value::Null => Operand::Null,
            Value::Name(a, b) => Operand::Name(&bytes[a..b]),
            Value::String(a, b) => Operand::String(&bytes[a..b]),
            Value::Array(a, b) => Operand::Array(Items {
                values: items.get(a..b).unwrap_or(&[]),
                bytes,
            }),
            Value::Dictionary => Operand::Dictionary,
        }
    }
}

/// An array or dictionary being read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Open {
    /// An array, and where its elements start in the items (kept only for
    /// an array that is an operand itself).
    Array(usize),
    Dict,
}

/// One operation, borrowed from [`Operations`] until the next one is read.
#[derive(Debug)]
pub struct Op<'o> {
    pub operator: &'o str,
    operands: &'o [Value],
    items: &'o [Value],
    bytes: &'o [u8],
}

impl<'o> Op<'o> {
    pub fn len(&self) -> usize {
        self.operands.len()
    }

    pub fn is_empty(&self) -> bool {
        self.operands.is_empty()
    }

    /// The `i`th operand.
    pub fn get(&self, i: usize) -> Option<Operand<'o>> {
        self.operands
            .get(i)
            .map(|v| v.operand(self.items, self.bytes))
    }

    pub fn operands(&self) -> impl Iterator<Item = Operand<'o>> + 'o {
        let (items, bytes) = (self.items, self.bytes);
        self.operands.iter().map(move |v| v.operand(items, bytes))
    }

    /// The `i`th operand as a number; 0 when it is none (the interpreter
    /// checks operands against the operator's signature first).
    pub fn number(&self, i: usize) -> f64 {
        self.get(i).and_then(|o| o.number()).unwrap_or(0.0)
    }

    /// The `i`th operand as a name.
    pub fn name(&self, i: usize) -> Option<&'o [u8]> {
        match self.get(i) {
            Some(Operand::Name(n)) => Some(n),
            _ => None,
        }
    }
}

/// The operations of a content stream, read one at a time: operands, their
/// strings and array elements go into buffers reused from one operation to
/// the next, and operators are borrowed, so reading allocates nothing once
/// the buffers have grown to the stream's largest operation.
pub struct Operations<'a> {
    lexer: Lexer<'a>,
    operands: Vec<Value>,
    items: Vec<Value>,
    bytes: Vec<u8>,
    open: Vec<Open>,
    /// Containers opened beyond MAX_DEPTH, whose closers are to be ignored.
    flattened: usize,
}

impl<'a> Operations<'a> {
    pub fn new(data: &'a [u8]) -> Operations<'a> {
        Operations {
            lexer: Lexer { data, pos: 0 },
            operands: Vec::new(),
            items: Vec::new(),
            bytes: Vec::new(),
            open: Vec::new(),
            flattened: 0,
        }
    }

    /// The next operation, `None` at the end of the stream.
    #[allow(clippy::should_implement_trait)] // it lends its result: not an Iterator
    pub fn next(&mut self) -> Option<Op<'_>> {
        self.operands.clear();
        self.items.clear();
        self.bytes.clear();
        loop {
            let value = match self.lexer.next_token(&mut self.bytes)? {
                Token::Value(v) => v,
                Token::ArrayStart | Token::DictStart if self.open.len() >= MAX_DEPTH => {
                    self.flattened += 1;
                    continue;
                }
                Token::ArrayStart => {
                    self.open.push(Open::Array(self.items.len()));
                    continue;
                }
                Token::DictStart => {
                    self.open.push(Open::Dict);
                    continue;
                }
                Token::ArrayEnd | Token::DictEnd if self.flattened > 0 => {
                    self.flattened -= 1;
                    continue;
                }
                // A closer that matches nothing open is ignored.
                Token::ArrayEnd => match self.open.last() {
                    Some(&Open::Array(start)) => {
                        self.open.pop();
                        // Only an operand's own elements are kept.
                        let end = if self.open.is_empty() { self.items.len() } else { start };
                        Value::Array(start, end)
                    }
                    _ => continue,
                },
                Token::DictEnd => match self.open.last() {
                    Some(Open::Dict) => {
                        self.open.pop();
                        Value::Dictionary
                    }
                    _ => continue,
                },
                Token::Operator(op) => {
                    if !self.open.is_empty() {
                        // An operator cannot stand inside an array: the array
                        // was never closed. Keep the operator, drop the fragment.
                        self.open.clear();
                        self.flattened = 0;
                    }
                    if op == b"BI" {
                        self.lexer.inline_image(&mut self.bytes);
                        self.operands.clear();
                        self.operands.push(Value::Dictionary);
                    }
                    // Operators are ASCII; anything else is no operator piani knows.
                    let operator = std::str::from_utf8(op).unwrap_or("\u{fffd}");
                    return Some(Op {
                        operator,
                        operands: &self.operands,
                        items: &self.items,
                        bytes: &self.bytes,
                    });
                }
            };
            match self.open.as_slice() {
                [] => self.operands.push(value),
                [Open::Array(_)] => self.items.push(value),
                // Inside a dictionary or a nested array: not kept.
                _ => {}
            }
        }
    }
}

/// All the operations of a content stream, in lopdf's terms, for comparing
/// the two readers.
#[cfg(test)]
pub fn decode(data: &[u8]) -> Vec<Operation> {
    fn object(o: Operand) -> Object {
        match o {
            Operand::Integer(i) => Object::Integer(i),
            Operand::Real(r) => Object::Real(r),
            Operand::Boolean(b) => Object::Boolean(b),
            Operand::Null => Object::Null,
            Operand::Name(n) => Object::Name(n.to_vec()),
            Operand::String(s) => Object::String(s.to_vec(), StringFormat::Literal),
            Operand::Array(items) => Object::Array(items.iter().map(object).collect()),
            Operand::Dictionary => Object::Dictionary(lopdf::Dictionary::new()),
        }
    }
    let mut operations = Operations::new(data);
    let mut out = Vec::new();
    while let Some(op) = operations.next() {
        out.push(Operation::new(op.operator, op.operands().map(object).collect()));
    }
    out
}

enum Token<'a> {
    Value(Value),
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

    /// The next token; strings and names are written to the end of `bytes`.
    fn next_token(&mut self, bytes: &mut Vec<u8>) -> Option<Token<'a>> {
        loop {
            self.skip_space();
            let c = self.peek()?;
            self.pos += 1;
            return Some(match c {
                b'[' => Token::ArrayStart,
                b']' => Token::ArrayEnd,
                b'(' => {
                    let start = bytes.len();
                    self.literal_string(bytes);
                    Token::Value(Value::String(start, bytes.len()))
                }
                b'/' => {
                    let start = bytes.len();
                    self.name(bytes);
                    Token::Value(Value::Name(start, bytes.len()))
                }
                b'<' if self.peek() == Some(b'<') => {
                    self.pos += 1;
                    Token::DictStart
                }
                b'<' => {
                    let start = bytes.len();
                    self.hex_string(bytes);
                    Token::Value(Value::String(start, bytes.len()))
                }
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
    fn literal_string(&mut self, out: &mut Vec<u8>) {
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
                b'\\' => self.escape(out),
                _ => out.push(c),
            }
        }
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
    fn hex_string(&mut self, out: &mut Vec<u8>) {
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
    }

    /// After `/`: the name's bytes, `#xx` escapes resolved.
    fn name(&mut self, out: &mut Vec<u8>) {
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
    }

    /// After the operator `BI`: the image's parameters, skipped up to `ID`;
    /// its data, skipped up to `EI` standing alone. `bytes` takes the
    /// parameters' strings and names, which nothing reads.
    fn inline_image(&mut self, bytes: &mut Vec<u8>) {
        loop {
            match self.next_token(bytes) {
                None => return,
                Some(Token::Operator(b"ID")) => break,
                Some(_) => {}
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
    }
}

/// A run of regular characters: a number, a boolean, null or an operator.
fn keyword(token: &[u8]) -> Token<'_> {
    match token {
        b"true" => return Token::Value(Value::Boolean(true)),
        b"false" => return Token::Value(Value::Boolean(false)),
        b"null" => return Token::Value(Value::Null),
        _ => {}
    }
    if let Some(number) = number(token) {
        return Token::Value(number);
    }
    Token::Operator(token)
}

/// Powers of ten exactly representable as `f64` (5^22 < 2^53).
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `[+-]digits`, `[+-]digits.digits`, `[+-].digits` (§7.3.3).
///
/// Content streams are mostly short numbers, and going through `str::parse`
/// was a tenth of reading them. A mantissa below 2^53 divided by an exact
/// power of ten is one correctly rounded `f64` division; rounding that to
/// `f32` gives the value `parse::<f32>` gives, unless it lies exactly halfway
/// between two `f32`s (the exact value may then lie on either side), which
/// takes the standard parse, as does anything longer.
fn number(token: &[u8]) -> Option<Value> {
    let (negative, unsigned) = match token.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, token),
    };
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut decimals: Option<usize> = None;
    for &c in unsigned {
        match c {
            b'0'..=b'9' => {
                digits += 1;
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                if let Some(d) = decimals.as_mut() {
                    *d += 1;
                }
            }
            b'.' if decimals.is_none() => decimals = Some(0),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    match decimals {
        // At most 18 digits: no overflow of an i64.
        None if digits <= 18 => {
            let value = mantissa as i64;
            return Some(Value::Integer(if negative { -value } else { value }));
        }
        Some(d) if digits <= 19 && mantissa < 1 << 53 && d < EXACT_POWERS.len() => {
            let wide = mantissa as f64 / EXACT_POWERS[d];
            // The 29 bits an f32 lacks are 1000…0: a halfway case.
            let halfway = wide.to_bits() & ((1 << 29) - 1) == 1 << 28;
            if !halfway {
                let value = wide as f32;
                return Some(Value::Real(if negative { -value } else { value }));
            }
        }
        _ => {}
    }
    let text = std::str::from_utf8(token).ok()?;
    if decimals.is_none() {
        if let Ok(i) = text.parse::<i64>() {
            return Some(Value::Integer(i));
        }
    }
    text.parse::<f32>().ok().map(Value::Real)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// lopdf's operand as this lexer keeps it: string formats are not told
    /// apart, dictionaries' entries and nested arrays' elements not kept.
    fn kept(o: Object, nested: bool) -> Object {
        match o {
            Object::String(s, _) => Object::String(s, StringFormat::Literal),
            Object::Dictionary(_) => Object::Dictionary(lopdf::Dictionary::new()),
            Object::Array(_) if nested => Object::Array(Vec::new()),
            Object::Array(items) => Object::Array(items.into_iter().map(|o| kept(o, true)).collect()),
            other => other,
        }
    }

    fn same_as_lopdf(stream: &[u8]) {
        let ours = decode(stream);
        let mut theirs = lopdf::content::Content::decode(stream).unwrap().operations;
        for op in &mut theirs {
            op.operands = std::mem::take(&mut op.operands).into_iter().map(|o| kept(o, false)).collect();
        }
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
        same_as_lopdf(b"[(a) [1 (b)] <</K (c)>> -2.5 <41>] TJ [3 2] 0 d");
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
        assert_eq!(ops[1].operands, vec![Object::Dictionary(lopdf::Dictionary::new())]);
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
        assert_eq!(number(b"99999999999999999999"), Some(Value::Real(1e20)));
    }

    /// Random bytes drawn from the content syntax's own alphabet: every
    /// operation's operands and array elements can be read, and reading ends
    /// (the buffers' ranges stay within them).
    #[test]
    fn reads_any_bytes_without_panicking() {
        let alphabet = b"[]<<>>()/\\%\n 0123456789.-+eTJjdfBIDEI";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2_000 {
            let len = (seed % 400) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            let mut operations = Operations::new(&bytes);
            let mut count = 0;
            while let Some(op) = operations.next() {
                count += 1;
                assert!(count <= bytes.len());
                // A string or name decoded from the stream is never longer than it.
                let fits = |o: Operand| match o {
                    Operand::String(s) | Operand::Name(s) => s.len() <= bytes.len(),
                    _ => true,
                };
                for operand in op.operands() {
                    assert!(fits(operand));
                    if let Operand::Array(items) = operand {
                        assert!(items.iter().all(fits));
                    }
                }
            }
        }
    }

    /// The fast path gives the standard parse's value, bit for bit.
    #[test]
    fn numbers_read_as_str_parse_reads_them() {
        let standard = |t: &str| -> Value {
            if !t.contains('.') {
                if let Ok(i) = t.parse::<i64>() {
                    return Value::Integer(i);
                }
            }
            Value::Real(t.parse::<f32>().unwrap())
        };
        let same = |t: &str| match (number(t.as_bytes()).unwrap(), standard(t)) {
            (Value::Real(a), Value::Real(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{t}"),
            (a, b) => assert_eq!(a, b, "{t}"),
        };
        for t in [
            "0", "-0", "+0", "-0.0", ".5", "-.5", "5.", "+3.25", "0.1", "0.7", "841.89",
            "595.276", "-12.3456", "16777215.5", "1677721.6", "0.0000000001", "9999999.9",
            "123456789012345678", "1234567890123456789", "0.00000000001", "3.4028235",
            "54.884766", "16.2246094", "219.79688", "0.1234567890123456",
            // Exactly halfway between two f32s, and a hair either side.
            "16777217.0", "33554434.0", "16777217.000000001", "16777216.999999999",
            "1.00000005960464477539", "1.0000000596046448",
        ] {
            same(t);
        }
        // Every mantissa shape the fast path takes, at every exponent it takes.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..400_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mantissa = seed % (1 << (24 + (seed >> 32) % 30));
            let decimals = (seed >> 40) as usize % 23;
            let digits = format!("{mantissa:0>width$}", width = decimals + 1);
            let (int, frac) = digits.split_at(digits.len() - decimals);
            let sign = if seed >> 63 == 1 { "-" } else { "" };
            same(&format!("{sign}{int}.{frac}"));
        }
    }
}
