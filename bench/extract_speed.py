"""How fast the extractor reads: the bundled samples and ../shared/realdocs,
each file extracted in turn, several rounds; prints characters per second.
Run: .venv/bin/python -m bench.extract_speed [ROUNDS]"""

import sys
import time

from parsers.extract import extract_text
from parsers.read import read_text
from parsers.vocab import DATA_DIR

REALDOCS = DATA_DIR.parent.parent / "shared" / "realdocs"


def main(rounds: int) -> None:
    paths = sorted((DATA_DIR / "samples").glob("*.txt")) + sorted(REALDOCS.glob("*.md"))
    texts = [read_text(p) for p in paths]
    characters = sum(map(len, texts))
    extract_text(texts[0])  # vocabularies and caches loaded outside the timing
    start = time.perf_counter()
    citations = 0
    for _ in range(rounds):
        for text in texts:
            citations += len(extract_text(text).citations)
    elapsed = time.perf_counter() - start
    print(f"{len(texts)} files, {characters} characters, {citations // rounds} citations per round")
    print(f"{rounds * characters / elapsed / 1000:.0f} k characters/s, "
          f"{rounds * len(texts) / elapsed:.1f} files/s, {elapsed / rounds:.2f} s per round")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
