#!/usr/bin/env python3
"""Validate DOCX files: OOXML schema/semantic check, then a python-docx read-back.

Usage: python3 tests/tools/validate_docx.py FILE.docx...

For each file:
  1. openxml-audit (PyPI, pure Python; the validator the DOCX writer is held to): every error is
     printed; any error makes the script exit 1. Warnings are printed but do not fail.
  2. python-docx: the file must open; prints paragraph and table counts, table shapes, the
     paragraph styles used (with counts), the header/footer text and the core properties.

Needs: pip install openxml-audit python-docx
Exit status: 0 if every file has 0 errors and opens in python-docx, 1 otherwise, 2 on usage error.
"""

from __future__ import annotations

import collections
import signal
import sys


def audit(path: str) -> int:
    """Runs openxml-audit on `path`, prints its findings; returns the error count."""
    from openxml_audit import OpenXmlValidator

    # max_errors=0: report every error, as `openxml-audit -m 0` does.
    result = OpenXmlValidator(max_errors=0).validate(path)
    errors = [e for e in result.errors if str(getattr(e, "severity", "error")).lower().endswith("error")]
    others = [e for e in result.errors if e not in errors]
    print(f"  openxml-audit ({result.file_format.value}): {len(errors)} error(s), {result.warning_count} warning(s)")
    for e in errors + others:
        severity = str(getattr(e, "severity", "")).split(".")[-1].lower()
        print(f"    [{severity}] {e.part_uri} {e.path}: {e.description}")
    return len(errors)


def summary(path: str) -> None:
    """Opens `path` with python-docx and prints what a reader of the file would find."""
    import docx

    d = docx.Document(path)
    paragraphs = d.paragraphs
    styles = collections.Counter(p.style.name if p.style is not None else "(none)" for p in paragraphs)
    print(f"  python-docx: {len(paragraphs)} paragraph(s), {len(d.tables)} table(s), {len(d.sections)} section(s)")
    for i, t in enumerate(d.tables):
        print(f"    table {i}: {len(t.rows)} x {len(t.columns)}")
    print("    styles: " + ", ".join(f"{name} x{n}" for name, n in styles.most_common()))
    for s in d.sections:
        header = " | ".join(p.text for p in s.header.paragraphs if p.text)
        footer = " | ".join(p.text for p in s.footer.paragraphs if p.text)
        print(f"    header: {header!r}  footer: {footer!r}  first page distinct: {s.different_first_page_header_footer}")
    c = d.core_properties
    print(f"    core: title={c.title!r} author={c.author!r} language={c.language!r} created={c.created}")


def main(argv: list[str]) -> int:
    if not argv or any(a in ("-h", "--help") for a in argv):
        print(__doc__.strip())
        return 2
    failed = 0
    for path in argv:
        print(path)
        try:
            if audit(path):
                failed += 1
            summary(path)
        except Exception as e:  # an unreadable file is a failure, not a crash of the tool
            print(f"  FAILED to read: {type(e).__name__}: {e}")
            failed += 1
    print(f"{len(argv) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if hasattr(signal, "SIGPIPE"):  # `validate_docx.py … | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main(sys.argv[1:]))
