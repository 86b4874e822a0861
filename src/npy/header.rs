//! The `.npy` header: magic, version, and the Python dict literal with `descr`,
//! `fortran_order` and `shape`.

use std::io::Read;

use super::dtype::DType;
use super::error::NpyFault;

/// The magic string every `.npy` file starts with.
pub(crate) const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// Alignment of the data section written (what NumPy >= 1.14 writes).
const ALIGN: usize = 64;

/// A parsed header: the element type and the shape (C order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Element type.
    pub dtype: DType,
    /// Axis lengths, outermost first; `[]` is a scalar (one element).
    pub shape: Vec<usize>,
}

impl Header {
    /// Number of elements (the product of the shape; 1 for a scalar).
    pub fn len(&self) -> u64 {
        self.shape.iter().map(|&d| d as u64).product()
    }

    /// Whether the array holds no element.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of the data section.
    pub fn data_bytes(&self) -> u64 {
        self.len() * self.dtype.size() as u64
    }

    /// The whole header block (magic to the final `\n`), version 1.0, padded so that the data
    /// starts at a multiple of 64 bytes.
    pub fn encode(&self) -> Vec<u8> {
        let dict = format!(
            "{{'descr': '{}', 'fortran_order': False, 'shape': {}, }}",
            self.dtype.descr(),
            shape_text(&self.shape)
        );
        let unpadded = MAGIC.len() + 2 + 2 + dict.len() + 1;
        let total = unpadded.div_ceil(ALIGN) * ALIGN;
        let header_len = total - MAGIC.len() - 4;
        let mut out = Vec::with_capacity(total);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[1, 0]);
        out.extend_from_slice(&(header_len as u16).to_le_bytes());
        out.extend_from_slice(dict.as_bytes());
        out.resize(total - 1, b' ');
        out.push(b'\n');
        out
    }

    /// Read the header block from `r` (positioned at the start of the file); returns the
    /// header and its length in bytes (where the data starts).
    pub(crate) fn decode(r: &mut impl Read) -> Result<(Header, u64), NpyFault> {
        let mut pre = [0u8; 8];
        read_exact(r, &mut pre)?;
        if &pre[..6] != MAGIC {
            return Err(NpyFault::BadMagic);
        }
        let (major, minor) = (pre[6], pre[7]);
        let (len, prefix) = match major {
            1 => {
                let mut b = [0u8; 2];
                read_exact(r, &mut b)?;
                (u16::from_le_bytes(b) as usize, 10)
            }
            2 | 3 => {
                let mut b = [0u8; 4];
                read_exact(r, &mut b)?;
                (u32::from_le_bytes(b) as usize, 12)
            }
            _ => return Err(NpyFault::Version(major, minor)),
        };
        if len > 1 << 24 {
            return Err(NpyFault::Header(format!(
                "header length {len} is implausible"
            )));
        }
        let mut dict = vec![0u8; len];
        read_exact(r, &mut dict)?;
        let text = std::str::from_utf8(&dict)
            .map_err(|_| NpyFault::Header("the header is not text".into()))?;
        Ok((parse_dict(text)?, (prefix + len) as u64))
    }
}

/// `(3, 4)`, `(5,)`, `()` as Python writes tuples.
pub(crate) fn shape_text(shape: &[usize]) -> String {
    match shape {
        [] => "()".into(),
        [d] => format!("({d},)"),
        _ => {
            let parts: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
            format!("({})", parts.join(", "))
        }
    }
}

fn read_exact(r: &mut impl Read, buf: &mut [u8]) -> Result<(), NpyFault> {
    r.read_exact(buf).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => {
            NpyFault::Header("the file ends inside the header (truncated)".into())
        }
        _ => NpyFault::Io(e.to_string()),
    })
}

/// One value of the header dict.
enum Value {
    Str(String),
    Bool(bool),
    Tuple(Vec<usize>),
}

