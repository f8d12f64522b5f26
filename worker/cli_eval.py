"""``earnwatch eval DIR``: precision and recall of the engine on a labelled corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def eval_corpus(
    folder: Annotated[Path, typer.Argument(help="a folder of pair files (see worker/evaluation.py)")] = Path("tests/corpus"),
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="list every missed and unexpected change")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the scores as JSON")] = False,
) -> None:
    """Score the comparison engine on a labelled corpus: precision and recall per category."""
    from worker.evaluation import CorpusError, evaluate_pair, read_corpus, scores

    try:
        pairs = read_corpus(folder)
    except CorpusError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    results = [evaluate_pair(pair) for pair in pairs]
    table = scores(results)
    if as_json:
        print(json.dumps({name: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "expected": s.expected,
                                 "found": s.found} for name, s in table.items()}, indent=2))
        return
    for result in results:
        pair = result.pair
        status = result.error or f"{len(result.matched)}/{len(pair.expected)} expected found, {len(result.extra)} unexpected"
        print(f"{pair.name:<34} {pair.kind:<14} {status}")
        if verbose:
            for item in result.missed:
                print(f"    missed:     {item}")
            for change in result.extra:
                print(f"    unexpected: {change.kind} [{change.topic}] {change.reason}")
    print()
    print(f"{'category':<10} {'expected':>8} {'found':>6} {'precision':>10} {'recall':>7}")
    for name, score in table.items():
        print(f"{name:<10} {score.expected:>8} {score.found:>6} {score.precision:>10.2f} {score.recall:>7.2f}")
