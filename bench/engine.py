"""How fast the comparison engine is: ``.venv/bin/python -m bench.engine``.

Times ``earnings.compare.compare`` (documents are parsed once, before timing) two ways:

* **cold**: no statement read before, so every statement of both documents is read
  (``earnings.reading``) and then compared — a process that has never seen either document;
* **warm**: the baseline's statements were read before (when it was itself the new document,
  as in a running worker), so only the new document is read.

On:

* two summary-sized documents (~5 KB each: two corpus summaries of consecutive quarters per
  side, cut to length);
* two transcript-sized documents (~60 KB each: four corpus transcripts per side, consecutive
  quarters of two companies, so they differ the way real consecutive calls do);
* the same at half and double length, to show how time grows with length.

Each case runs ``--repeat`` times in this one process (one core); the median is printed.
Targets: summary <= 5 ms, transcript <= 50 ms, doubling length <= ~2.5x the time.

Last, the fiscal-period finder (``earnings.period.find_fiscal_period``) on a 60 KB body whose
quarter is named only in its first lines: target < 5 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from pathlib import Path

from earnings.compare import compare
from earnings.document import CallDocument
from earnings.period import find_fiscal_period
from earnings.reading import clear_cache
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


def _median_ms(new: CallDocument, old: CallDocument, repeat: int, *, warm: bool) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of one comparison, cold or warm (see the docstring)."""
    compare(new, old)  # the word lists and patterns are compiled once per process, as in a worker
    wall, cpu = [], []
    for _ in range(repeat):
        clear_cache()
        if warm:
            compare(old, old)  # the baseline, read when it was the new document
        start, start_cpu = time.perf_counter(), time.process_time()
        compare(new, old)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def _period_finder_ms(repeat: int) -> float:
    """Best of ``repeat`` runs of ``find_fiscal_period`` over a 60 KB call body."""
    sentence = (
        "Revenue rose in every region this quarter, and the team kept costs in check while we invested "
        "in new stores, compared with last year when the second half was weaker. "
    )
    body = (
        "Good morning. Thanks for joining us. Earlier today we reported June quarter results. "
        + sentence * 365
        + "We expect the September quarter to grow, and in 2025 we plan to open stores."
    )
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        find_fiscal_period(body, context_year=2025)
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    summaries = [a for a, _ in SUMMARIES], [b for _, b in SUMMARIES]
    copies = SUMMARY_BYTES / sum((DOCS / name).stat().st_size for name in summaries[0])
    (old_s, size_s), (new_s, _) = _joined(summaries[0], copies), _joined(summaries[1], copies)
    cases = [("summary", old_s, new_s, size_s, args.repeat)]
    olds = [a for a, _ in TRANSCRIPTS]
    news = [b for _, b in TRANSCRIPTS]
    base = sum((DOCS / name).stat().st_size for name in olds)
    one = TRANSCRIPT_BYTES / base  # copies of the four transcripts that make ~60 KB
    for label, copies in (("transcript x0.5", one / 2), ("transcript", one), ("transcript x2", one * 2)):
        old_t, size_t = _joined(olds, copies)
        new_t, _ = _joined(news, copies)
        cases.append((label, old_t, new_t, size_t, max(5, args.repeat // 3)))
    print(f"{'case':<18} {'size':>8} {'cold wall':>10} {'cold CPU':>9} {'warm wall':>10} {'warm CPU':>9}")
    cold_cpu = []
    for label, old, new, size, repeat in cases:
        cold_wall, cold = _median_ms(new, old, repeat, warm=False)
        warm_wall, warm = _median_ms(new, old, repeat, warm=True)
        cold_cpu.append(cold)
        print(f"{label:<18} {size / 1024:>6.1f}KB {cold_wall:>8.1f}ms {cold:>7.1f}ms {warm_wall:>8.1f}ms {warm:>7.1f}ms")
    half, one_, two = cold_cpu[1:]
    print(f"doubling 30->60 KB costs {one_ / half:.2f}x, 60->120 KB {two / one_:.2f}x (cold CPU)")
    print("targets: summary <= 5 ms, transcript <= 50 ms, doubling <= ~2.5x")
    print(f"fiscal-period finder, 60 KB body: {_period_finder_ms(args.repeat):.2f} ms (target < 5 ms)")


if __name__ == "__main__":
    main()