/// Parse `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` (keys in any order,
/// single or double quotes, trailing commas and spaces allowed).
fn parse_dict(text: &str) -> Result<Header, NpyFault> {
    let mut p = Parser {
        s: text.trim_end().as_bytes(),
        i: 0,
    };
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    p.expect(b'{')?;
    loop {
        p.skip_ws();
        if p.eat(b'}') {
            break;
        }
        let key = p.string()?;
        p.expect(b':')?;
        match (key.as_str(), p.value()?) {
            ("descr", Value::Str(s)) => descr = Some(s),
            ("fortran_order", Value::Bool(b)) => fortran = Some(b),
            ("shape", Value::Tuple(t)) => shape = Some(t),
            (k @ ("descr" | "fortran_order" | "shape"), _) => {
                return Err(NpyFault::Header(format!(
                    "'{k}' has a value of the wrong kind"
                )))
            }
            (k, _) => return Err(NpyFault::Header(format!("unknown key '{k}'"))),
        }
        p.skip_ws();
        if !p.eat(b',') {
            p.expect(b'}')?;
            break;
        }
    }
    let missing = |k: &str| NpyFault::Header(format!("the key '{k}' is missing"));
    let descr = descr.ok_or_else(|| missing("descr"))?;
    if fortran.ok_or_else(|| missing("fortran_order"))? {
        return Err(NpyFault::FortranOrder);
    }
    let shape = shape.ok_or_else(|| missing("shape"))?;
    let dtype = DType::from_descr(&descr).ok_or(NpyFault::UnsupportedDtype(descr))?;
    Ok(Header { dtype, shape })
}

/// A cursor over the header dict text.
struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.skip_ws();
        let hit = self.s.get(self.i) == Some(&c);
        self.i += hit as usize;
        hit
    }

    fn expect(&mut self, c: u8) -> Result<(), NpyFault> {
        if self.eat(c) {
            return Ok(());
        }
        Err(NpyFault::Header(format!(
            "expected '{}' at character {}",
            c as char, self.i
        )))
    }

    fn string(&mut self) -> Result<String, NpyFault> {
        self.skip_ws();
        let q = match self.s.get(self.i) {
            Some(&q @ (b'\'' | b'"')) => q,
            _ => {
                return Err(NpyFault::Header(format!(
                    "expected a quoted key or value at character {}",
                    self.i
                )))
            }
        };
        let start = self.i + 1;
        let end = self.s[start..]
            .iter()
            .position(|&c| c == q)
            .ok_or_else(|| NpyFault::Header("unterminated string".into()))?;
        self.i = start + end + 1;
        Ok(String::from_utf8_lossy(&self.s[start..start + end]).into_owned())
    }

    fn value(&mut self) -> Result<Value, NpyFault> {
        self.skip_ws();
        let rest = &self.s[self.i..];
        if rest.starts_with(b"True") || rest.starts_with(b"False") {
            let b = rest.starts_with(b"True");
            self.i += if b { 4 } else { 5 };
            return Ok(Value::Bool(b));
        }
        match rest.first() {
            Some(b'(') => self.tuple().map(Value::Tuple),
            Some(b'\'' | b'"') => self.string().map(Value::Str),
            _ => Err(NpyFault::Header(format!(
                "unexpected value at character {}",
                self.i
            ))),
        }
    }

    fn tuple(&mut self) -> Result<Vec<usize>, NpyFault> {
        self.expect(b'(')?;
        let mut dims = Vec::new();
        loop {
            if self.eat(b')') {
                return Ok(dims);
            }
            let start = self.i;
            while self.s.get(self.i).is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
            }
            // Python 2 pickles wrote long integers as `3L`.
            let digits = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
            let d = digits.parse::<usize>().map_err(|_| {
                NpyFault::Header(format!(
                    "shape: expected a non-negative integer at character {start}"
                ))
            })?;
            self.i += (self.s.get(self.i) == Some(&b'L')) as usize;
            dims.push(d);
            if !self.eat(b',') {
                self.expect(b')')?;
                return Ok(dims);
            }
        }
    }
}
