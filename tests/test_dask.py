"""The Dask integration on a real two-process local cluster gives the plain API's findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from scanner import Scanner  # noqa: E402
from scanner.integrations import dask as scanner_dask  # noqa: E402
from scanner.sources import collect, documents  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PATHS = [str(FIXTURES / "exports" / name) for name in ("export.xml", "export.jsonl", "export.csv", "crawl.warc.gz")] + [
    str(FIXTURES / "en/gambling.html"), str(FIXTURES / "id/id-0004.clean.html"), str(FIXTURES / "vi/adult.txt")]


def expected_rows() -> list[dict]:
    scanner = Scanner()
    return [row for result in scanner.scan_many(documents(collect(PATHS))) for row in scanner_dask.result_rows(result)]


def key(row: dict) -> tuple:
    return (row["source"], row["rule_id"], row["line"], row["column"], row["fingerprint"], row["record"])


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client


def test_findings_dataframe_matches_the_plain_api(client) -> None:
    frame = scanner_dask.findings_dataframe(PATHS, npartitions=4).compute()
    rows = frame.to_dict("records")
    expected = expected_rows()
    assert sorted(map(key, rows)) == sorted(map(key, expected)) and len(rows) == 11
    post = next(r for r in rows if r["source"].endswith("export.xml#post-12"))
    assert json.loads(post["record"])["post_id"] == "12" and post["verdict"] == "injected"
    # one scanner per worker process, whatever the number of documents
    assert set(client.run(lambda: len(scanner_dask._scanners)).values()) <= {0, 1}


def test_write_jsonl(client, tmp_path: Path) -> None:
    written = scanner_dask.write_jsonl(PATHS, str(tmp_path / "out"), npartitions=2)
    lines = [json.loads(line) for name in sorted(written) for line in Path(name).read_text().splitlines()]
    expected = [r.source for r in Scanner().scan_many(documents(collect(PATHS)))]
    assert sorted(d["source"] for d in lines) == sorted(expected) and len(expected) == 21


def test_a_path_that_cannot_be_read_raises_a_source_error(tmp_path: Path) -> None:
    """Blind probe 50, D10: a missing path raised a bare FileNotFoundError, not the API's SourceError."""
    from scanner import SourceError
    with pytest.raises(SourceError, match="missing.html: cannot read"):
        scanner_dask.scan_path(str(tmp_path / "missing.html"))
