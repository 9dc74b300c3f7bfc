//! Just enough of the PDF object syntax to read the objects of a PDF that cpom wrote (through
//! Typst and krilla: a classic cross-reference table, dictionaries written uncompressed) and to
//! write changed copies of some of them in an incremental update (`fields`).
//!
//! It reads what the update changes — the catalogue, the pages, the structure tree root and
//! its document element — and refuses anything else rather than guess: the update is only
//! written when every object it copies was understood.

use std::collections::BTreeMap;

/// A PDF object, as written in the file. Numbers, names and strings keep their bytes, so
/// that a copied object says exactly what the original said.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Null,
    Bool(bool),
    Number(Vec<u8>),
    /// A name without its `/`, as written (with any `#xx` escapes).
    Name(Vec<u8>),
    /// A literal or hexadecimal string with its delimiters.
    String(Vec<u8>),
    Ref(u32),
    Array(Vec<Object>),
    Dict(Dict),
}

/// A dictionary, its keys in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dict(pub Vec<(Vec<u8>, Object)>);

impl Dict {
    pub fn get(&self, key: &str) -> Option<&Object> {
        self.0
            .iter()
            .find(|(k, _)| k == key.as_bytes())
            .map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Object> {
        self.0
            .iter_mut()
            .find(|(k, _)| k == key.as_bytes())
            .map(|(_, v)| v)
    }

    /// Sets `key`, in place when present, at the end otherwise.
    pub fn set(&mut self, key: &str, value: Object) {
        match self.get_mut(key) {
            Some(v) => *v = value,
            None => self.0.push((key.as_bytes().to_vec(), value)),
        }
    }

    pub fn reference(&self, key: &str) -> Result<u32, String> {
        match self.get(key) {
            Some(Object::Ref(id)) => Ok(*id),
            _ => Err(format!("/{key} is not an indirect reference")),
        }
    }
}

impl Object {
    pub fn write(&self, out: &mut Vec<u8>) {
        match self {
            Object::Null => out.extend_from_slice(b"null"),
            Object::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Object::Number(n) => out.extend_from_slice(n),
            Object::Name(n) => {
                out.push(b'/');
                out.extend_from_slice(n);
            }
            Object::String(s) => out.extend_from_slice(s),
            Object::Ref(id) => out.extend_from_slice(format!("{id} 0 R").as_bytes()),
            Object::Array(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b' ');
                    }
                    item.write(out);
                }
                out.push(b']');
            }
            Object::Dict(d) => {
                out.extend_from_slice(b"<<");
                for (k, v) in &d.0 {
                    out.push(b'/');
                    out.extend_from_slice(k);
                    out.push(b' ');
                    v.write(out);
                }
                out.extend_from_slice(b">>");
            }
        }
    }

    pub fn int(n: i64) -> Object {
        Object::Number(n.to_string().into_bytes())
    }

    /// A real number as PDF writes it: at most two decimals, no exponent.
    pub fn real(x: f64) -> Object {
        let s = format!("{x:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        Object::Number(if s == "-0" { "0" } else { s }.as_bytes().to_vec())
    }

    pub fn name(n: &str) -> Object {
        Object::Name(n.as_bytes().to_vec())
    }

    /// A text string: ASCII as a literal string, anything else as UTF-16BE in hexadecimal.
    pub fn text(s: &str) -> Object {
        if s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" -_.,:'".contains(&b))
        {
            Object::String(format!("({s})").into_bytes())
        } else {
            let mut hex = String::from("<FEFF");
            for u in s.encode_utf16() {
                hex.push_str(&format!("{u:04X}"));
            }
            hex.push('>');
            Object::String(hex.into_bytes())
        }
    }

    pub fn as_number(&self) -> Option<i64> {
        match self {
            Object::Number(n) => std::str::from_utf8(n).ok()?.parse().ok(),
            _ => None,
        }
    }
}

/// The file's trailer and where each object starts.
pub struct File<'a> {
    pub bytes: &'a [u8],
    pub trailer: Dict,
    /// Offset of the cross-reference section the trailer belongs to.
    pub startxref: usize,
    offsets: BTreeMap<u32, usize>,
}

