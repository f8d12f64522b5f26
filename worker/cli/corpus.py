"""``earnwatch eval DIR``: precision and recall of the engine on a labelled corpus.

DIR holds the project's pair files (``tests/corpus``) or folders of ``labels.json`` pairs (the
shared corpus layout); both are scored as ``worker/evaluation.py`` says. Every false alarm is
listed, with the change's reason and the start of its quote; ``--verbose`` lists the misses too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from worker.cli.output import fail, say, state

QUOTED_CHARS = 100


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_corpus)


def eval_corpus(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="a folder of labelled pairs: pair files (tests/corpus) or pair folders with labels.json")]
    = Path("tests/corpus"),
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="list the missed changes too")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the scores as JSON")] = False,
    range_changes: Annotated[bool, typer.Option("--range-changes", help="score with ranges narrowed or widened around "
                                                "the same midpoint reported (as earnwatch diff --range-changes)")] = False,
) -> None:
    """Score the comparison engine on a labelled corpus: precision and recall per pair, per
    category and overall, and every false alarm."""
    from earnings.compare import CompareOptions
    from worker.evaluation import CorpusError, evaluate_pair, read_corpus, scores

    try:
        pairs = read_corpus(folder)
    except CorpusError as exc:
        fail(state(ctx), str(exc))
    options = CompareOptions(range_changes=range_changes)
    results = [evaluate_pair(pair, options) for pair in pairs]
    table = scores(results)
    if as_json:
        print(json.dumps({
            "pairs": {r.pair.name: {"precision": round(_precision(r), 4), "recall": round(_recall(r), 4),
                                    "expected": len(r.pair.expected), "found": len(r.matched),
                                    "false_alarms": [f"{c.kind}: {c.reason}" for c in r.extra], "error": r.error or None}
                      for r in results},
            **{name: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "expected": s.expected, "found": s.found}
               for name, s in table.items()}}, indent=2))
        return
    say(f"{'pair':<34} {'kind':<14} {'found':>7} {'false':>6} {'precision':>10} {'recall':>7}")
    for result in results:
        pair = result.pair
        if result.error:
            say(f"{pair.name:<34} {pair.kind:<14} ", ("error:", "red"), f" {result.error}")
            continue
        say(f"{pair.name:<34} {pair.kind:<14} {len(result.matched):>3}/{len(pair.expected):<3} {len(result.extra):>6} "
            f"{_precision(result):>10.2f} {_recall(result):>7.2f}")
        for change in result.extra:
            quote = (change.after or change.before)[:QUOTED_CHARS]
            say("    ", ("false alarm:", "yellow"), f" {change.kind} [{change.topic}] {change.reason} :: “{quote}”")
        if verbose:
            for item in result.missed:
                say("    ", ("missed:", "red"), f" {item}")
    say("")
    say(f"{'category':<10} {'expected':>8} {'found':>6} {'precision':>10} {'recall':>7}")
    for name, score in table.items():
        say(f"{name:<10} {score.expected:>8} {score.found:>6} {score.precision:>10.2f} {score.recall:>7.2f}")


def _precision(result) -> float:
    reported = len(result.right) + len(result.extra)
    return len(result.right) / reported if reported else 1.0


def _recall(result) -> float:
    return len(result.matched) / len(result.pair.expected) if result.pair.expected else 1.0
