//! piani: colour spaces and colours (PDF 32000-1 §8.6).
//!
//! Upstream ignored `g`/`G`, `rg`/`RG` and `k`/`K`, so every fill reached the
//! output device with an empty colour, and `make_colorspace` panicked on a
//! colour space it did not know or could not find. Here a colour space is read
//! from a page's resources without ever panicking: what cannot be read is
//! `None`, and the interpreter falls back to DeviceGray black. A colour can be
//! brought to a device colour ([`ColorSpace::device_color`]) closely enough to
//! tell a shaded table cell from a white background or a black rule: ICC
//! profiles are replaced by their alternate space, calibrated spaces by their
//! device counterparts, Separation and DeviceN by their tint transform where it
//! is an exponential or a one-input sampled function, by a gray otherwise.

use std::convert::TryFrom;

use lopdf::{Dictionary, Document, Object, Stream};

use crate::lexer::Operand;

/// Colour spaces nest (an Indexed base, an ICC or Separation alternate); a
/// loop of references must end.
const MAX_DEPTH: usize = 8;

/// A colour space, as far as telling how dark a colour is needs.
#[derive(Clone, Debug, PartialEq)]
pub enum ColorSpace {
    DeviceGray,
    DeviceRGB,
    DeviceCMYK,
    /// Read as DeviceGray (the gamma and white point are ignored).
    CalGray,
    /// Read as DeviceRGB.
    CalRGB,
    /// L* a* b*; only L* (0–100) counts.
    Lab,
    ICCBased(ICCBased),
    Indexed(Indexed),
    Separation(Separation),
    /// Several colorants, each with a tint.
    DeviceN(Separation),
    /// A pattern fills with tiles or a shading, not with a colour.
    Pattern,
}

/// An ICC profile's colour space, standing for its alternate space.
#[derive(Clone, Debug, PartialEq)]
pub struct ICCBased {
    /// Number of colour components (`/N`).
    pub n: usize,
    /// `/Alternate`, or the device space with `n` components.
    pub alternate: Box<ColorSpace>,
}

/// A colour table: an index selects a colour of the base space.
#[derive(Clone, Debug, PartialEq)]
pub struct Indexed {
    pub base: Box<ColorSpace>,
    pub hival: usize,
    /// `hival + 1` colours of the base space, one byte a component.
    pub lookup: Vec<u8>,
}

/// Separation (one colorant) or DeviceN (several).
#[derive(Clone, Debug, PartialEq)]
pub struct Separation {
    /// Number of colorants, and so of tint components.
    pub n: usize,
    /// Every colorant is named `None`: painting leaves no mark.
    pub invisible: bool,
    pub alternate: Option<Box<ColorSpace>>,
    tint_transform: Option<TintTransform>,
}

/// A colour in a device colour space, components from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DeviceColor {
    Gray(f64),
    Rgb([f64; 3]),
    Cmyk([f64; 4]),
}

impl ColorSpace {
    /// Number of components a colour in this space has (none for a pattern).
    pub fn components(&self) -> usize {
        match self {
            ColorSpace::DeviceGray | ColorSpace::CalGray | ColorSpace::Indexed(_) => 1,
            ColorSpace::DeviceRGB | ColorSpace::CalRGB | ColorSpace::Lab => 3,
            ColorSpace::DeviceCMYK => 4,
            ColorSpace::ICCBased(icc) => icc.n,
            ColorSpace::Separation(s) | ColorSpace::DeviceN(s) => s.n,
            ColorSpace::Pattern => 0,
        }
    }

    /// The colour `cs`/`CS` sets along with the space (§8.6.8): black, index 0,
    /// full tint, no colour for a pattern.
    pub fn initial_color(&self) -> Vec<f64> {
        match self {
            ColorSpace::DeviceCMYK => vec![0.0, 0.0, 0.0, 1.0],
            ColorSpace::ICCBased(icc) => icc.alternate.initial_color(),
            ColorSpace::Separation(s) | ColorSpace::DeviceN(s) => vec![1.0; s.n],
            other => vec![0.0; other.components()],
        }
    }

