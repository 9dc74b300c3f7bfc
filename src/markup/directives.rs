//! The line pre-pass: splits markup into CommonMark segments and `:::` directives, numbers
//! articles (`{n}`), and turns `{page}` / `{pages}` into sentinels for the page fields.

use super::blocks;
use crate::diagnostic::Diagnostic;
use crate::doc::{Block, Document, Inline, Metadata, ParagraphStyle, Running, Signatory};
use crate::fr;
use crate::templates::escape::{PAGE_SENTINEL, PAGES_SENTINEL, unescape};

const CONTAINERS: &[&str] = &[
    "metadata",
    "header",
    "footer",
    "title",
    "subtitle",
    "center",
    "right",
    "signatures",
    "graphique",
];
const LEAVES: &[&str] = &["pagebreak"];

struct Open {
    name: String,
    line: usize,
    text: String,
}

pub fn parse(origin: &str, markup: &str) -> Result<Document, Diagnostic> {
    let err =
        |line: usize, msg: String| Diagnostic::error(origin, format!("markup: {msg}")).at(line, 1);
    let mut doc = Document {
        metadata: Metadata {
            language: "fr-FR".into(),
            ..Metadata::default()
        },
        header: Running::default(),
        footer: Running::default(),
        blocks: Vec::new(),
        images: Default::default(),
        layout: *crate::doc::layout::Layout::builtin(),
    };
    let mut markdown = String::new();
    let mut open: Option<Open> = None;
    let mut article = 0u32;

    for (i, raw) in markup.lines().enumerate() {
        let line_no = i + 1;
        let mut line = raw.to_string();
        if line.trim_start().starts_with("## ") && find_unescaped(&line, "{n}").is_some() {
            article += 1;
            line = replace_unescaped(&line, "{n}", &fr::ordinal_article(article));
        }
        line = replace_unescaped(&line, "{pages}", &PAGES_SENTINEL.to_string());
        line = replace_unescaped(&line, "{page}", &PAGE_SENTINEL.to_string());

        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix(":::") {
            let name = rest.trim();
            if name.is_empty() {
                let Some(o) = open.take() else {
                    return Err(err(line_no, "`:::` closes nothing".into()));
                };
                close(origin, &mut doc, o)?;
                continue;
            }
            if open.is_some() {
                return Err(err(
                    line_no,
                    format!("`::: {name}` inside another directive (directives do not nest)"),
                ));
            }
            if LEAVES.contains(&name) {
                flush(&mut markdown, &mut doc.blocks);
                doc.blocks.push(Block::PageBreak);
            } else if CONTAINERS.contains(&name) {
                flush(&mut markdown, &mut doc.blocks);
                open = Some(Open {
                    name: name.to_string(),
                    line: line_no,
                    text: String::new(),
                });
            } else {
                return Err(err(
                    line_no,
                    format!(
                        "unknown directive `::: {name}` (known: {}, {})",
                        CONTAINERS.join(", "),
                        LEAVES.join(", ")
                    ),
                ));
            }
            continue;
        }
        let target = match &mut open {
            Some(o) => &mut o.text,
            None => &mut markdown,
        };
        target.push_str(&line);
        target.push('\n');
    }
    if let Some(o) = open {
        return Err(err(o.line, format!("`::: {}` is never closed", o.name)));
    }
    flush(&mut markdown, &mut doc.blocks);

    if body_has_page_field(&doc.blocks) {
        return Err(Diagnostic::error(
            origin,
            "markup: `{page}` and `{pages}` belong in `::: header` or `::: footer`",
        ));
    }
    Ok(doc)
}

fn flush(markdown: &mut String, out: &mut Vec<Block>) {
    if !markdown.trim().is_empty() {
        out.extend(blocks::parse(markdown));
    }
    markdown.clear();
}

