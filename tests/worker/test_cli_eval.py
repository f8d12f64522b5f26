"""``earnwatch eval``, ``read`` and ``diff`` on every kind of document, and on bad input: a
clear error or an empty report, never a traceback. Real ``earnwatch`` processes."""

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


def test_eval_prints_precision_and_recall_per_pair_per_category_and_overall() -> None:
    result = earnwatch("eval", str(CORPUS))
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.strip()}
    for category in ("risk", "guidance", "tone", "overall"):
        assert category in lines
    precision, recall = float(lines["overall"][-2]), float(lines["overall"][-1])
    assert precision >= 0.9 and recall >= 0.9
    # every pair has its own line: found/expected, false alarms, precision, recall
    assert lines["brwf-q2-vs-q1-summary"][1:3] == ["summary", "4/4"]
    assert [float(x) for x in lines["brwf-q2-vs-q1-summary"][-2:]] == [1.0, 1.0]


def test_eval_lists_every_false_alarm_with_its_reason_and_quote(tmp_path) -> None:
    # a pair labelled as if nothing changed: whatever the engine reports is a false alarm
    (tmp_path / "docs").mkdir()
    for name in ("brwf-2025q1-summary.txt", "brwf-2025q2-summary.txt"):
        (tmp_path / "docs" / name).write_bytes((DOCS / name).read_bytes())
    (tmp_path / "brwf-nothing.yaml").write_text("kind: summary\nold: docs/brwf-2025q1-summary.txt\n"
                                                 "new: docs/brwf-2025q2-summary.txt\nexpected: []\n")
    result = earnwatch("eval", str(tmp_path))
    assert result.returncode == 0, result.stderr
    alarms = [line for line in result.stdout.splitlines() if "false alarm:" in line]
    assert len(alarms) >= 3
    assert any("risk_added" in a and "cocoa" in a.lower() for a in alarms)
    assert "“" in alarms[0]


def test_eval_as_json_has_a_score_per_pair_and_per_category() -> None:
    result = earnwatch("eval", str(CORPUS), "--json")
    scores = json.loads(result.stdout)
    assert {"risk", "guidance", "tone", "overall", "pairs"} == set(scores)
    assert set(scores["overall"]) == {"precision", "recall", "expected", "found"}
    assert scores["pairs"]["brwf-q2-vs-q1-summary"]["recall"] == 1.0


def test_eval_of_a_folder_without_pairs_is_a_clear_error(tmp_path) -> None:
    result = earnwatch("eval", str(tmp_path))
    assert result.returncode == 2 and "expected *.yaml pair files" in result.stderr
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
    assert set(report) == {"company", "period", "baseline_period", "similarity", "changes", "documents", "warnings"}
    assert {"cosine", "jaccard", "sections"} <= set(report["similarity"])
    assert kind in {c["kind"] for c in report["changes"]}
    for change in report["changes"]:
        assert set(change) == {"kind", "category", "topic", "before", "after", "figures_before", "figures_after",
                               "severity", "severity_band", "reason"}
    # what each document was read as, and where that was found
    assert report["documents"]["new"]["period"] == report["period"]
    assert set(report["documents"]["old"]["found"]) == {"kind", "company", "period"}
    assert report["warnings"] == []


def test_diff_as_text_is_a_redline_in_the_alerts_wording() -> None:
    result = earnwatch("diff", str(DOCS / "crvn-2025q1-transcript.txt"), str(DOCS / "crvn-2025q2-transcript.txt"))
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith("old: ") and "2025Q1 (title: 'Q1 2025')" in out[0]
    assert out[2].startswith("CRVN Q2 2025 vs Q1 2025: ")  # the alert's headline, the alert's period notation
    assert "^ guidance_raised: adjusted EPS guide raised: $3.20–$3.30 from $3.10–$3.20 last quarter (midpoint +$0.10)" \
           " (severity 53/100, medium)" in result.stdout
    assert "[-of $3.10-]" in result.stdout and "\x1b[" not in result.stdout  # not a terminal: no colours


