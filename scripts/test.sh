#!/usr/bin/env bash
# Runs the whole test suite. The tests read the outputs back with independent programs —
# poppler (pdftotext, pdfinfo, pdffonts), qpdf, LibreOffice, an OOXML schema validator,
# python-docx and pyHanko (which signs the PDFs' signature fields and validates the signatures) — and measure or constrain cpom with GNU time (peak memory) and unshare (a small
# tmpfs as a full disk), so this script installs whichever of them is missing, then runs `cargo test`
# in the release profile (the same build as `cargo run --release`: Typst is compiled once).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
[ -x /usr/bin/time ] || missing+=(time)
command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
[ -e /usr/share/fonts/truetype/liberation2 ] || missing+=(fonts-liberation2)
if [ ${#missing[@]} -gt 0 ]; then
  echo "scripts/test.sh: installing ${missing[*]}" >&2
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! python3 -c "import openxml_audit, docx, pyhanko.sign" >/dev/null 2>&1; then
  echo "scripts/test.sh: installing openxml-audit, python-docx and pyHanko" >&2
  python3 -m pip install -q --disable-pip-version-check openxml-audit python-docx pyHanko
fi

exec cargo test --release "$@"