fn close(origin: &str, doc: &mut Document, o: Open) -> Result<(), Diagnostic> {
    let err = |msg: String| {
        Diagnostic::error(origin, format!("markup: `::: {}`: {msg}", o.name)).at(o.line, 1)
    };
    match o.name.as_str() {
        "metadata" => metadata(&mut doc.metadata, &o.text).map_err(err),
        "header" | "footer" => {
            let running = running(blocks::parse(&o.text)).map_err(err)?;
            if o.name == "header" {
                doc.header = running
            } else {
                doc.footer = running
            }
            Ok(())
        }
        "graphique" => {
            doc.blocks.push(Block::Chart(chart(&o.text).map_err(err)?));
            Ok(())
        }
        "signatures" => {
            let (text, champs) = signature_fields(&o.text).map_err(err)?;
            doc.blocks
                .push(signatures(blocks::parse(&text), champs).map_err(err)?);
            Ok(())
        }
        style_name => {
            let style = match style_name {
                "title" => ParagraphStyle::Title,
                "subtitle" => ParagraphStyle::Subtitle,
                "center" => ParagraphStyle::Centered,
                _ => ParagraphStyle::Right,
            };
            for mut b in blocks::parse(&o.text) {
                if let Block::Paragraph { style: s, .. } = &mut b {
                    *s = style;
                }
                doc.blocks.push(b);
            }
            Ok(())
        }
    }
}

fn metadata(m: &mut Metadata, text: &str) -> Result<(), String> {
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Some((key, value)) = line.split_once(':') else {
            return Err(format!("expected `key: value`, found `{}`", line.trim()));
        };
        let list = || {
            split_unescaped(value.trim(), ';')
                .iter()
                .map(|s| unescape(s.trim()))
                .filter(|s| !s.is_empty())
                .collect()
        };
        let value = unescape(value.trim());
        match key.trim() {
            "title" => m.title = value,
            "subject" => m.subject = value,
            "authors" => m.authors = list(),
            "keywords" => m.keywords = list(),
            "language" => m.language = value,
            "date" => {
                if chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").is_err() {
                    return Err(format!("date `{value}` is not YYYY-MM-DD"));
                }
                m.date = value
            }
            other => {
                return Err(format!(
                    "unknown key `{other}` (known: title, subject, authors, keywords, language, date)"
                ));
            }
        }
    }
    Ok(())
}

fn running(blocks: Vec<Block>) -> Result<Running, String> {
    let mut parts = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph { content, .. } => parts.push(page_fields(content)),
            _ => {
                return Err(
                    "only paragraphs are allowed (first: left part, second: right part)".into(),
                );
            }
        }
    }
    if parts.len() > 2 {
        return Err(format!(
            "{} paragraphs; at most two (left, right)",
            parts.len()
        ));
    }
    let mut it = parts.into_iter();
    Ok(Running {
        left: it.next().unwrap_or_default(),
        right: it.next().unwrap_or_default(),
    })
}

/// A chart: `titre:`, `unite:`, `annees: 2017; 2018; …`, then one `serie: NAME | line|points |
/// v1; v2; …` per series, a value per year (empty where there is none, decimal comma or point).
fn chart(text: &str) -> Result<crate::doc::Chart, String> {
    let mut c = crate::doc::Chart {
        title: String::new(),
        unit: String::new(),
        years: Vec::new(),
        series: Vec::new(),
    };
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((key, value)) = line.split_once(':') else {
            return Err(format!("`{line}`: expected `key: value`"));
        };
        let value = unescape(value.trim());
        match key.trim() {
            "titre" => c.title = value,
            "unite" => c.unit = value,
            "annees" => {
                c.years = value
                    .split(';')
                    .map(|y| {
                        y.trim()
                            .parse()
                            .map_err(|_| format!("`{}` is not a year", y.trim()))
                    })
                    .collect::<Result<_, _>>()?
            }
            "serie" => {
                let parts: Vec<&str> = value.splitn(3, '|').map(str::trim).collect();
                let [name, style, values] = parts[..] else {
                    return Err("a series is `serie: name | line or points | values`".into());
                };
                if !matches!(style, "line" | "points") {
                    return Err(format!("series style `{style}`: expected line or points"));
                }
                let values = values
                    .split(';')
                    .map(|v| {
                        let v = v.trim();
                        if v.is_empty() {
                            Ok(None)
                        } else {
                            v.replace(',', ".")
                                .parse()
                                .map(Some)
                                .map_err(|_| format!("`{v}` is not a number"))
                        }
                    })
                    .collect::<Result<Vec<Option<f64>>, _>>()?;
                c.series.push(crate::doc::Series {
                    name: name.to_string(),
                    style: style.to_string(),
                    values,
                });
            }
            other => {
                return Err(format!(
                    "unknown key `{other}` (titre, unite, annees, serie)"
                ));
            }
        }
    }
    if c.years.is_empty() {
        return Err("no years (`annees: 2019; 2020; …`)".into());
    }
    for s in &c.series {
        if s.values.len() != c.years.len() {
            return Err(format!(
                "series `{}` has {} values for {} years",
                s.name,
                s.values.len(),
                c.years.len()
            ));
        }
    }
    Ok(c)
}

