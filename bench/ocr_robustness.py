"""Does damaged text read like the clean one? Each clean document (sample 004
and ../shared/realdocs) is damaged the way OCR damages Vietnamese — diacritics
lost; look-alike letters at a given rate — and its citations (id, date,
issuer, jurisdiction, type) and relations compared with the clean reading.
Run: .venv/bin/python -m bench.ocr_robustness [RATE]"""

import sys

from bench.damage import summary, with_confusions, without_diacritics
from parsers.extract import extract_text
from parsers.read import read_text
from parsers.vocab import DATA_DIR

REALDOCS = DATA_DIR.parent.parent / "shared" / "realdocs"


def main(rate: float) -> None:
    paths = [DATA_DIR / "samples" / "004_8056d9e22a67d95b.txt", *sorted(REALDOCS.glob("[0-9a-f]*.md"))]
    same = total = 0
    for path in paths:
        clean = summary(extract_text(read_text(path)))
        for name, damage in (("no diacritics", without_diacritics),
                             ("confusions", lambda t: with_confusions(t, rate, seed=7))):
            damaged = summary(extract_text(damage(read_text(path))))
            citations = sum(a == b for a, b in zip(clean[0], damaged[0]))
            total += len(clean[0]) + len(clean[1])
            same += citations + len(clean[1] & damaged[1])
            print(f"{path.name:28} {name:14} citations {citations}/{len(clean[0])} same "
                  f"(found {len(damaged[0])}), relations {len(clean[1] & damaged[1])}/{len(clean[1])} same "
                  f"(found {len(damaged[1])})")
    print(f"agreement with the clean reading: {same / total:.4f} ({same}/{total})")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.5)
