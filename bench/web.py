"""How fast the dashboard answers with a large history: ``python -m bench.web [--companies 500]
[--quarters 12] [--database-url URL] [--requests 20]``.

It stores ``companies`` × ``quarters`` document versions (the demo's Q4 summary, parsed once,
renamed per company) with, for each quarter after the first, a comparison with the quarter
before and one with the same quarter a year earlier (the demo's report, its topics varied so
the risk matrix and the charts have rows), plus one alert per company; then starts a real
``earnwatch web`` on that database and times each page and API route with httpx, one request
after another, after one warm-up request. Prints the median and the 95th percentile per route.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "worker" / "demo" / "site"


def periods(count: int) -> list[str]:
    found, year, quarter = [], 2022, 1
    for _ in range(count):
        found.append(f"{year}Q{quarter}")
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


def seed(url: str, companies: int, quarters: int) -> None:
    from sqlalchemy import insert

    from earnings.compare import compare
    from scrapers.reader import read_document
    from scrapers.reading import ReadHints
    from worker.storage.db import make_engine
    from worker.storage.models import Alert, Company, Comparison, DocumentVersion
    from worker.storage.schema import upgrade

    old = read_document((SITE / "alab-q3-2024.txt").read_bytes(), ReadHints(content_type="text/plain", ticker="ALAB"))
    new = read_document((SITE / "alab-q4-2024.txt").read_bytes(), ReadHints(content_type="text/plain", ticker="ALAB"))
    report = compare(new, old).to_dict()
    parsed, raw = new.to_dict(), (SITE / "alab-q4-2024.txt").read_bytes()
    engine = make_engine(url)
    upgrade(engine)
    labels = periods(quarters)
    with engine.begin() as conn:
        conn.execute(
            insert(Company), [{"ticker": f"T{n:04d}", "name": f"Company {n}", "tags": ["bench", f"group{n % 10}"], "active": True} for n in range(companies)]
        )
        companies_table = Company.__table__  # type: ignore[attr-defined]
        ids: dict[str, int] = dict(conn.execute(companies_table.select().with_only_columns(companies_table.c.ticker, companies_table.c.id)).all())
        docs = []
        for ticker, company_id in ids.items():
            for period in labels:
                digest = hashlib.sha256(f"{ticker}{period}".encode()).hexdigest()
                docs.append(
                    {
                        "company_id": company_id,
                        "period": period,
                        "content_hash": digest,
                        "url": f"https://example.org/{ticker}/{period}",
                        "title": f"{ticker} {period} earnings call summary",
                        "content_type": "text/plain",
                        "raw": raw,
                        "parsed": parsed,
                    }
                )
        for start in range(0, len(docs), 1000):
            conn.execute(insert(DocumentVersion), docs[start : start + 1000])
        table = DocumentVersion.__table__  # type: ignore[attr-defined]
        rows = conn.execute(table.select().with_only_columns(table.c.id, table.c.company_id, table.c.period)).all()
        by_key = {(company_id, period): doc_id for doc_id, company_id, period in rows}
        comparisons = []
        for (company_id, period), doc_id in by_key.items():
            index = labels.index(period)
            for back in (1, 4):
                if index - back < 0:
                    continue
                varied = copy.deepcopy(report)
                varied["period"], varied["baseline_period"] = period, labels[index - back]
                varied["similarity"]["cosine"] = round(0.7 + 0.02 * ((index * 7 + company_id) % 13), 4)
                for position, change in enumerate(varied["changes"]):
                    if change["category"] == "risk":
                        change["topic"] = f"{change['topic']} {(index + position) % 5}"
                comparisons.append(
                    {
                        "document_id": doc_id,
                        "baseline_id": by_key[(company_id, labels[index - back])],
                        "report": varied,
                        "fingerprint": hashlib.sha256(f"{doc_id}-{back}".encode()).hexdigest()[:32],
                        "change_count": len(varied["changes"]),
                        "cosine": varied["similarity"]["cosine"],
                    }
                )
        for start in range(0, len(comparisons), 1000):
            conn.execute(insert(Comparison), comparisons[start : start + 1000])
        comparisons_table = Comparison.__table__  # type: ignore[attr-defined]
        latest = conn.execute(comparisons_table.select().with_only_columns(comparisons_table.c.id)).scalars().all()
        conn.execute(
            insert(Alert),
            [
                {
                    "comparison_id": cid,
                    "route": "desk",
                    "dedupe_key": f"bench-{cid}",
                    "report": report,
                    "title": "bench alert",
                    "kind": "report",
                    "status": "sent",
                    "attempts": 1,
                    "delivered": [0],
                }
                for cid in latest[:: max(1, len(latest) // companies)]
            ],
        )
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=500)
    parser.add_argument("--quarters", type=int, default=12)
    parser.add_argument("--database-url", default="", help="an empty database (default: SQLite in a temporary folder)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per route")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="earnwatch-bench-web-") as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        started = time.monotonic()
        seed(url, args.companies, args.quarters)
        print(f"stored {args.companies} companies × {args.quarters} quarters in {time.monotonic() - started:.1f} s ({url.split(':', 1)[0]})")
        from tests.conftest import free_port

        port = free_port()
        (Path(tmp) / "watchlist.yaml").write_text("companies: []\n")
        env = {
            **os.environ,
            "EARNWATCH_DATABASE_URL": url,
            "EARNWATCH_DATA_DIR": tmp,
            "EARNWATCH_CONFIG": f"{tmp}/watchlist.yaml",
            "EARNWATCH_WEB_PORT": str(port),
        }
        server = subprocess.Popen([str(Path(sys.executable).with_name("earnwatch")), "web"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("earnwatch web did not start", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            last, middle = periods(args.quarters)[-1], f"T{args.companies // 2:04d}"
            routes = [
                "/",
                "/?tag=group3",
                "/api/companies",
                f"/companies/{middle}",
                f"/api/companies/{middle}",
                f"/companies/{middle}/quarters/{last}",
                f"/api/companies/{middle}/quarters/{last}",
                f"/companies/{middle}/compare?old={periods(args.quarters)[0]}&new={last}",
                "/alerts",
                "/api/alerts",
                "/sources",
            ]
            print(f"{'route':<52} {'median':>9} {'p95':>9}  size")
            with httpx.Client(base_url=base, timeout=60) as client:
                for route in routes:
                    answer = client.get(route)
                    assert answer.status_code == 200, (route, answer.status_code, answer.text[:200])
                    times = []
                    for _ in range(args.requests):
                        begun = time.perf_counter()
                        client.get(route)
                        times.append((time.perf_counter() - begun) * 1000)
                    times.sort()
                    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
                    print(f"{route:<52} {statistics.median(times):>7.1f}ms {p95:>7.1f}ms  {len(answer.content) // 1024} KB")
        finally:
            server.terminate()
            server.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
