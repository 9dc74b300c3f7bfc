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
    /// Values beyond what any contract needs (a text or a list far too long, aliases expanding
    /// far beyond the file), with their place: refused before anything expands them, so hostile
    /// data cannot make a render run for hours or exhaust memory.
    pub oversized: Vec<(String, usize, usize, String)>,
    /// The scalars of the top-level mapping (`secteur`, `reference`…), read from the events: no
    /// alias is expanded, and an unparseable file cannot be mistaken for another kind.
    pub top_scalars: HashMap<String, String>,
    /// The keys of the top-level mapping, in order.
    pub top_keys: Vec<String>,
}

/// The longest text accepted in one field (a long objective or clause is a few thousand).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The longest list accepted (indicators, financing lines, sites…).
pub const MAX_LIST_ITEMS: usize = 5_000;
/// Most alias uses in one file (each counted as often as it is expanded): a real contract uses
/// a handful, to repeat a signatory or an address.
pub const MAX_ALIAS_EXPANSIONS: usize = 1_000;
/// What aliases may add to a file, in bytes of expanded text: the file's own size, or this
/// floor for small files. So a file costs memory and time in proportion to its size.
pub const MIN_ALIAS_GROWTH_BYTES: usize = 256 * 1024;

impl Locations {
    pub fn of(source: &str) -> Locations {
        let mut recv = Receiver {
            growth_budget: source.len().max(MIN_ALIAS_GROWTH_BYTES),
            ..Receiver::default()
        };
        let mut parser = Parser::new_from_str(source);
        // A syntax error is reported by serde_yaml; keep what was located so far.
        let _ = parser.load(&mut recv, false);
        Locations {
            map: recv.map,
            duplicates: recv.duplicates,
            oversized: recv.oversized,
            top_scalars: recv.top_scalars,
            top_keys: recv.top_keys,
        }
    }

    /// Locations given directly, e.g. spreadsheet cells (row, column) by field path.
    pub fn from_map(map: HashMap<String, (usize, usize)>) -> Locations {
        Locations {
            map,
            ..Locations::default()
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
    top_scalars: HashMap<String, String>,
    top_keys: Vec<String>,
    /// Per open node: (anchor id, expanded size so far, alias expansions inside).
    nodes: Vec<(usize, usize, usize)>,
    /// Per anchor id: the expanded size of its node and the alias expansions inside it.
    anchors: HashMap<usize, (usize, usize)>,
    /// What aliases added so far, and how many expansions.
    growth: usize,
    expansions: usize,
    growth_budget: usize,
    over_budget: bool,
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

impl Receiver {
    /// A finished node of `size` (with `inner` alias expansions): recorded under its anchor and
    /// added to the node that contains it.
    fn close_node(&mut self, anchor: usize, size: usize, inner: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, (size, inner));
        }
        if let Some(parent) = self.nodes.last_mut() {
            parent.1 = parent.1.saturating_add(size);
            parent.2 = parent.2.saturating_add(inner);
        }
    }

    /// An alias: counts what its expansion costs, and refuses the file past the budgets.
    fn alias(&mut self, id: usize, path: String, mark: Marker) {
        let (size, inner) = self.anchors.get(&id).copied().unwrap_or((1, 0));
        self.growth = self.growth.saturating_add(size);
        self.expansions = self.expansions.saturating_add(1 + inner);
        self.close_node(0, size, 1 + inner);
        if self.over_budget {
            return;
        }
        let what = if self.expansions > MAX_ALIAS_EXPANSIONS {
            format!(
                "aliases (*…) expanded {} times in this file; the limit is {MAX_ALIAS_EXPANSIONS}",
                self.expansions
            )
        } else if self.growth > self.growth_budget {
            format!(
                "aliases (*…) expand this file by more than {} bytes; the limit is the size of the file ({} bytes) or {MIN_ALIAS_GROWTH_BYTES}",
                self.growth_budget, self.growth_budget
            )
        } else {
            return;
        };
        self.over_budget = true;
        self.oversized
            .push((path, mark.line(), mark.col() + 1, what));
    }
}

impl MarkedEventReceiver for Receiver {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if let Event::Scalar(value, ..) = &ev
            && self.stack.len() == 1
            && matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
        {
            self.top_keys.push(value.clone());
        }
        match ev {
            Event::Scalar(value, _, anchor, _) if !self.take_key(&value, mark) => {
                self.close_node(anchor, value.len() + 1, 0);
                let path = self.value_path(mark);
                if self.stack.len() == 1
                    && let Some(p) = &path
                {
                    self.top_scalars.insert(p.clone(), value.clone());
                }
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
            Event::Scalar(value, _, anchor, _) => self.close_node(anchor, value.len() + 1, 0),
            Event::Alias(id) => {
                let path = self.value_path(mark).unwrap_or_default();
                self.alias(id, path, mark);
            }
            Event::MappingStart(anchor, _) => {
                self.nodes.push((anchor, 1, 0));
                let path = self.value_path(mark).unwrap_or_default();
                self.stack.push(Frame::Map {
                    path,
                    key: None,
                    seen: Vec::new(),
                });
            }
            Event::SequenceStart(anchor, _) => {
                self.nodes.push((anchor, 1, 0));
                let path = self.value_path(mark).unwrap_or_default();
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, size, inner)) = self.nodes.pop() {
                    self.close_node(anchor, size, inner);
                }
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
    fn counts_aliases_as_expanded() {
        // Each level multiplies by ten: 10^4 expansions from five short lines.
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")] {
            src.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 10].join(", ")
            ));
        }
        let l = Locations::of(&src);
        assert_eq!(l.oversized.len(), 1, "{:?}", l.oversized);
        assert!(l.oversized[0].3.contains("expanded"), "{:?}", l.oversized);
        // A few aliases of a signatory are fine.
        let l = Locations::of("p: &p {nom: X}\nq: *p\nr: *p\nsecteur: medico_social\n");
        assert!(l.oversized.is_empty());
        assert_eq!(l.top_scalars["secteur"], "medico_social");
        assert_eq!(l.top_keys, vec!["p", "q", "r", "secteur"]);
    }

    #[test]
    fn finds_duplicate_keys() {
        let l = Locations::of("a: 1\nb:\n  c: 1\n  c: 2\n");
        assert_eq!(l.duplicates, vec![("b.c".to_string(), 4, 3)]);
    }
}