impl<'a> File<'a> {
    pub fn read(bytes: &'a [u8]) -> Result<File<'a>, String> {
        let tail = &bytes[bytes.len().saturating_sub(64)..];
        let at = rfind(tail, b"startxref").ok_or("no startxref")?;
        let mut p = Parser::new(&tail[at + 9..]);
        let startxref = p.object()?.as_number().ok_or("startxref is not a number")? as usize;
        let mut p = Parser::at(bytes, startxref);
        if !p.keyword(b"xref") {
            return Err("the cross-reference section is not a classic table".into());
        }
        let mut offsets = BTreeMap::new();
        loop {
            if p.keyword(b"trailer") {
                break;
            }
            let first = p.object()?.as_number().ok_or("bad xref subsection")? as u32;
            let count = p.object()?.as_number().ok_or("bad xref subsection")? as u32;
            p.skip_space();
            for i in 0..count {
                let entry = p.take(20)?;
                if entry[17] == b'n' {
                    let offset = std::str::from_utf8(&entry[..10])
                        .ok()
                        .and_then(|s| s.parse().ok())
                        .ok_or("bad xref entry")?;
                    offsets.insert(first + i, offset);
                }
            }
        }
        let Object::Dict(trailer) = p.object()? else {
            return Err("the trailer is not a dictionary".into());
        };
        if trailer.get("Prev").is_some() {
            return Err("the file already has an incremental update".into());
        }
        Ok(File {
            bytes,
            trailer,
            startxref,
            offsets,
        })
    }

    /// Object `id`, which must not be a stream.
    pub fn object(&self, id: u32) -> Result<Object, String> {
        let offset = *self.offsets.get(&id).ok_or(format!("no object {id}"))?;
        let mut p = Parser::at(self.bytes, offset);
        let header = (p.object()?.as_number(), p.object()?.as_number());
        if header != (Some(id as i64), Some(0)) || !p.keyword(b"obj") {
            return Err(format!("object {id} is not where the table says"));
        }
        let value = p.object()?;
        if !p.keyword(b"endobj") {
            return Err(format!("object {id} is a stream or is not closed"));
        }
        Ok(value)
    }

    pub fn dict(&self, id: u32) -> Result<Dict, String> {
        match self.object(id)? {
            Object::Dict(d) => Ok(d),
            _ => Err(format!("object {id} is not a dictionary")),
        }
    }

    /// The number of objects (`/Size`): the first free object number.
    pub fn size(&self) -> Result<u32, String> {
        self.trailer
            .get("Size")
            .and_then(Object::as_number)
            .map(|n| n as u32)
            .ok_or("the trailer has no /Size".into())
    }
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
}

fn is_delimiter(b: u8) -> bool {
    b"()<>[]{}/%".contains(&b)
}

impl<'a> Parser<'a> {
    fn new(s: &'a [u8]) -> Self {
        Parser { s, pos: 0 }
    }

    fn at(s: &'a [u8], pos: usize) -> Self {
        Parser { s, pos }
    }

