//! Images (an agency logo): media parts, their relationships and the inline drawing markup.
//!
//! Every part that may show an image (the body, each header and footer) relates to every image,
//! as `rIdImgN`; the drawing is a DrawingML inline picture, sized from the image's own pixel size
//! so that it keeps its proportions at the height the style gives (1 cm, as in the PDF).

use std::cell::RefCell;
use std::fmt::Write as _;

use super::xml::escaped;

/// Height of an image in the running header, in EMU (1 cm = 360 000 EMU), as in the PDF style.
const HEIGHT_EMU: u64 = 360_000;

/// One image of the package.
#[derive(Debug, Clone)]
pub struct Media {
    pub src: String,
    /// `media/imageN.png` under `word/`.
    pub file: String,
    pub bytes: Vec<u8>,
    pub cx: u64,
    pub cy: u64,
}

thread_local! {
    /// The images of the document being written, and the next drawing id (ids must be unique in
    /// the package; set from `render`, so the same document always gives the same ids).
    static CURRENT: RefCell<(Vec<Media>, u32)> = const { RefCell::new((Vec::new(), 1)) };
}

/// Pixel size of a PNG (from its IHDR chunk).
fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.len() < 24 || &b[..8] != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    Some((
        u32::from_be_bytes(b[16..20].try_into().ok()?),
        u32::from_be_bytes(b[20..24].try_into().ok()?),
    ))
}

/// An SVG drawn as a PNG 300 pixels tall: Word needs a raster image (the PDF keeps the vector).
fn svg_to_png(svg: &[u8]) -> Option<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_data(svg, &usvg::Options::default()).ok()?;
    let size = tree.size();
    let scale = 300.0 / size.height();
    let (w, h) = ((size.width() * scale).ceil() as u32, 300);
    let mut pixmap = tiny_skia::Pixmap::new(w.clamp(1, 4000), h)?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().ok()
}

/// Collects the images of `images` as PNG (SVG rasterised; others are shown by their alt text)
/// and makes them current.
pub fn prepare(images: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<Media> {
    let mut out = Vec::new();
    for (src, bytes) in images {
        let bytes = if src.to_ascii_lowercase().ends_with(".svg") {
            match svg_to_png(bytes) {
                Some(png) => png,
                None => continue,
            }
        } else {
            bytes.clone()
        };
        let bytes = &bytes;
        if let Some((w, h)) = png_size(bytes).filter(|(w, h)| *w > 0 && *h > 0) {
            let n = out.len() + 1;
            let cy = HEIGHT_EMU;
            let cx = cy * w as u64 / h as u64;
            out.push(Media {
                src: src.clone(),
                file: format!("media/image{n}.png"),
                bytes: bytes.clone(),
                cx,
                cy,
            });
        }
    }
    CURRENT.with(|c| *c.borrow_mut() = (out.clone(), 1));
    out
}

pub fn clear() {
    CURRENT.with(|c| *c.borrow_mut() = (Vec::new(), 1));
}

/// The relationships of every image, for a part's `.rels`.
pub fn relationships(media: &[Media], prefix: &str) -> String {
    let mut o = String::new();
    for (i, m) in media.iter().enumerate() {
        let _ = write!(
            o,
            "<Relationship Id=\"rIdImg{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"{prefix}{}\"/>",
            i + 1,
            m.file
        );
    }
    o
}

/// The run showing image `src`, or its alt text when it cannot be embedded.
pub fn run(out: &mut String, src: &str, alt: &str) -> bool {
    CURRENT.with(|c| {
        let mut c = c.borrow_mut();
        let Some(index) = c.0.iter().position(|m| m.src == src) else { return false };
        let (cx, cy) = (c.0[index].cx, c.0[index].cy);
        let id = c.1;
        c.1 += 1;
        let alt = escaped(alt);
        let name = escaped(src);
        let _ = write!(
            out,
            "<w:r><w:drawing><wp:inline xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
             <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{id}\" name=\"Image {id}\" descr=\"{alt}\"/>\
             <wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
             <a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
             <pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr id=\"0\" name=\"{name}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
             <pic:blipFill><a:blip r:embed=\"rIdImg{}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
             <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>\
             </pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>",
            index + 1
        );
        true
    })
}