/// The signature field named at the head of each party (`- {signature-ars} **Pour …**`), one
/// entry per party (None when the template names none), and the text without them.
fn signature_fields(text: &str) -> Result<(String, Vec<Option<String>>), String> {
    let mut out = String::new();
    let mut champs = Vec::new();
    for line in text.lines() {
        let mut line = line;
        if let Some(item) = line.strip_prefix("- ") {
            let mut champ = None;
            if let Some(rest) = item.strip_prefix('{') {
                let Some(end) = rest.find('}') else {
                    return Err("a party's field name `{…}` is not closed".into());
                };
                let name = &rest[..end];
                if name.is_empty()
                    || !name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    return Err(format!(
                        "`{{{name}}}`: a signature field is named with lowercase letters, digits and hyphens (`{{signature-ars}}`)"
                    ));
                }
                if champs.iter().flatten().any(|c: &String| c == name) {
                    return Err(format!("two parties sign in the same field `{{{name}}}`"));
                }
                champ = Some(name.to_string());
                out.push_str("- ");
                line = rest[end + 1..].trim_start();
            }
            champs.push(champ);
        }
        out.push_str(line);
        out.push('\n');
    }
    Ok((out, champs))
}

fn signatures(blocks: Vec<Block>, champs: Vec<Option<String>>) -> Result<Block, String> {
    let mut intro = Vec::new();
    let mut parties = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph { content, .. } if parties.is_empty() => intro.push(content),
            Block::List { items, .. } if parties.is_empty() => {
                for item in items {
                    let mut paras: Vec<Vec<Inline>> = Vec::new();
                    for b in item {
                        match b {
                            Block::Paragraph { content, .. } => paras.push(content),
                            _ => return Err("a party is made of paragraphs only".into()),
                        }
                    }
                    let Some(name) = paras.pop() else {
                        return Err("a party is empty".into());
                    };
                    let lines = paras.into_iter().flat_map(split_lines).collect();
                    let n = parties.len();
                    let champ = champs
                        .get(n)
                        .cloned()
                        .flatten()
                        .unwrap_or_else(|| format!("signature-{}", n + 1));
                    parties.push(Signatory { champ, lines, name });
                }
            }
            _ => return Err("expected paragraphs, then one list of parties".into()),
        }
    }
    if parties.is_empty() {
        return Err("no party: write one list item per signatory".into());
    }
    Ok(Block::Signatures { intro, parties })
}

/// Splits inline content at hard line breaks.
fn split_lines(content: Vec<Inline>) -> Vec<Vec<Inline>> {
    let mut lines = vec![Vec::new()];
    for i in content {
        match i {
            Inline::LineBreak => lines.push(Vec::new()),
            other => lines.last_mut().expect("never empty").push(other),
        }
    }
    lines.retain(|l| !l.is_empty());
    lines
}

