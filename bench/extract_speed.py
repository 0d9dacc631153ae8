"""How fast the extractor reads: the bundled samples and ../shared/realdocs,
each file extracted in turn, several rounds; prints MB/s (UTF-8 bytes, the
unit of bench.run's targets) by wall clock and by this process' CPU time
(the figure to compare on a machine others share), and characters per second.
With --generated N: the first N documents of bench.run's generated corpus
instead (same seed), OCR-damaged at --damage RATE.
Run: .venv/bin/python -m bench.extract_speed [ROUNDS] [--generated N [--damage RATE]]"""

import argparse
import time

from bench.corpus import generate
from bench.run import SEED
from parsers.extract import extract_text
from parsers.read import read_text
from parsers.vocab import DATA_DIR

REALDOCS = DATA_DIR.parent.parent / "shared" / "realdocs"


def main(rounds: int, generated: int | None = None, damage: float = 0.0) -> None:
    if generated:
        texts = [d.text for d in generate(generated, seed=SEED, damage=damage)]
    else:
        paths = sorted((DATA_DIR / "samples").glob("*.txt")) + sorted(REALDOCS.glob("*.md"))
        texts = [read_text(p) for p in paths]
    characters = sum(map(len, texts))
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    extract_text("Kế hoạch số 1-KH/TU")  # vocabularies loaded outside the timing
    start, cpu_start = time.perf_counter(), time.process_time()
    citations, first_cpu = 0, None
    for _ in range(rounds):
        for text in texts:
            citations += len(extract_text(text).citations)
        first_cpu = first_cpu or time.process_time() - cpu_start
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"{len(texts)} files, {characters} characters ({megabytes:.3f} MB), "
          f"{citations // rounds} citations per round")
    # the matcher remembers what it found next to an anchor for every text:
    # the first round meets these texts unseen, the later ones read them again
    print(f"first round {megabytes / first_cpu:.3f} MB/s CPU (texts not seen before)")
    print(f"{rounds * megabytes / elapsed:.3f} MB/s wall, {rounds * megabytes / cpu:.3f} MB/s CPU, "
          f"{rounds * characters / elapsed / 1000:.0f} k characters/s, "
          f"{rounds * len(texts) / elapsed:.1f} files/s, {elapsed / rounds:.2f} s per round")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", nargs="?", type=int, default=3)
    parser.add_argument("--generated", type=int, help="documents of the generated corpus instead")
    parser.add_argument("--damage", type=float, default=0.0, help="OCR damage rate of the generated corpus")
    args = parser.parse_args()
    main(args.rounds, args.generated, args.damage)
