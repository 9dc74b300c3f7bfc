//! The OPC package: a ZIP of the parts.

use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// Zips `parts` (name, content), in the order given, into a DOCX.
///
/// Every entry is Deflated at level 6 (a contract's XML shrinks about 8×) and carries the same
/// options. The level is explicit because other crates in the build may enable `zip`'s
/// `deflate-zopfli` through feature unification (calamine does): levels 10 and up then select
/// Zopfli (slow), 1–9 always select flate2.
///
/// - last-modified time 1980-01-01 00:00:00, set explicitly. ZIP entries carry a date and
///   the `zip` crate stamps the wall clock when its `time` feature is on — which any other crate
///   in the build can switch on through feature unification. Setting it here keeps the same
///   document → the same bytes whatever the build.
/// - Unix "made by" system and mode 0644, rather than the host's, so that a DOCX built on Windows
///   and one built on Linux are the same bytes too.
///
/// Writing to memory cannot fail short of a bug (names are constants, sizes are far below the
/// ZIP64 limit), hence the `expect`.
pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::DEFAULT)
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut w = ZipWriter::new(Cursor::new(Vec::with_capacity(32 * 1024)));
    for (name, content) in parts {
        w.start_file(*name, opts).expect("docx: zip entry");
        w.write_all(content).expect("docx: zip write");
    }
    w.finish().expect("docx: zip finish").into_inner()
}