def test_diff_warns_of_documents_in_the_wrong_order_or_of_two_companies() -> None:
    reversed_ = earnwatch("diff", str(DOCS / "crvn-2025q2-transcript.txt"), str(DOCS / "crvn-2025q1-transcript.txt"))
    assert reversed_.returncode == 0
    assert "warning: NEW reports 2025Q1, before OLD's 2025Q2: give the earlier document first" in reversed_.stderr
    two = earnwatch("diff", str(DOCS / "crvn-2025q1-transcript.txt"), str(DOCS / "hlvr-2025q3-transcript.txt"), "--format", "json")
    assert two.returncode == 0
    assert any("different companies (CRVN and HLVR)" in w for w in json.loads(two.stdout)["warnings"])


def test_diff_takes_a_name_misheard_in_a_transcript_for_the_same_company_but_warns_of_another(tmp_path) -> None:
    def call(name: str, quarter: str) -> Path:
        path = tmp_path / f"{name}-{quarter}.txt".replace(" ", "-")
        path.write_text(f"Good morning, and welcome to the {name} {quarter} quarter 2025 earnings conference call. "
                        "Revenue grew 4% in the quarter, and we expect revenue growth of 3% to 5% for the full year.\n")
        return path

    def warnings(old: Path, new: Path) -> list[str]:
        result = earnwatch("diff", str(old), str(new), "--kind", "transcript", "--format", "json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["warnings"]

    first = call("Harbor Valley Foods", "first")
    assert warnings(first, call("Harbour Valley Foods", "second")) == []
    assert any("different companies (Harbor Valley Foods and Harbor Freight Tools)" in w
               for w in warnings(first, call("Harbor Freight Tools", "second")))


def test_diff_takes_the_period_the_kind_and_the_ticker_when_a_document_does_not_say(tmp_path) -> None:
    bare = tmp_path / "notes.txt"
    bare.write_text("- Outlook: Management now expects full-year revenue of $880 million to $900 million.\n"
                    "- Tariff risk: Higher tariffs could pressure margins in the second half.\n")
    result = earnwatch("diff", str(DOCS / "fnwk-2025q1-transcript.txt"), str(bare), "--period", "2025Q2",
                       "--kind", "summary", "--ticker", "fnwk", "--fiscal-year-end", "12", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    new = report["documents"]["new"]
    assert (new["kind"], new["ticker"], new["period"], report["period"]) == ("summary", "FNWK", "2025Q2", "2025Q2")
    assert new["found"]["period"] == "given" and new["found"]["kind"].startswith("summary (given")
    bad = earnwatch("diff", str(bare), str(bare), "--period", "Q9 2025")
    assert bad.returncode == 2 and "error: --period Q9 2025:" in bad.stderr and "Traceback" not in bad.stderr


def test_read_shows_the_kind_company_and_quarter_with_where_each_was_found_and_the_sections() -> None:
    result = earnwatch("read", str(DOCS / "qln-2025q3-release.html"))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "kind:     press_release (content:" in text
    assert "company:  QLN" in text and "(text: NASDAQ: QLN)" in text
    assert "quarter:  2025Q3" in text
    assert "outlook: 2" in text and "forward_looking:" in text
    as_json = json.loads(earnwatch("read", str(DOCS / "qln-2025q3-release.html"), "--format", "json").stdout)
    assert (as_json["kind"], as_json["ticker"], as_json["period"]) == ("press_release", "QLN", "2025Q3")
    assert as_json["sections"]["outlook"] == sum(1 for s in as_json["statements"] if s["section"] == "outlook")


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


def test_eval_with_range_changes_scores_the_engine_as_the_watchlist_setting_runs_it(tmp_path) -> None:
    releases = ROOT / "tests" / "worker" / "releases"
    (tmp_path / "hldn-q3-vs-q2-release.yaml").write_text(
        f"kind: press_release\nold: {releases / 'hldn-2026q2-release.txt'}\nnew: {releases / 'hldn-2026q3-release.txt'}\n"
        "expected:\n  - {kind: guidance_narrowed, phrase: \"$2.33 billion\"}\n")
    plain, asked = earnwatch("eval", str(tmp_path), "--json"), earnwatch("eval", str(tmp_path), "--json", "--range-changes")
    assert plain.returncode == asked.returncode == 0, plain.stderr + asked.stderr
    assert json.loads(plain.stdout)["overall"]["recall"] == 0.0
    assert (json.loads(asked.stdout)["overall"]["recall"], json.loads(asked.stdout)["overall"]["precision"]) == (1.0, 1.0)