    /// `color` in a device colour space, `None` when it has the wrong number of
    /// components or the space has no colour to give (a pattern, an unreadable
    /// colour table).
    pub fn device_color(&self, color: &[f64]) -> Option<DeviceColor> {
        if color.len() != self.components() {
            return None;
        }
        let unit = |v: f64| v.clamp(0.0, 1.0);
        match (self, color) {
            (ColorSpace::DeviceGray | ColorSpace::CalGray, &[g]) => {
                Some(DeviceColor::Gray(unit(g)))
            }
            (ColorSpace::DeviceRGB | ColorSpace::CalRGB, &[r, g, b]) => {
                Some(DeviceColor::Rgb([unit(r), unit(g), unit(b)]))
            }
            (ColorSpace::DeviceCMYK, &[c, m, y, k]) => {
                Some(DeviceColor::Cmyk([unit(c), unit(m), unit(y), unit(k)]))
            }
            (ColorSpace::Lab, &[l, _, _]) => Some(DeviceColor::Gray(unit(l / 100.0))),
            (ColorSpace::ICCBased(icc), _) => icc.alternate.device_color(color),
            (ColorSpace::Indexed(indexed), &[index]) => indexed.device_color(index),
            (ColorSpace::Separation(s) | ColorSpace::DeviceN(s), _) => Some(s.device_color(color)),
            _ => None,
        }
    }
}

impl Indexed {
    fn device_color(&self, index: f64) -> Option<DeviceColor> {
        let index = (index.round().max(0.0) as usize).min(self.hival);
        let m = self.base.components();
        let entry = self.lookup.get(index * m..(index + 1) * m)?;
        let components: Vec<f64> = entry
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                let v = f64::from(b) / 255.0;
                // Lab's default ranges: L* 0–100, a* and b* −100–100.
                match (&*self.base, i) {
                    (ColorSpace::Lab, 0) => v * 100.0,
                    (ColorSpace::Lab, _) => v * 200.0 - 100.0,
                    _ => v,
                }
            })
            .collect();
        self.base.device_color(&components)
    }
}

impl Separation {
    fn device_color(&self, tints: &[f64]) -> DeviceColor {
        if self.invisible {
            return DeviceColor::Gray(1.0);
        }
        let exact = self
            .tint_transform
            .as_ref()
            .zip(self.alternate.as_ref())
            .and_then(|(f, alt)| {
                let out = f.eval(tints)?;
                alt.device_color(&out)
            });
        // Otherwise a gray as dark as the strongest tint: 0 white, 1 black.
        exact.unwrap_or_else(|| {
            let strongest = tints.iter().fold(0.0_f64, |a, &t| a.max(t.clamp(0.0, 1.0)));
            DeviceColor::Gray(1.0 - strongest)
        })
    }
}

/// A tint transform (§7.10) of one input, where it is one of the two kinds
/// that are simple to evaluate.
#[derive(Clone, Debug, PartialEq)]
enum TintTransform {
    /// Type 2: `c0 + x^n (c1 - c0)`.
    Exponential { c0: Vec<f64>, c1: Vec<f64>, n: f64 },
    /// Type 0 with one input: samples interpolated linearly.
    Sampled {
        domain: [f64; 2],
        encode: [f64; 2],
        /// Lower and upper bound of each output.
        decode: Vec<[f64; 2]>,
        size: usize,
        bits: u32,
        samples: Vec<u8>,
    },
}

