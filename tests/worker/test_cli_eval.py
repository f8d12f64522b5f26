"""``earnwatch eval`` and ``earnwatch diff`` on every kind of document, and on bad input:
a clear error or an empty report, never a traceback. Real ``earnwatch`` processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EARNWATCH = str(Path(sys.executable).with_name("earnwatch"))
CORPUS = ROOT / "tests" / "corpus"
DOCS = CORPUS / "docs"


def earnwatch(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EARNWATCH, *args], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL, env=dict(os.environ), cwd=ROOT)


def test_eval_prints_precision_and_recall_per_category_and_overall() -> None:
    result = earnwatch("eval", str(CORPUS))
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.strip()}
    for category in ("risk", "guidance", "tone", "overall"):
        assert category in lines
    precision, recall = float(lines["overall"][-2]), float(lines["overall"][-1])
    assert precision >= 0.9 and recall >= 0.9


def test_eval_as_json_has_a_score_per_category() -> None:
    result = earnwatch("eval", str(CORPUS), "--json")
    scores = json.loads(result.stdout)
    assert set(scores) == {"risk", "guidance", "tone", "overall"}
    assert set(scores["overall"]) == {"precision", "recall", "expected", "found"}


def test_eval_of_a_folder_without_pairs_is_a_clear_error(tmp_path) -> None:
    result = earnwatch("eval", str(tmp_path))
    assert result.returncode != 0 and "no *.yaml pair files" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("old", "new", "kind"), [
    ("hlvr-2025q2-transcript.txt", "hlvr-2025q3-transcript.txt", "guidance_lowered"),
    ("qln-2025q2-release.html", "qln-2025q3-release.html", "guidance_raised"),
    ("brwf-2025q1-summary.txt", "brwf-2025q2-summary.txt", "risk_added"),
])
def test_diff_reads_every_kind_of_document(old: str, new: str, kind: str) -> None:
    result = earnwatch("diff", str(DOCS / old), str(DOCS / new), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"company", "period", "baseline_period", "similarity", "changes"}
    assert {"cosine", "jaccard", "sections"} <= set(report["similarity"])
    assert kind in {c["kind"] for c in report["changes"]}
    for change in report["changes"]:
        assert set(change) == {"kind", "category", "topic", "before", "after", "figures_before", "figures_after",
                               "severity", "reason"}


def test_diff_as_text_is_a_redline() -> None:
    result = earnwatch("diff", str(DOCS / "crvn-2025q1-transcript.txt"), str(DOCS / "crvn-2025q2-transcript.txt"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("CRVN 2025Q2 vs 2025Q1: 1 changes")
    assert "^ guidance_raised [41] EPS guidance $3.20–$3.30 vs $3.10–$3.20 last quarter" in result.stdout
    assert "[-of $3.10-]" in result.stdout and "\x1b[" not in result.stdout  # not a terminal: no colours


@pytest.mark.parametrize("name", ["hlvr-2025q3-transcript.txt", "mrfn-2025q2-release.html"])
def test_diff_of_a_transcript_or_release_with_itself_reports_no_change(name: str) -> None:
    result = earnwatch("diff", str(DOCS / name), str(DOCS / name), "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["changes"] == []


@pytest.mark.parametrize(("content", "phrase"), [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
    ("Halvorsen Robotics Q3 2025 Earnings Call Transcript\nOperator\nWelcome.\nErik Halvorsen -- Chief Executive Officer\n"
     "Thanks.\n".encode(), "no sentences to read as a transcript"),
    (b"ACME Q3 2025: a title and nothing else\n", "no sentences to read as a summary"),
])
def test_diff_of_a_bad_document_is_a_clear_error(tmp_path, content: bytes, phrase: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = earnwatch("diff", str(DOCS / "brwf-2025q1-summary.txt"), str(bad))
    assert result.returncode == 2, result.stdout
    assert "error:" in result.stderr and phrase in result.stderr and "Traceback" not in result.stderr


def test_diff_reads_a_document_that_names_no_quarter(tmp_path) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_bytes(b"Marrow & Finch Reports Results\nMarrow & Finch (NYSE: MRFN) today announced results. Revenue grew 12% "
                        b"to $301 million, and we expect revenue of $310 million next quarter.\n")
    result = earnwatch("diff", str(DOCS / "mrfn-2025q1-release.html"), str(undated), "--format", "json")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def test_diff_reads_a_document_that_is_not_utf8(tmp_path) -> None:
    latin = tmp_path / "brwf-latin1.txt"
    latin.write_bytes((DOCS / "brwf-2025q2-summary.txt").read_text(encoding="utf-8").replace("flavours", "saveurs é")
                      .encode("cp1252", errors="replace"))
    result = earnwatch("diff", str(DOCS / "brwf-2025q1-summary.txt"), str(latin), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["period"] == "2025Q2"
