"""How fast the comparison engine is: ``.venv/bin/python -m bench.engine``.

Times ``earnings.compare.compare`` alone (documents are parsed once, before timing) on:

* two summary-sized documents (~5 KB each: two corpus summaries of consecutive quarters per
  side, cut to length);
* two transcript-sized documents (~60 KB each: four corpus transcripts per side, consecutive
  quarters of two companies, so they differ the way real consecutive calls do);
* the same at half and double length, to show how time grows with length.

Each case runs ``--repeat`` times after a warm-up, in this one process (one core); the median is
printed. Targets: summary <= 5 ms, transcript <= 50 ms, doubling length <= ~2.5x the time.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from pathlib import Path

from earnings.compare import compare
from earnings.document import CallDocument
from scrapers.reader import read_document
from scrapers.reading import ReadHints

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "tests" / "corpus" / "docs"
SUMMARY_BYTES = 5 * 1024
TRANSCRIPT_BYTES = 60 * 1024
SUMMARIES = [("tsln-2025q2-summary.txt", "tsln-2025q3-summary.txt"), ("brwf-2025q1-summary.txt", "brwf-2025q2-summary.txt")]
# consecutive quarters: (older, newer)
TRANSCRIPTS = [
    ("hlvr-2025q2-transcript.txt", "hlvr-2025q3-transcript.txt"),
    ("crvn-2025q1-transcript.txt", "crvn-2025q2-transcript.txt"),
    ("crvn-2025q2-transcript.txt", "crvn-2025q3-transcript.txt"),
    ("hlvr-2025q3-transcript.txt", "hlvr-2025q3-transcript-alt.html"),
]


def _load(path: Path) -> tuple[CallDocument, int]:
    raw = path.read_bytes()
    content_type = "text/html" if path.suffix == ".html" else "text/plain"
    return read_document(raw, ReadHints(content_type=content_type, url=path.as_uri(), require_period=False)), len(raw)


def _joined(names: list[str], copies: float) -> tuple[CallDocument, int]:
    """One long document: the statements of ``names`` (``copies`` times over, cut to length)."""
    docs = [_load(DOCS / name) for name in names]
    statements = [s for doc, _ in docs for s in doc.statements]
    size = sum(n for _, n in docs)
    whole, rest = int(copies), copies - int(copies)
    body = statements * whole + statements[: int(len(statements) * rest)]
    return dataclasses.replace(docs[0][0], statements=tuple(body)), int(size * copies)


def _median_ms(new: CallDocument, old: CallDocument, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of one comparison."""
    compare(new, old)  # warm the per-word caches (word lists, regexes), as a running worker has them
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        compare(new, old)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    summaries = [a for a, _ in SUMMARIES], [b for _, b in SUMMARIES]
    copies = SUMMARY_BYTES / sum((DOCS / name).stat().st_size for name in summaries[0])
    (old_s, size_s), (new_s, _) = _joined(summaries[0], copies), _joined(summaries[1], copies)
    rows = [("summary", size_s, *_median_ms(new_s, old_s, args.repeat))]
    olds = [a for a, _ in TRANSCRIPTS]
    news = [b for _, b in TRANSCRIPTS]
    base = sum((DOCS / name).stat().st_size for name in olds)
    one = TRANSCRIPT_BYTES / base  # copies of the four transcripts that make ~60 KB
    for label, copies in (("transcript x0.5", one / 2), ("transcript", one), ("transcript x2", one * 2)):
        old_t, size_t = _joined(olds, copies)
        new_t, _ = _joined(news, copies)
        rows.append((label, size_t, *_median_ms(new_t, old_t, max(5, args.repeat // 3))))
    print(f"{'case':<18} {'size':>8} {'median wall':>12} {'median CPU':>11}")
    for label, size, wall, cpu in rows:
        print(f"{label:<18} {size / 1024:>6.1f}KB {wall:>10.2f}ms {cpu:>9.2f}ms")
    half, one, two = (cpu for _, _, _, cpu in rows[1:])
    print(f"doubling 30->60 KB costs {one / half:.2f}x, 60->120 KB {two / one:.2f}x (CPU)")
    print("targets: summary <= 5 ms, transcript <= 50 ms, doubling <= ~2.5x")


if __name__ == "__main__":
    main()