impl TintTransform {
    fn parse(doc: &Document, obj: &Object) -> Option<TintTransform> {
        let obj = deref(doc, obj)?;
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => return None,
        };
        let numbers = |key: &[u8]| numbers(doc, dict.get(key).ok()?);
        match dict.get(b"FunctionType").ok()?.as_i64().ok()? {
            2 => {
                let c0 = numbers(b"C0").unwrap_or_else(|| vec![0.0]);
                let c1 = numbers(b"C1").unwrap_or_else(|| vec![1.0]);
                let n = number(deref(doc, dict.get(b"N").ok()?)?)?;
                (c0.len() == c1.len() && !c0.is_empty()).then_some(TintTransform::Exponential {
                    c0,
                    c1,
                    n,
                })
            }
            0 => {
                let Object::Stream(stream) = obj else {
                    return None;
                };
                let size = numbers(b"Size")?;
                let domain = numbers(b"Domain")?;
                let range = numbers(b"Range")?;
                let &[size] = &size[..] else { return None };
                let &[d0, d1] = &domain[..] else { return None };
                if !(1.0..=65536.0).contains(&size) || range.len() < 2 || range.len() % 2 != 0 {
                    return None;
                }
                let size = size as usize;
                let bits = dict.get(b"BitsPerSample").ok()?.as_i64().ok()?;
                if ![1, 2, 4, 8, 12, 16, 24, 32].contains(&bits) {
                    return None;
                }
                let encode = match numbers(b"Encode") {
                    Some(e) if e.len() == 2 => [e[0], e[1]],
                    _ => [0.0, (size - 1) as f64],
                };
                let decode = numbers(b"Decode")
                    .filter(|d| d.len() == range.len())
                    .unwrap_or(range);
                let decode = decode.chunks(2).map(|c| [c[0], c[1]]).collect();
                Some(TintTransform::Sampled {
                    domain: [d0, d1],
                    encode,
                    decode,
                    size,
                    bits: bits as u32,
                    samples: contents(stream),
                })
            }
            _ => None,
        }
    }

    /// The alternate space's components for `tints`, `None` for more than one
    /// input or samples cut short.
    fn eval(&self, tints: &[f64]) -> Option<Vec<f64>> {
        let &[x] = tints else { return None };
        match self {
            TintTransform::Exponential { c0, c1, n } => {
                let t = x.clamp(0.0, 1.0).powf(*n);
                Some(c0.iter().zip(c1).map(|(a, b)| a + t * (b - a)).collect())
            }
            TintTransform::Sampled {
                domain,
                encode,
                decode,
                size,
                bits,
                samples,
            } => {
                let x = x.clamp(domain[0].min(domain[1]), domain[0].max(domain[1]));
                let span = domain[1] - domain[0];
                let e = if span == 0.0 {
                    encode[0]
                } else {
                    encode[0] + (x - domain[0]) * (encode[1] - encode[0]) / span
                };
                let e = e.clamp(0.0, (size - 1) as f64);
                let (i0, frac) = (e.floor() as usize, e - e.floor());
                let i1 = (i0 + 1).min(size - 1);
                let outputs = decode.len();
                let max = ((1u64 << bits) - 1) as f64;
                (0..outputs)
                    .map(|j| {
                        let a = sample(samples, (i0 * outputs + j) * *bits as usize, *bits)?;
                        let b = sample(samples, (i1 * outputs + j) * *bits as usize, *bits)?;
                        let s = a + frac * (b - a);
                        let [lo, hi] = decode[j];
                        Some(lo + s / max * (hi - lo))
                    })
                    .collect()
            }
        }
    }
}

/// The sample of `bits` bits at bit offset `at`, big-endian.
fn sample(data: &[u8], at: usize, bits: u32) -> Option<f64> {
    let mut value = 0u64;
    for i in 0..bits as usize {
        let bit = at + i;
        let byte = *data.get(bit / 8)?;
        value = (value << 1) | u64::from((byte >> (7 - bit % 8)) & 1);
    }
    Some(value as f64)
}

/// The colour space `name` selects for `cs`/`CS`: a device family or Pattern
/// directly, anything else from the resources' `/ColorSpace` dictionary.
/// `None` when it is missing or cannot be read.
pub(crate) fn from_resources(
    doc: &Document,
    resources: &Dictionary,
    name: &[u8],
) -> Option<ColorSpace> {
    if let Some(space) = family(name) {
        return Some(space);
    }
    let spaces = deref(doc, resources.get(b"ColorSpace").ok()?)?
        .as_dict()
        .ok()?;
    parse(doc, spaces.get(name).ok()?, 0)
}

