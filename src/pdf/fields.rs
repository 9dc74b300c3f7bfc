//! Empty signature fields, one per signatory, added to a rendered PDF for electronic signature.
//!
//! Typst writes no form fields, so they are added after it, as an incremental update: the bytes
//! Typst wrote stay as they are, and the update appends the fields (AcroForm `/FT /Sig`
//! widgets), the pages that now list them, the catalogue that now has a form, and the
//! structure tree that now tags them. This keeps the file PDF/A-2b (each widget printable,
//! with an appearance stream, no `NeedAppearances`) and PDF/UA-1 (each widget under a `Form`
//! structure element, with a `/TU` text naming its signatory). A signing platform or pyHanko
//! then signs each field in turn, each signature in its own further update.
//!
//! The update is a function of the file and the places only: the output stays deterministic.

use super::objects::{Dict, File, Object};

/// Where a signatory signs: the space above their name in the signature block.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Place {
    /// Field name, after the signatory's role: `signature-ars`, `signature-titulaire`,
    /// `signature-departement-34`.
    pub champ: String,
    /// The page, from 1.
    pub page: usize,
    /// `[x0, y0, x1, y1]` in PDF points from the page's bottom-left corner.
    pub rectangle: [f64; 4],
    /// Who signs there, as the block prints it.
    pub signataire: String,
    /// The signatory's capacity lines, as the block prints them.
    pub qualite: String,
}

/// `pdf` with one empty signature field per place, in a second revision.
pub fn add(pdf: &[u8], places: &[Place]) -> Result<Vec<u8>, String> {
    if places.is_empty() {
        return Ok(pdf.to_vec());
    }
    let file = File::read(pdf)?;
    let root = file.trailer.reference("Root")?;
    let mut catalog = file.dict(root)?;
    if catalog.get("AcroForm").is_some() {
        return Err("the PDF already has a form".into());
    }
    let pages = page_ids(&file, catalog.reference("Pages")?)?;
    let mut next = file.size()?;
    let mut alloc = || {
        next += 1;
        next - 1
    };

    // The structure tree, when the file is tagged (PDF/UA): each widget gets a Form element
    // under the document element, and its entry in the parent tree.
    let mut tree = match catalog.get("StructTreeRoot") {
        Some(Object::Ref(id)) => Some(Tree::read(&file, *id)?),
        _ => None,
    };

    let mut objects: Vec<(u32, Vec<u8>)> = Vec::new();
    let mut fields = Vec::new();
    let mut annots: std::collections::BTreeMap<usize, Vec<u32>> = Default::default();
    for place in places {
        let page = *pages
            .get(place.page.wrapping_sub(1))
            .ok_or(format!("no page {} for {}", place.page, place.champ))?;
        let (widget, appearance) = (alloc(), alloc());
        let [x0, y0, x1, y1] = place.rectangle;
        let mut w = Dict::default();
        w.set("Type", Object::name("Annot"));
        w.set("Subtype", Object::name("Widget"));
        w.set("FT", Object::name("Sig"));
        w.set("T", Object::text(&place.champ));
        w.set(
            "TU",
            Object::text(&format!(
                "Signature : {}, {}",
                place.signataire, place.qualite
            )),
        );
        w.set(
            "Rect",
            Object::Array([x0, y0, x1, y1].map(Object::real).to_vec()),
        );
        // Print, and nothing that hides it (PDF/A).
        w.set("F", Object::int(4));
        w.set("P", Object::Ref(page));
        let mut ap = Dict::default();
        ap.set("N", Object::Ref(appearance));
        w.set("AP", Object::Dict(ap));
        if let Some(tree) = &mut tree {
            let form = alloc();
            w.set("StructParent", Object::int(tree.next_key));
            tree.add(form);
            let mut objr = Dict::default();
            objr.set("Type", Object::name("OBJR"));
            objr.set("Obj", Object::Ref(widget));
            objr.set("Pg", Object::Ref(page));
            let mut f = Dict::default();
            f.set("Type", Object::name("StructElem"));
            f.set("S", Object::name("Form"));
            f.set("P", Object::Ref(tree.document));
            f.set("Pg", Object::Ref(page));
            f.set("K", Object::Dict(objr));
            objects.push((form, serialize(&Object::Dict(f))));
        }
        objects.push((widget, serialize(&Object::Dict(w))));
        objects.push((appearance, empty_appearance(x1 - x0, y1 - y0)));
        fields.push(Object::Ref(widget));
        annots.entry(place.page - 1).or_default().push(widget);
    }

    for (index, widgets) in &annots {
        let id = pages[*index];
        let mut page = file.dict(id)?;
        let mut list = match page.get("Annots") {
            None => Vec::new(),
            Some(Object::Array(a)) => a.clone(),
            Some(_) => {
                return Err(format!(
                    "page {} lists its annotations indirectly",
                    index + 1
                ));
            }
        };
        list.extend(widgets.iter().map(|w| Object::Ref(*w)));
        page.set("Annots", Object::Array(list));
        // Tab order follows the structure (PDF/UA, already so in Typst's pages).
        page.set("Tabs", Object::name("S"));
        objects.push((id, serialize(&Object::Dict(page))));
    }
    let mut form = Dict::default();
    form.set("Fields", Object::Array(fields));
    catalog.set("AcroForm", Object::Dict(form));
    objects.push((root, serialize(&Object::Dict(catalog))));
    if let Some(tree) = tree {
        objects.extend(tree.write());
    }
    Ok(append(&file, next, objects))
}

