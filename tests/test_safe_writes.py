"""Writes that cannot lose the original: failing renames and writes, paths escaping the output folder."""

from __future__ import annotations

import os
import shutil
import tracemalloc

import pytest

from scanner import Document, Scanner, SourceError
from scanner.writing import atomic_write, output_path, write_in_place

from .conftest import FIXTURES, SEED, run_cli


def test_failed_rename_leaves_the_original_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "page.txt"
    target.write_bytes(b"original")

    def broken_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, b"cleaned")
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["page.txt"]


def test_failed_write_leaves_the_original(tmp_path, monkeypatch):
    target = tmp_path / "page.txt"
    target.write_bytes(b"original")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    with pytest.raises(OSError):
        write_in_place(target, b"cleaned")
    assert target.read_bytes() == b"original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt", "page.txt.bak"]


def test_output_paths_stay_inside_the_output_folder(tmp_path):
    out = tmp_path / "out"
    root = tmp_path / "site"
    (root / "sub").mkdir(parents=True)
    assert output_path(out, root / "sub" / "a.html", root) == (out / "sub" / "a.html").resolve()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (out / "sub").mkdir(parents=True)
    (out / "link").symlink_to(outside, target_is_directory=True)
    (root / "link").mkdir()
    with pytest.raises(SourceError, match="refusing to write outside"):
        output_path(out, root / "link" / "a.html", root)


def test_clean_into_output_dir_refuses_a_symlink_escape(tmp_path):
    site = tmp_path / "site"
    (site / "link").mkdir(parents=True)
    shutil.copy(SEED, site / "link" / "seed.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path, target_is_directory=True)
    process = run_cli("clean", str(site), "--output-dir", str(out))
    assert process.returncode == 2 and b"refusing to write outside" in process.stderr
    assert not (tmp_path / "seed.txt").exists()


def test_memory_stays_flat_over_many_documents():
    """Peak traced memory while streaming 600 documents is no more than twice that for 100."""
    scanner = Scanner()
    pages = [p.read_bytes() for p in sorted(FIXTURES.glob("*/*.html"))]

    def peak(count: int) -> int:
        documents = (Document(f"p{i}.html", pages[i % len(pages)]) for i in range(count))
        tracemalloc.start()
        for _ in scanner.scan_many(documents):
            pass
        _, high = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return high

    small, large = peak(100), peak(600)
    assert large < 2 * small, (small, large)