/// A colour space named by its family alone.
fn family(name: &[u8]) -> Option<ColorSpace> {
    Some(match name {
        b"DeviceGray" | b"G" => ColorSpace::DeviceGray,
        b"DeviceRGB" | b"RGB" => ColorSpace::DeviceRGB,
        b"DeviceCMYK" | b"CMYK" => ColorSpace::DeviceCMYK,
        b"CalGray" => ColorSpace::CalGray,
        b"CalRGB" => ColorSpace::CalRGB,
        b"Lab" => ColorSpace::Lab,
        b"Pattern" => ColorSpace::Pattern,
        _ => return None,
    })
}

/// A colour space object: a name, or an array whose first element names the family.
fn parse(doc: &Document, obj: &Object, depth: usize) -> Option<ColorSpace> {
    if depth > MAX_DEPTH {
        return None;
    }
    let array = match deref(doc, obj)? {
        Object::Name(name) => return family(name),
        Object::Array(array) => array,
        _ => return None,
    };
    let item = |i: usize| array.get(i).and_then(|o| deref(doc, o));
    let name = item(0)?.as_name().ok()?;
    match name {
        b"ICCBased" => {
            let dict = &item(1)?.as_stream().ok()?.dict;
            let n = dict
                .get(b"N")
                .ok()
                .and_then(|n| deref(doc, n)?.as_i64().ok())
                .and_then(|n| usize::try_from(n).ok());
            let alternate = dict
                .get(b"Alternate")
                .ok()
                .and_then(|a| parse(doc, a, depth + 1))
                .filter(|a| n.is_none_or(|n| a.components() == n) && *a != ColorSpace::Pattern);
            let alternate = match (alternate, n) {
                (Some(a), _) => a,
                (None, Some(1)) => ColorSpace::DeviceGray,
                (None, Some(3)) => ColorSpace::DeviceRGB,
                (None, Some(4)) => ColorSpace::DeviceCMYK,
                _ => return None,
            };
            Some(ColorSpace::ICCBased(ICCBased {
                n: alternate.components(),
                alternate: Box::new(alternate),
            }))
        }
        b"Indexed" | b"I" => {
            let base = parse(doc, array.get(1)?, depth + 1)?;
            if matches!(base, ColorSpace::Pattern | ColorSpace::Indexed(_)) {
                return None;
            }
            let hival = item(2)?.as_i64().ok()?.clamp(0, 255) as usize;
            let lookup = match item(3)? {
                Object::String(bytes, _) => bytes.clone(),
                Object::Stream(stream) => contents(stream),
                _ => Vec::new(),
            };
            Some(ColorSpace::Indexed(Indexed {
                base: Box::new(base),
                hival,
                lookup,
            }))
        }
        b"Separation" | b"DeviceN" => {
            let names: Vec<&[u8]> = match item(1)? {
                Object::Name(n) => vec![n],
                Object::Array(a) => a
                    .iter()
                    .filter_map(|o| deref(doc, o)?.as_name().ok())
                    .collect(),
                _ => return None,
            };
            if names.is_empty() || names.len() > 32 {
                return None;
            }
            let alternate = array
                .get(2)
                .and_then(|a| parse(doc, a, depth + 1))
                .filter(|a| !matches!(a, ColorSpace::Pattern | ColorSpace::Indexed(_)))
                .map(Box::new);
            let separation = Separation {
                n: names.len(),
                invisible: names.iter().all(|n| *n == b"None"),
                alternate,
                tint_transform: array.get(3).and_then(|f| TintTransform::parse(doc, f)),
            };
            Some(if name == b"Separation" {
                ColorSpace::Separation(Separation { n: 1, ..separation })
            } else {
                ColorSpace::DeviceN(separation)
            })
        }
        // [/Pattern] or [/Pattern base], [/CalRGB << … >>], [/DeviceRGB] …
        other => family(other),
    }
}

