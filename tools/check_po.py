"""Check the French translations of the given addon folders: i18n/fr.po exists, parses, and has no empty or fuzzy
translation. (That fr.po covers every message of the code is checked by the umbrella's test_translations.)"""

import sys
from pathlib import Path

import polib


def main(folders):
    errors = 0
    for folder in folders:
        po_path = Path(folder) / "i18n" / "fr.po"
        if not po_path.exists():
            print(f"{po_path}: missing")
            errors += 1
            continue
        po = polib.pofile(str(po_path))
        for entry in po:
            if entry.obsolete:
                continue
            if not entry.msgstr or "fuzzy" in entry.flags:
                print(f"{po_path}:{entry.linenum}: not translated: {entry.msgid[:70]!r}")
                errors += 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
