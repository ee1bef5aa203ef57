"""Compile locale/*/LC_MESSAGES/*.po into .mo with polib: no system gettext needed.

Usage: python scripts/compile_messages.py [--check]
--check exits 1 when a committed .mo is missing or differs from its .po (CI and tests).
"""

import sys
import tempfile
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compiled_bytes(po_path: Path) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "out.mo"
        polib.pofile(str(po_path)).save_as_mofile(str(target))
        return target.read_bytes()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        data = compiled_bytes(po_path)
        if mo_path.exists() and mo_path.read_bytes() == data:
            continue
        if check:
            stale.append(mo_path)
        else:
            mo_path.write_bytes(data)
            print(f"compiled {mo_path.relative_to(LOCALE_DIR.parent)}")
    for path in stale:
        print(f"out of date: {path} (run `make messages`)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
