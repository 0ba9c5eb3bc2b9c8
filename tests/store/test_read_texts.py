"""The pass's batch reader (reading.read_texts) answers exactly as read_text_stat does, file by file, for every
kind of file a records folder can hold: its fast path takes only plain UTF-8 text and hands everything else over."""

from __future__ import annotations

import os
from pathlib import Path

from jbz_cli.errors import RecordError
from jbz_cli.store.reading import MAX_RECORD_BYTES, Inside, read_text_stat, read_texts


def outcome(got: object) -> object:
    """What a reader gave for one file, comparable across two reads: the text, or the problem as printed."""
    return str(got) if isinstance(got, RecordError) else got[0]  # type: ignore[index]


def test_every_kind_of_file_reads_as_read_text_stat_reads_it(tmp_path: Path) -> None:
    root = tmp_path / "records"
    (root / "sub").mkdir(parents=True)
    outside = tmp_path / "outside.toml"
    outside.write_text('title = "outside"\n', encoding="utf-8")
    files = {
        "plain.toml": 'title = "caf\u00e9"\n'.encode(),
        "empty.toml": b"",
        "bom.toml": b'\xef\xbb\xbftitle = "x"\n',
        "nul.toml": b'title = "\x00"\n',
        "latin1.toml": 'title = "caf\u00e9"\n'.encode("latin-1"),
        "large.toml": b"#" * (MAX_RECORD_BYTES + 1),
        "sub/nested.toml": b'kind = "deadline"\n',
    }
    for rel, data in files.items():
        (root / rel).write_bytes(data)
    os.mkfifo(root / "fifo.toml")
    (root / "link-in.toml").symlink_to(root / "plain.toml")
    (root / "link-out.toml").symlink_to(outside)
    names = [*files, "fifo.toml", "link-in.toml", "link-out.toml", "gone.toml"]
    batch = [(str(root / rel), (root / rel).is_symlink(), f"records/{rel}") for rel in names]
    batch.append((str(root / "plain.toml"), None, "records/plain.toml"))  # a listing that could not tell

    def one(path: str, is_link: bool | None, display: str) -> object:
        try:
            return read_text_stat(path, display, Inside(root), is_link)
        except RecordError as exc:
            return exc

    expected = [outcome(one(*entry)) for entry in batch]
    got = [outcome(item) for item in read_texts(batch, Inside(root))]
    assert got == expected
    assert got[0] == 'title = "caf\u00e9"\n' and got[1] == ""
    assert "not a regular file" in str(got[names.index("fifo.toml")])
    assert "outside the records folder" in str(got[names.index("link-out.toml")])
    assert "records/gone.toml:1:1: cannot read file" in str(got[names.index("gone.toml")])


def test_the_stat_is_of_the_file_read(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text('title = "a"\n', encoding="utf-8")
    [(text, info)] = read_texts([(str(path), False, "a.toml")], Inside(tmp_path))  # type: ignore[misc]
    assert text == 'title = "a"\n' and (info.st_ino, info.st_size) == (path.stat().st_ino, path.stat().st_size)