/// The page objects in page order.
fn page_ids(file: &File, pages: u32) -> Result<Vec<u32>, String> {
    let node = file.dict(pages)?;
    let Some(Object::Array(kids)) = node.get("Kids") else {
        return Err("the page tree has no /Kids".into());
    };
    let mut out = Vec::new();
    for kid in kids {
        let Object::Ref(id) = kid else {
            return Err("a page is not an indirect object".into());
        };
        match file.dict(*id)?.get("Type") {
            Some(Object::Name(n)) if n == b"Page" => out.push(*id),
            Some(Object::Name(n)) if n == b"Pages" => out.extend(page_ids(file, *id)?),
            _ => return Err(format!("object {id} of the page tree is not a page")),
        }
    }
    Ok(out)
}

/// The structure tree root and its document element, to which the Form elements are added.
struct Tree {
    root_id: u32,
    root: Dict,
    document: u32,
    document_dict: Dict,
    next_key: i64,
}

impl Tree {
    fn read(file: &File, root_id: u32) -> Result<Tree, String> {
        let root = file.dict(root_id)?;
        let document = match root.get("K") {
            Some(Object::Ref(id)) => *id,
            Some(Object::Array(a)) if a.len() == 1 => match a[0] {
                Object::Ref(id) => id,
                _ => return Err("the structure tree root has no document element".into()),
            },
            _ => return Err("the structure tree root has no single document element".into()),
        };
        match root.get("ParentTree") {
            Some(Object::Dict(d)) if matches!(d.get("Nums"), Some(Object::Array(_))) => {}
            _ => return Err("the parent tree is not a flat /Nums array".into()),
        }
        let next_key = root
            .get("ParentTreeNextKey")
            .and_then(Object::as_number)
            .ok_or("the structure tree root has no /ParentTreeNextKey")?;
        Ok(Tree {
            root_id,
            root,
            document,
            document_dict: file.dict(document)?,
            next_key,
        })
    }

    /// Adds the Form element `form` (which tags one widget) under the document element, with
    /// its key in the parent tree.
    fn add(&mut self, form: u32) {
        if let Some(Object::Dict(pt)) = self.root.get_mut("ParentTree")
            && let Some(Object::Array(nums)) = pt.get_mut("Nums")
        {
            nums.push(Object::int(self.next_key));
            nums.push(Object::Ref(form));
        }
        self.next_key += 1;
        let mut kids = match self.document_dict.get("K") {
            Some(Object::Array(a)) => a.clone(),
            Some(other) => vec![other.clone()],
            None => Vec::new(),
        };
        kids.push(Object::Ref(form));
        self.document_dict.set("K", Object::Array(kids));
    }

    fn write(mut self) -> Vec<(u32, Vec<u8>)> {
        self.root
            .set("ParentTreeNextKey", Object::int(self.next_key));
        vec![
            (self.root_id, serialize(&Object::Dict(self.root))),
            (self.document, serialize(&Object::Dict(self.document_dict))),
        ]
    }
}

fn serialize(o: &Object) -> Vec<u8> {
    let mut out = Vec::new();
    o.write(&mut out);
    out
}

/// An empty form XObject of the widget's size: the field prints nothing until it is signed
/// (the signature block around it already says who signs there).
fn empty_appearance(w: f64, h: f64) -> Vec<u8> {
    let mut d = Dict::default();
    d.set("Type", Object::name("XObject"));
    d.set("Subtype", Object::name("Form"));
    d.set(
        "BBox",
        Object::Array(vec![
            Object::int(0),
            Object::int(0),
            Object::real(w),
            Object::real(h),
        ]),
    );
    d.set("Resources", Object::Dict(Dict::default()));
    d.set("Length", Object::int(0));
    let mut out = serialize(&Object::Dict(d));
    out.extend_from_slice(b"\nstream\n\nendstream");
    out
}

/// The original bytes, then the objects, a cross-reference section for them and a trailer
/// pointing back to the original one.
fn append(file: &File, size: u32, mut objects: Vec<(u32, Vec<u8>)>) -> Vec<u8> {
    objects.sort_by_key(|(id, _)| *id);
    let mut out = file.bytes.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets = Vec::new();
    for (id, body) in &objects {
        offsets.push((*id, out.len()));
        out.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n");
    // One subsection per run of consecutive object numbers.
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i + 1;
        while j < offsets.len() && offsets[j].0 == offsets[j - 1].0 + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", offsets[i].0, j - i).as_bytes());
        for (_, offset) in &offsets[i..j] {
            out.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
        }
        i = j;
    }
    let mut trailer = Dict::default();
    trailer.set("Size", Object::int(size as i64));
    for key in ["Root", "Info", "ID"] {
        if let Some(v) = file.trailer.get(key) {
            trailer.set(key, v.clone());
        }
    }
    trailer.set("Prev", Object::int(file.startxref as i64));
    out.extend_from_slice(b"trailer\n");
    out.extend_from_slice(&serialize(&Object::Dict(trailer)));
    out.extend_from_slice(format!("\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    out
}
