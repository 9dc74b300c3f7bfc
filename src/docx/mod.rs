//! IR → DOCX (WordprocessingML).

/// Temporary stub until the writer lands.
pub fn render(_doc: &crate::doc::Document) -> Vec<u8> {
    Vec::new()
}