/// Turns the page sentinels inside texts into page-field inlines.
fn page_fields(content: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::new();
    for i in content {
        match i {
            Inline::Text(t) => {
                let mut cur = String::new();
                for c in t.chars() {
                    if c == PAGE_SENTINEL || c == PAGES_SENTINEL {
                        if !cur.is_empty() {
                            out.push(Inline::Text(std::mem::take(&mut cur)));
                        }
                        out.push(if c == PAGE_SENTINEL {
                            Inline::PageNumber
                        } else {
                            Inline::PageCount
                        });
                    } else {
                        cur.push(c);
                    }
                }
                if !cur.is_empty() {
                    out.push(Inline::Text(cur));
                }
            }
            Inline::Strong(c) => out.push(Inline::Strong(page_fields(c))),
            Inline::Emph(c) => out.push(Inline::Emph(page_fields(c))),
            other => out.push(other),
        }
    }
    out
}

fn body_has_page_field(blocks: &[Block]) -> bool {
    crate::doc::text::all_text(blocks).contains([PAGE_SENTINEL, PAGES_SENTINEL])
}

/// Byte offset of `pat` in `line` where it is not preceded by an escaping backslash.
fn find_unescaped(line: &str, pat: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(rel) = line[from..].find(pat) {
        let at = from + rel;
        let backslashes = line[..at].chars().rev().take_while(|c| *c == '\\').count();
        if backslashes % 2 == 0 {
            return Some(at);
        }
        from = at + pat.len();
    }
    None
}

fn replace_unescaped(line: &str, pat: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = find_unescaped(rest, pat) {
        out.push_str(&rest[..at]);
        out.push_str(with);
        rest = &rest[at + pat.len()..];
    }
    out.push_str(rest);
    out
}

fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in s.chars() {
        if c == sep && !escaped {
            parts.push(String::new());
            continue;
        }
        escaped = c == '\\' && !escaped;
        parts.last_mut().expect("never empty").push(c);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_articles_and_fields() {
        let md = "::: footer\nParaphes\n\nPage {page} / {pages}\n:::\n## Article {n} – Objet\n\ntexte\n\n## Article {n} – Durée\n";
        let doc = parse("t", md).unwrap();
        assert_eq!(
            doc.footer.right,
            vec![
                Inline::Text("Page ".into()),
                Inline::PageNumber,
                Inline::Text(" / ".into()),
                Inline::PageCount
            ]
        );
        let text = crate::doc::text::body_text(&doc);
        assert!(text.contains("Article 1er – Objet"), "{text}");
        assert!(text.contains("Article 2 – Durée"), "{text}");
    }

    #[test]
    fn escaped_syntax_stays_text() {
        let data = crate::templates::escape::escape("{n} {page} ::: pagebreak # *x*");
        let md = format!("## Article {{n}} – {data}\n\n{data}\n");
        let doc = parse("t", &md).unwrap();
        let text = crate::doc::text::body_text(&doc);
        assert_eq!(
            text,
            "Article 1er – {n} {page} ::: pagebreak # *x*\n{n} {page} ::: pagebreak # *x*\n"
        );
    }

    #[test]
    fn errors_are_located() {
        let e = parse("socle.md", "a\n\n::: nope\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("unknown directive"), "{}", e.message);
        let e = parse("socle.md", "::: title\nx\n").unwrap_err();
        assert!(e.message.contains("never closed"));
        let e = parse("socle.md", "Page {page}\n").unwrap_err();
        assert!(e.message.contains("header"));
    }

    #[test]
    fn signatures_block() {
        let md = "::: signatures\nFait à Paris.\n\n- **Pour l’ARS**  \n  Le directeur général\n\n  Jean DUPONT\n- Pour le titulaire\n\n  Marie MARTIN\n:::\n";
        let doc = parse("t", md).unwrap();
        let Block::Signatures { intro, parties } = &doc.blocks[0] else {
            panic!("{:?}", doc.blocks)
        };
        assert_eq!(intro.len(), 1);
        assert_eq!(parties.len(), 2);
        assert_eq!(parties[0].lines.len(), 2);
        assert_eq!(parties[0].name, vec![Inline::Text("Jean DUPONT".into())]);
    }
}