    fn skip_space(&mut self) {
        while let Some(&b) = self.s.get(self.pos) {
            if b.is_ascii_whitespace() || b == 0 {
                self.pos += 1;
            } else if b == b'%' {
                while self
                    .s
                    .get(self.pos)
                    .is_some_and(|&b| b != b'\n' && b != b'\r')
                {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let out = self.s.get(self.pos..self.pos + n).ok_or("truncated file")?;
        self.pos += n;
        Ok(out)
    }

    /// Consumes `word` if it comes next.
    fn keyword(&mut self, word: &[u8]) -> bool {
        self.skip_space();
        let end = self.pos + word.len();
        if self.s.get(self.pos..end) == Some(word)
            && self
                .s
                .get(end)
                .is_none_or(|&b| b.is_ascii_whitespace() || is_delimiter(b))
        {
            self.pos = end;
            true
        } else {
            false
        }
    }

    fn regular(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self
            .s
            .get(self.pos)
            .is_some_and(|&b| !b.is_ascii_whitespace() && !is_delimiter(b))
        {
            self.pos += 1;
        }
        &self.s[start..self.pos]
    }

    fn object(&mut self) -> Result<Object, String> {
        self.skip_space();
        let Some(&b) = self.s.get(self.pos) else {
            return Err("truncated file".into());
        };
        match b {
            b'/' => {
                self.pos += 1;
                Ok(Object::Name(self.regular().to_vec()))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.s.get(self.pos) == Some(&b']') {
                        self.pos += 1;
                        return Ok(Object::Array(items));
                    }
                    items.push(self.object()?);
                }
            }
            b'<' if self.s.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let mut entries = Vec::new();
                loop {
                    self.skip_space();
                    if self.s.get(self.pos..self.pos + 2) == Some(b">>") {
                        self.pos += 2;
                        return Ok(Object::Dict(Dict(entries)));
                    }
                    let Object::Name(key) = self.object()? else {
                        return Err("a dictionary key is not a name".into());
                    };
                    entries.push((key, self.object()?));
                }
            }
            b'<' => {
                let start = self.pos;
                let end = self.s[start..]
                    .iter()
                    .position(|&b| b == b'>')
                    .ok_or("unclosed hexadecimal string")?;
                self.pos = start + end + 1;
                Ok(Object::String(self.s[start..self.pos].to_vec()))
            }
            b'(' => {
                let start = self.pos;
                let mut depth = 0usize;
                loop {
                    let &c = self.s.get(self.pos).ok_or("unclosed string")?;
                    self.pos += 1;
                    match c {
                        b'\\' => self.pos += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Ok(Object::String(self.s[start..self.pos].to_vec()))
            }
            _ => {
                let word = self.regular();
                match word {
                    b"null" => Ok(Object::Null),
                    b"true" => Ok(Object::Bool(true)),
                    b"false" => Ok(Object::Bool(false)),
                    b"" => Err(format!("unexpected byte {:?}", b as char)),
                    _ if word.iter().all(|b| b.is_ascii_digit()) => {
                        // `N G R` is a reference.
                        let save = self.pos;
                        self.skip_space();
                        let gen_start = self.pos;
                        let generation = self.regular();
                        if !generation.is_empty() && generation.iter().all(|b| b.is_ascii_digit()) {
                            self.skip_space();
                            if self.s.get(self.pos) == Some(&b'R')
                                && self
                                    .s
                                    .get(self.pos + 1)
                                    .is_none_or(|&b| b.is_ascii_whitespace() || is_delimiter(b))
                            {
                                self.pos += 1;
                                let id = std::str::from_utf8(word)
                                    .ok()
                                    .and_then(|s| s.parse().ok())
                                    .ok_or("object number too large")?;
                                return Ok(Object::Ref(id));
                            }
                        }
                        let _ = gen_start;
                        self.pos = save;
                        Ok(Object::Number(word.to_vec()))
                    }
                    _ if word
                        .iter()
                        .all(|b| b.is_ascii_digit() || b"+-.".contains(b)) =>
                    {
                        Ok(Object::Number(word.to_vec()))
                    }
                    _ => Err(format!("unknown token {}", String::from_utf8_lossy(word))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_back_a_dictionary() {
        let src = b"<</Type/Page/Kids[1 0 R 2 0 R]/Title(a (b) \\) c)/H<FEFF00E9>/N -1.5/B true>>";
        let o = Parser::new(src).object().unwrap();
        let Object::Dict(d) = &o else { panic!() };
        assert_eq!(
            d.get("Kids"),
            Some(&Object::Array(vec![Object::Ref(1), Object::Ref(2)]))
        );
        let mut out = Vec::new();
        o.write(&mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<</Type /Page/Kids [1 0 R 2 0 R]/Title (a (b) \\) c)/H <FEFF00E9>/N -1.5/B true>>"
        );
    }

    #[test]
    fn writes_numbers_and_texts_as_pdf_does() {
        let w = |o: Object| {
            let mut v = Vec::new();
            o.write(&mut v);
            String::from_utf8(v).unwrap()
        };
        assert_eq!(w(Object::real(12.0)), "12");
        assert_eq!(w(Object::real(12.345)), "12.35");
        assert_eq!(w(Object::real(-0.001)), "0");
        assert_eq!(w(Object::text("signature-ars")), "(signature-ars)");
        assert_eq!(w(Object::text("é")), "<FEFF00E9>");
    }
}
