//! Charts as native Word charts (`word/charts/chartN.xml`, DrawingML): a line chart by year,
//! one series per line of the document model's chart, its values cached in the part, so that
//! Word and LibreOffice draw it with no embedded workbook. The PDF's chart is drawn by the
//! Typst style from the same model.

use std::fmt::Write as _;

use super::xml::escaped;
use crate::doc::{Block, Chart, Document};

pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
pub const RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
const NS_C: &str = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";

/// Colours of the series, in order (the PDF style uses the same).
const COLOURS: &[&str] = &["1F4E79", "C55A11", "548235", "7F6000"];

/// The charts of `doc`, in order.
pub fn charts(doc: &Document) -> Vec<&Chart> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// The part name of chart `n` (from 1), under `word/`.
pub fn file(n: usize) -> String {
    format!("charts/chart{n}.xml")
}

/// The relationships of the body to its charts.
pub fn relationships(count: usize) -> String {
    (1..=count)
        .map(|n| {
            format!(
                "<Relationship Id=\"rIdChart{n}\" Type=\"{RELATIONSHIP}\" Target=\"{}\"/>",
                file(n)
            )
        })
        .collect()
}

/// The inline drawing that shows chart `n` (from 1), `cx` × `cy` EMU.
pub fn drawing(o: &mut String, n: usize, title: &str, cx: u64, cy: u64) {
    let _ = write!(
        o,
        "<w:r><w:drawing><wp:inline xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{}\" name=\"Graphique {n}\" descr=\"{}\"/>\
         <a:graphic xmlns:a=\"{NS_A}\"><a:graphicData uri=\"{NS_C}\"><c:chart xmlns:c=\"{NS_C}\" r:id=\"rIdChart{n}\"/></a:graphicData></a:graphic>\
         </wp:inline></w:drawing></w:r>",
        1000 + n,
        escaped(title)
    );
}

/// The chart part of `c`.
pub fn part(c: &Chart) -> String {
    let mut o = String::with_capacity(4096);
    o.push_str(super::xml::DECL);
    let _ = write!(
        o,
        "<c:chartSpace xmlns:c=\"{NS_C}\" xmlns:a=\"{NS_A}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <c:roundedCorners val=\"0\"/><c:chart>"
    );
    // The title, small and bold, as in the PDF.
    let _ = write!(
        o,
        "<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz=\"900\" b=\"1\"/></a:pPr><a:r><a:rPr lang=\"fr-FR\" sz=\"900\" b=\"1\"/><a:t>{}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>",
        escaped(&c.title)
    );
    o.push_str("<c:autoTitleDeleted val=\"0\"/><c:plotArea><c:layout/><c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>");
    let years = c.years.len();
    for (i, s) in c.series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let col = (b'B' + (i as u8 % 24)) as char;
        let _ = write!(
            o,
            "<c:ser><c:idx val=\"{i}\"/><c:order val=\"{i}\"/><c:tx><c:strRef><c:f>Feuil1!${col}$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>{}</c:v></c:pt></c:strCache></c:strRef></c:tx>",
            escaped(&s.name)
        );
        if s.style == "points" {
            let _ = write!(
                o,
                "<c:spPr><a:ln w=\"19050\"><a:noFill/></a:ln></c:spPr>\
                 <c:marker><c:symbol val=\"circle\"/><c:size val=\"7\"/><c:spPr><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill></a:ln></c:spPr></c:marker>"
            );
        } else {
            let _ = write!(
                o,
                "<c:spPr><a:ln w=\"19050\"><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill></a:ln></c:spPr>\
                 <c:marker><c:symbol val=\"circle\"/><c:size val=\"4\"/><c:spPr><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill></a:ln></c:spPr></c:marker>"
            );
        }
        let _ = write!(
            o,
            "<c:cat><c:strRef><c:f>Feuil1!$A$2:$A${}</c:f><c:strCache><c:ptCount val=\"{years}\"/>",
            years + 1
        );
        for (k, y) in c.years.iter().enumerate() {
            let _ = write!(o, "<c:pt idx=\"{k}\"><c:v>{y}</c:v></c:pt>");
        }
        let _ = write!(
            o,
            "</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Feuil1!${col}$2:${col}${}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"{years}\"/>",
            years + 1
        );
        for (k, v) in s.values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(o, "<c:pt idx=\"{k}\"><c:v>{v}</c:v></c:pt>");
            }
        }
        o.push_str("</c:numCache></c:numRef></c:val><c:smooth val=\"0\"/></c:ser>");
    }
    o.push_str("<c:marker val=\"1\"/><c:axId val=\"1\"/><c:axId val=\"2\"/></c:lineChart>");
    let text = "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"800\"/></a:pPr><a:endParaRPr lang=\"fr-FR\"/></a:p></c:txPr>";
    let _ = write!(
        o,
        "<c:catAx><c:axId val=\"1\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>{text}<c:crossAx val=\"2\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>"
    );
    let unit = if c.unit.is_empty() {
        "General".to_string()
    } else {
        format!("0\" {}\"", c.unit.replace('"', ""))
    };
    let _ = write!(
        o,
        "<c:valAx><c:axId val=\"2\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"l\"/><c:majorGridlines><c:spPr><a:ln w=\"3175\"><a:solidFill><a:srgbClr val=\"D9D9D9\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines><c:numFmt formatCode=\"{}\" sourceLinked=\"0\"/><c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>{text}<c:crossAx val=\"1\"/><c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/></c:valAx>",
        escaped(&unit)
    );
    o.push_str("</c:plotArea><c:legend><c:legendPos val=\"t\"/><c:overlay val=\"0\"/>");
    o.push_str(text);
    o.push_str("</c:legend><c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"span\"/></c:chart></c:chartSpace>");
    o
}
