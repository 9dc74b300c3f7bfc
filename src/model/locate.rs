//! Where each field of a YAML file is: a map from field path (`titulaire.sites[1].nom`) to its
//! line and column, so that validation errors found after deserialisation still name the line.
//!
//! serde_yaml gives a location only for the errors it finds itself; this second, event-level
//! pass (yaml-rust2, which does not expand aliases) covers the errors found by validation.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// 1-based (line, column) of every key and sequence item, by field path.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    map: HashMap<String, (usize, usize)>,
    /// Keys given twice in one mapping: (path, line, column of the second occurrence).
    pub duplicates: Vec<(String, usize, usize)>,
    /// Values beyond what any contract needs (a text or a list far too long), with their place:
    /// refused before rendering, so hostile data cannot make a render run for hours.
    pub oversized: Vec<(String, usize, usize, String)>,
}

/// The longest text accepted in one field (a long objective or clause is a few thousand).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The longest list accepted (indicators, financing lines, sites…).
pub const MAX_LIST_ITEMS: usize = 5_000;

impl Locations {
    pub fn of(source: &str) -> Locations {
        let mut recv = Receiver::default();
        let mut parser = Parser::new_from_str(source);
        // A syntax error was already reported by serde_yaml; keep what was located so far.
        let _ = parser.load(&mut recv, false);
        Locations {
            map: recv.map,
            duplicates: recv.duplicates,
            oversized: recv.oversized,
        }
    }

    /// Locations given directly, e.g. spreadsheet cells (row, column) by field path.
    pub fn from_map(map: HashMap<String, (usize, usize)>) -> Locations {
        Locations {
            map,
            duplicates: Vec::new(),
            oversized: Vec::new(),
        }
    }

    /// The position of exactly `path`.
    pub fn find_exact(&self, path: &str) -> Option<(usize, usize)> {
        self.map.get(path).copied()
    }

    /// The position of `path`, or of its nearest located ancestor.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(pos) = self.map.get(p) {
                return Some(*pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
            if p.is_empty() {
                return None;
            }
        }
    }
}

enum Frame {
    /// In a mapping; `key` is the pending key once read, None while waiting for a key.
    Map {
        path: String,
        key: Option<String>,
        seen: Vec<String>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

#[derive(Default)]
struct Receiver {
    stack: Vec<Frame>,
    map: HashMap<String, (usize, usize)>,
    duplicates: Vec<(String, usize, usize)>,
    oversized: Vec<(String, usize, usize, String)>,
}

impl Receiver {
    /// The path of the value about to start, and records its position.
    fn value_path(&mut self, mark: Marker) -> Option<String> {
        let pos = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Map { path, key, .. }) => {
                let k = key.take()?;
                let full = if path.is_empty() {
                    k
                } else {
                    format!("{path}.{k}")
                };
                Some(full)
            }
            Some(Frame::Seq { path, index }) => {
                let full = format!("{path}[{index}]");
                *index += 1;
                self.map.entry(full.clone()).or_insert(pos);
                Some(full)
            }
        }
    }

    /// A scalar in key position: remember it as the pending key and locate it.
    fn take_key(&mut self, key: &str, mark: Marker) -> bool {
        if let Some(Frame::Map {
            path,
            key: pending,
            seen,
        }) = self.stack.last_mut()
            && pending.is_none()
        {
            let full = if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            };
            if seen.iter().any(|k| k == key) {
                self.duplicates
                    .push((full.clone(), mark.line(), mark.col() + 1));
            } else {
                seen.push(key.to_string());
            }
            self.map
                .entry(full)
                .or_insert((mark.line(), mark.col() + 1));
            *pending = Some(key.to_string());
            return true;
        }
        false
    }
}

impl MarkedEventReceiver for Receiver {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) if !self.take_key(&value, mark) => {
                let path = self.value_path(mark);
                let chars = value.chars().count();
                if chars > MAX_TEXT_CHARS {
                    self.oversized.push((
                        path.unwrap_or_default(),
                        mark.line(),
                        mark.col() + 1,
                        format!("a text of {chars} characters; the limit is {MAX_TEXT_CHARS}"),
                    ));
                }
            }
            Event::Alias(_) => {
                let _ = self.value_path(mark);
            }
            Event::MappingStart(..) => {
                let path = self.value_path(mark).unwrap_or_default();
                self.stack.push(Frame::Map {
                    path,
                    key: None,
                    seen: Vec::new(),
                });
            }
            Event::SequenceStart(..) => {
                let path = self.value_path(mark).unwrap_or_default();
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Seq { path, index }) = self.stack.pop()
                    && index > MAX_LIST_ITEMS
                {
                    let (l, c) = self
                        .map
                        .get(&format!("{path}[0]"))
                        .copied()
                        .unwrap_or((mark.line(), 1));
                    self.oversized.push((
                        path,
                        l,
                        c,
                        format!("a list of {index} items; the limit is {MAX_LIST_ITEMS}"),
                    ));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_keys_and_items() {
        let src = "a:\n  b: 1\n  c:\n    - x: 2\n    - x: 3\nd: [1, 2]\n";
        let l = Locations::of(src);
        assert_eq!(l.find("a"), Some((1, 1)));
        assert_eq!(l.find("a.b"), Some((2, 3)));
        // yaml-rust2 may place the first key of an item one column right of it; the line is exact.
        assert_eq!(l.find("a.c[1].x").map(|p| p.0), Some(5));
        assert_eq!(l.find("a.c[1]").map(|p| p.0), Some(5));
        assert_eq!(l.find("d"), Some((6, 1)));
        // unknown leaf: nearest ancestor
        assert_eq!(l.find("a.c[0].y").map(|p| p.0), Some(4));
        assert!(l.duplicates.is_empty());
    }

    #[test]
    fn finds_duplicate_keys() {
        let l = Locations::of("a: 1\nb:\n  c: 1\n  c: 2\n");
        assert_eq!(l.duplicates, vec![("b.c".to_string(), 4, 3)]);
    }
}
