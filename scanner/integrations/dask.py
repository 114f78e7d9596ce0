"""Scanning on a Dask cluster: files, exports, web archives and URLs as a bag; findings as a dataframe.

Needs the ``dask`` extra: ``pip install 'scanner[dask]'`` (dask[bag,dataframe] and distributed).

    from distributed import Client
    from scanner.integrations.dask import findings_dataframe, write_jsonl

    client = Client("tcp://scheduler:8786")     # or LocalCluster() on one machine
    paths = ["s3://crawl/part-0001.warc.gz", "exports/site.xml", "https://example.org/page.html"]
    frame = findings_dataframe(paths)            # one row per finding, lazily
    frame.groupby("rule_id").size().compute()
    write_jsonl(paths, "s3://results/scan-2025-08/")   # one JSON document per line, one file per partition

A path is anything ``fsspec`` opens: a local file, ``http(s)://``, ``s3://``,
``gs://`` (with the matching fsspec package installed on every worker). Exports
(WordPress ``.xml``, ``.jsonl``, ``.csv``, ``.warc``, ``.warc.gz``) give one
document per record and are streamed; other files are one document each. Each
path is one task, so split very large archives into several files (Common
Crawl already does) to spread them.

On several machines: start ``dask scheduler`` on one, ``dask worker
tcp://scheduler:8786 --nworkers auto --nthreads 1`` on each of the others
(scanning is CPU-bound Python: one thread per worker process), install the
same ``scanner[dask]`` version and the same rule packs everywhere, and give
paths every worker can read (shared storage or object-store URLs, not local
files of the client). A custom ``Config`` is pickled and sent with the tasks;
rule pack paths in it must exist on the workers. Each worker process builds
its ``Scanner`` once per config and reuses it for every document.
"""

from __future__ import annotations

import json
import pickle
from typing import Iterator

try:
    import dask.bag as db
    import dask.dataframe as dd
    import fsspec
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("scanner.integrations.dask needs the dask extra: pip install 'scanner[dask]'") from error

from ..api import Scanner
from ..config import Config
from ..document import Document
from ..errors import SourceError
from ..findings import DocumentResult
from ..reports.json_report import document_dict
from ..sources.exports import DEFAULT_FIELD, format_of, stream_documents

#: Columns of ``findings_dataframe`` and their types.
COLUMNS: dict[str, type] = {"source": str, "record": str, "verdict": str, "rule_id": str, "category": str,
                            "severity": str, "confidence": float, "match": str, "line": int, "column": int,
                            "start": int, "end": int, "action": str, "fingerprint": str}
_SNIFF = 16 * 1024

_scanners: dict[bytes, Scanner] = {}  # per worker process: one scanner per distinct config


def worker_scanner(config: Config | None = None) -> Scanner:
    """This process's scanner for ``config``, built on first use and then reused."""
    key = pickle.dumps(config)
    if key not in _scanners:
        _scanners[key] = Scanner(config)
    return _scanners[key]


def path_documents(path: str, field: str = DEFAULT_FIELD) -> Iterator[Document]:
    """The documents of one path: every record of an export, or the file itself. A path that cannot be opened
    or read (missing, no permission) raises ``SourceError``, as everywhere in the API."""
    try:
        yield from _read_path(path, field)
    except OSError as error:
        raise SourceError(f"{path}: cannot read: {error.strerror or error}") from None


def _read_path(path: str, field: str) -> Iterator[Document]:
    with fsspec.open(path, "rb") as stream:
        head = stream.read(_SNIFF) if path.lower().endswith(".xml") else b""
        fmt = format_of(path, head)
        if fmt is None:
            yield Document(path, head + stream.read())
            return
        if head:
            stream.seek(0)
        yield from stream_documents(stream, path, fmt, field)


def scan_path(path: str, field: str = DEFAULT_FIELD, config: Config | None = None) -> list[dict]:
    """Scan one path with this worker's scanner: one JSON report document (``document_dict``) per document."""
    scanner = worker_scanner(config)
    return [document_dict(scanner.scan(document)) for document in path_documents(path, field)]


def finding_rows(document: dict) -> list[dict]:
    """One row per finding of a report document, with the columns of ``COLUMNS``."""
    record = json.dumps(document.get("record", {}), ensure_ascii=False, sort_keys=True)
    return [{"source": document["source"], "record": record, "verdict": document["verdict"],
             **{name: finding[name] for name in COLUMNS if name in finding}} for finding in document["findings"]]


def scan_bag(paths: list[str], field: str = DEFAULT_FIELD, config: Config | None = None,
             npartitions: int | None = None) -> db.Bag:
    """A bag of report documents (as in the JSON report), one per scanned document."""
    bag = db.from_sequence(paths, npartitions=npartitions or min(len(paths), 100) or 1)
    return bag.map(scan_path, field=field, config=config).flatten()


def findings_dataframe(paths: list[str], field: str = DEFAULT_FIELD, config: Config | None = None,
                       npartitions: int | None = None) -> dd.DataFrame:
    """A dataframe with one row per finding (columns: ``COLUMNS``)."""
    rows = scan_bag(paths, field, config, npartitions).map(finding_rows).flatten()
    return rows.to_dataframe(meta={name: kind for name, kind in COLUMNS.items()})


def write_jsonl(paths: list[str], target: str, field: str = DEFAULT_FIELD, config: Config | None = None,
                npartitions: int | None = None) -> list[str]:
    """Write one report document a line, one ``part-N.jsonl`` per partition under ``target``; the files written."""
    lines = scan_bag(paths, field, config, npartitions).map(json.dumps, ensure_ascii=False)
    return lines.to_textfiles(target.rstrip("/") + "/part-*.jsonl")


def result_rows(result: DocumentResult) -> list[dict]:
    """The dataframe rows of a result from the plain API (to compare or merge with a cluster's)."""
    return finding_rows(document_dict(result))