/// Follows references (a few levels), `None` for a dangling one.
fn deref<'a>(doc: &'a Document, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_DEPTH {
        match obj {
            Object::Reference(id) => obj = doc.get_object(*id).ok()?,
            other => return Some(other),
        }
    }
    None
}

fn number(obj: &Object) -> Option<f64> {
    match *obj {
        Object::Integer(i) => Some(i as f64),
        Object::Real(r) => Some(f64::from(r)),
        _ => None,
    }
}

fn numbers(doc: &Document, obj: &Object) -> Option<Vec<f64>> {
    deref(doc, obj)?
        .as_array()
        .ok()?
        .iter()
        .map(|o| number(deref(doc, o)?))
        .collect()
}

fn contents(stream: &Stream) -> Vec<u8> {
    stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone())
}

/// The colour `sc`/`scn` (or `SC`/`SCN`) sets in `space` from its operands:
/// numbers, and for `scn` maybe a pattern name last. `None` (keep the current
/// colour) when they do not fit the space.
pub(crate) fn set_color(space: &ColorSpace, operands: &[Operand]) -> Option<Vec<f64>> {
    let numeric = match operands.split_last() {
        Some((Operand::Name(_), rest)) => rest,
        _ => operands,
    };
    let color = numeric.iter().map(Operand::number).collect::<Option<Vec<f64>>>()?;
    match space {
        // Patterns paint with tiles or shadings, not a colour.
        ColorSpace::Pattern => Some(Vec::new()),
        _ if color.len() == space.components() => Some(color),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, StringFormat};

    fn gray(space: &ColorSpace, color: &[f64]) -> Option<DeviceColor> {
        space.device_color(color)
    }

    #[test]
    fn device_and_calibrated_spaces() {
        assert_eq!(
            gray(&ColorSpace::DeviceGray, &[0.8]),
            Some(DeviceColor::Gray(0.8))
        );
        assert_eq!(
            gray(&ColorSpace::CalRGB, &[1.0, 0.0, 2.0]),
            Some(DeviceColor::Rgb([1.0, 0.0, 1.0]))
        );
        assert_eq!(
            gray(&ColorSpace::Lab, &[50.0, 10.0, 10.0]),
            Some(DeviceColor::Gray(0.5))
        );
        // Wrong component counts give no colour.
        assert_eq!(gray(&ColorSpace::DeviceRGB, &[0.5]), None);
        assert_eq!(gray(&ColorSpace::DeviceGray, &[]), None);
        assert_eq!(gray(&ColorSpace::Pattern, &[]), None);
        assert_eq!(ColorSpace::DeviceCMYK.initial_color(), [0.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn spaces_from_resources() {
        let mut doc = Document::with_version("1.5");
        let icc = doc.add_object(Stream::new(dictionary! { "N" => 3 }, vec![1, 2, 3]));
        let icc_cmyk = doc.add_object(Stream::new(
            dictionary! { "N" => 4, "Alternate" => "DeviceCMYK" },
            Vec::new(),
        ));
        let tint = doc.add_object(dictionary! {
            "FunctionType" => 2, "Domain" => vec![0.into(), 1.into()],
            "C0" => vec![0.into(), 0.into(), 0.into(), 0.into()],
            "C1" => vec![0.into(), 0.into(), 0.into(), 1.into()], "N" => 1,
        });
        // One input, three outputs, two samples: white to pure red.
        let sampled = doc.add_object(Stream::new(
            dictionary! {
                "FunctionType" => 0, "Domain" => vec![0.into(), 1.into()],
                "Range" => vec![0.into(), 1.into(), 0.into(), 1.into(), 0.into(), 1.into()],
                "Size" => vec![2.into()], "BitsPerSample" => 8,
            },
            vec![255, 255, 255, 255, 0, 0],
        ));
        let resources = dictionary! {
            "ColorSpace" => dictionary! {
                "ICC" => vec!["ICCBased".into(), icc.into()],
                "ICC4" => vec!["ICCBased".into(), icc_cmyk.into()],
                "Spot" => vec!["Separation".into(), "Spot".into(), "DeviceCMYK".into(), tint.into()],
                "Red" => vec!["Separation".into(), "Red".into(), "DeviceRGB".into(), sampled.into()],
                "PS" => vec!["DeviceN".into(), vec!["A".into(), "B".into()].into(), "DeviceGray".into(), tint.into()],
                "None" => vec!["Separation".into(), "None".into(), "DeviceGray".into(), tint.into()],
                "Pal" => vec!["Indexed".into(), "DeviceRGB".into(), 1.into(),
                    Object::String(vec![255, 0, 0, 0, 255, 0], StringFormat::Hexadecimal)],
                "Dangling" => vec!["ICCBased".into(), Object::Reference((99, 0))],
                "Junk" => vec![3.into()],
                "Loop" => Object::Reference((98, 0)),
            }
        };
        doc.objects.insert((98, 0), Object::Reference((98, 0)));
        let space = |name: &str| from_resources(&doc, &resources, name.as_bytes());

        let icc = space("ICC").unwrap();
        assert_eq!(icc.components(), 3);
        assert_eq!(icc.initial_color(), [0.0; 3]);
        assert_eq!(
            icc.device_color(&[0.5; 3]),
            Some(DeviceColor::Rgb([0.5; 3]))
        );
        assert_eq!(space("ICC4").unwrap().initial_color(), [0.0, 0.0, 0.0, 1.0]);

        let spot = space("Spot").unwrap();
        assert_eq!(spot.initial_color(), [1.0]);
        assert_eq!(
            spot.device_color(&[0.3]),
            Some(DeviceColor::Cmyk([0.0, 0.0, 0.0, 0.3]))
        );
        let red = space("Red").unwrap();
        assert_eq!(
            red.device_color(&[0.5]),
            Some(DeviceColor::Rgb([1.0, 0.5, 0.5]))
        );
        // A tint transform of one input cannot take DeviceN's two: a gray.
        assert_eq!(
            space("PS").unwrap().device_color(&[0.25, 0.75]),
            Some(DeviceColor::Gray(0.25))
        );
        assert_eq!(
            space("None").unwrap().device_color(&[1.0]),
            Some(DeviceColor::Gray(1.0))
        );

        let pal = space("Pal").unwrap();
        assert_eq!(
            pal.device_color(&[1.0]),
            Some(DeviceColor::Rgb([0.0, 1.0, 0.0]))
        );
        assert_eq!(
            pal.device_color(&[7.0]),
            Some(DeviceColor::Rgb([0.0, 1.0, 0.0]))
        );

        assert_eq!(space("DeviceRGB"), Some(ColorSpace::DeviceRGB));
        for missing in ["Dangling", "Junk", "Loop", "Undefined"] {
            assert_eq!(space(missing), None, "{missing}");
        }
        assert_eq!(from_resources(&doc, &Dictionary::new(), b"ICC"), None);
    }

    #[test]
    fn operands_of_sc_and_scn() {
        let n = |v: f64| Operand::Real(v as f32);
        let name = Operand::Name(b"P0");
        let rgb = ColorSpace::DeviceRGB;
        assert_eq!(
            set_color(&rgb, &[n(1.0), n(0.5), n(0.0)]),
            Some(vec![1.0, 0.5, 0.0])
        );
        assert_eq!(set_color(&rgb, &[n(1.0)]), None);
        assert_eq!(set_color(&rgb, &[n(1.0), name, n(0.0)]), None);
        assert_eq!(set_color(&ColorSpace::Pattern, &[name]), Some(vec![]));
        assert_eq!(
            set_color(&ColorSpace::DeviceGray, &[n(0.5), name]),
            Some(vec![0.5])
        );
    }
}
