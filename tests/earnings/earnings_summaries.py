"""The demo's two Astera Labs summaries (``worker/demo/site``), read by the real reader."""

from __future__ import annotations

from pathlib import Path

from earnings.document import CallDocument
from worker.documents import load_document

SITE = Path(__file__).resolve().parents[2] / "worker" / "demo" / "site"
Q3_2024 = SITE / "alab-q3-2024.txt"
Q4_2024 = SITE / "alab-q4-2024.txt"


def load_summary(path: Path) -> CallDocument:
    return load_document(str(path))
