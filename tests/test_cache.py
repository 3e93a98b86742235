"""The result cache: hits, misses, damaged entries, concurrent writers, and
folders that cannot be written."""

from __future__ import annotations

import errno
import os
import pickle
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

from linter44s.cache import ResultCache
from linter44s.diagnostics import Applicability, Edit, Finding, Fix
from linter44s.facts import Span

REPO = Path(__file__).resolve().parent.parent
TOKEN = "0.1.0|{'select': ()}"


def report(path: str = "app/cache.py") -> object:
    span = Span(line=3, col=5, end_line=3, end_col=20, start=40, end=55)
    fix = Fix(Applicability.UNSAFE, "Use SCAN", (Edit(40, 44, "scan_iter"),))
    return (path, (Finding("RDS101", "KEYS blocks the server", span, 3, fix),))


def entry_files(root: Path) -> list[Path]:
    return [p for p in (root / "entries").rglob("*") if p.is_file()]


def test_hit_after_put_and_flush(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", TOKEN)
    cache.put("app/cache.py", b"r.keys('*')\n", report())
    cache.flush()

    again = ResultCache(tmp_path / "c", TOKEN)
    assert again.get("app/cache.py", b"r.keys('*')\n") == report()
    assert (again.hits, again.misses) == (1, 0)


def test_pending_entry_is_a_hit_before_flush(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", TOKEN)
    cache.put("a.py", b"x", report("a.py"))
    assert cache.get("a.py", b"x") == report("a.py")
    assert not (tmp_path / "c").exists()


def test_empty_cache_is_a_miss(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "nothing-here", TOKEN)
    assert cache.get("a.py", b"x") is None
    assert (cache.hits, cache.misses) == (0, 1)
    assert not (tmp_path / "nothing-here").exists()  # reading creates nothing


@pytest.mark.parametrize(
    ("relpath", "content", "token"),
    [
        ("a.py", b"x = 2\n", TOKEN),  # the file changed
        ("b.py", b"x = 1\n", TOKEN),  # another file with the same bytes
        ("a.py", b"x = 1\n", "0.2.0|{'select': ()}"),  # a new linter version
        ("a.py", b"x = 1\n", "0.1.0|{'select': ('RDS',)}"),  # other settings
    ],
)
def test_any_change_of_key_is_a_miss(tmp_path: Path, relpath: str, content: bytes, token: str) -> None:
    first = ResultCache(tmp_path / "c", TOKEN)
    first.put("a.py", b"x = 1\n", report("a.py"))
    first.flush()
    assert ResultCache(tmp_path / "c", token).get(relpath, content) is None
    assert ResultCache(tmp_path / "c", TOKEN).get("a.py", b"x = 1\n") == report("a.py")


def test_path_spelling_is_normalised(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", TOKEN)
    assert cache.key("pkg\\mod.py", b"x") == cache.key("pkg/mod.py", b"x")


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"",  # emptied
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 0xFF]),  # one flipped byte
        lambda blob: b"L44C\x00" + blob[5:],  # an older layout
        lambda blob: os.urandom(300),  # noise
    ],
    ids=["empty", "truncated", "flipped", "old-layout", "noise"],
)
def test_damaged_entry_is_a_miss(tmp_path: Path, damage) -> None:
    cache = ResultCache(tmp_path / "c", TOKEN)
    cache.put("a.py", b"x", report("a.py"))
    cache.flush()
    (entry,) = entry_files(tmp_path / "c")
    entry.write_bytes(damage(entry.read_bytes()))

    assert ResultCache(tmp_path / "c", TOKEN).get("a.py", b"x") is None
    # and the next run writes a good entry over it
    fresh = ResultCache(tmp_path / "c", TOKEN)
    fresh.put("a.py", b"x", report("a.py"))
    fresh.flush()
    assert ResultCache(tmp_path / "c", TOKEN).get("a.py", b"x") == report("a.py")


def test_planted_pickle_cannot_run_code(tmp_path: Path) -> None:
    """An entry holding a pickle that names os.system (as the old layout read)
    is a miss: entries are JSON, and unsigned bytes are never decoded."""
    cache = ResultCache(tmp_path / "c", TOKEN)
    cache.put("a.py", b"x", report("a.py"))
    cache.flush()
    (entry,) = entry_files(tmp_path / "c")
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps(Evil())
    for magic in (b"L44C\x02" + zlib.crc32(payload).to_bytes(4, "little"), entry.read_bytes()[:37]):
        entry.write_bytes(magic + payload)
        assert ResultCache(tmp_path / "c", TOKEN).get("a.py", b"x") is None
    assert not marker.exists()


def test_value_that_json_cannot_carry_is_not_cached(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", TOKEN)
    cache.put("a.py", b"x", lambda: None)
    cache.flush()
    assert cache.get("a.py", b"x") is None


def test_root_is_tagged_and_ignored_by_git(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / ".linter44s_cache", TOKEN)
    cache.put("a.py", b"x", report("a.py"))
    cache.flush()
    root = tmp_path / ".linter44s_cache"
    assert (root / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (root / ".gitignore").read_text().splitlines()[-1] == "*"
    (entry,) = entry_files(root)
    assert entry.parent.parent == root / "entries" and len(entry.parent.name) == 2
    assert not list(root.rglob("*.tmp"))


def test_many_entries_spread_over_shards(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", TOKEN)
    for i in range(600):  # more than one batch
        cache.put(f"m{i}.py", b"x", i)
    cache.flush()
    assert len(entry_files(tmp_path / "c")) == 600
    assert len({p.parent for p in entry_files(tmp_path / "c")}) > 100
    again = ResultCache(tmp_path / "c", TOKEN)
    assert all(again.get(f"m{i}.py", b"x") == i for i in range(600))


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from linter44s.cache import ResultCache

    root, who = Path(sys.argv[1]), sys.argv[2]
    for round in range(20):
        cache = ResultCache(root, "tok")
        for i in range(100):
            # every process writes the shared entries, and some of its own
            cache.put(f"shared{i}.py", b"same", ("shared", i))
            cache.put(f"{who}{i}.py", b"own", (who, i))
            got = cache.get(f"shared{(i * 7) % 100}.py", b"same")
            assert got in (None, ("shared", (i * 7) % 100)), got
        cache.flush()
    """
)


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path / "c"), who], env=env, stderr=subprocess.PIPE)
        for who in ("a", "b")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()

    cache = ResultCache(tmp_path / "c", "tok")
    for i in range(100):
        assert cache.get(f"shared{i}.py", b"same") == ("shared", i)
        assert cache.get(f"a{i}.py", b"own") == ("a", i)
        assert cache.get(f"b{i}.py", b"own") == ("b", i)
    assert not list(tmp_path.rglob("*.tmp"))


def test_unwritable_location_means_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should go")
    cache = ResultCache(blocker / "cache", TOKEN)  # mkdir fails even as root
    cache.put("a.py", b"x", report("a.py"))
    cache.flush()  # no exception
    assert ResultCache(blocker / "cache", TOKEN).get("a.py", b"x") is None
    cache.put("b.py", b"y", report("b.py"))  # writing stays off, quietly
    cache.flush()


def test_full_disk_stops_writing_quietly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ResultCache(tmp_path / "c", TOKEN)
    cache.put("a.py", b"x", report("a.py"))
    cache.flush()  # the folder is made and one entry written
    calls = []

    def full(src, dst):
        calls.append(dst)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("linter44s.atomic.os.replace", full)
    cache.put("b.py", b"y", report("b.py"))
    cache.put("c.py", b"z", report("c.py"))
    cache.flush()
    assert len(calls) == 1  # gave up after the first failure
    assert not list((tmp_path / "c").rglob("*.tmp"))  # and cleaned up after itself
    cache.put("d.py", b"w", report("d.py"))
    cache.flush()
    assert len(calls) == 1
    assert ResultCache(tmp_path / "c", TOKEN).get("a.py", b"x") == report("a.py")


def test_other_write_error_skips_only_that_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ResultCache(tmp_path / "c", TOKEN)
    cache.put("a.py", b"x", report("a.py"))
    cache.flush()
    real = os.replace
    seen = []

    def busy_once(src, dst):
        seen.append(dst)
        if len(seen) == 1:  # as Windows does while a reader holds the target
            raise OSError(errno.EBUSY, "Device or resource busy")
        real(src, dst)

    monkeypatch.setattr("linter44s.atomic.os.replace", busy_once)
    cache.put("b.py", b"y", report("b.py"))
    cache.put("c.py", b"z", report("c.py"))
    cache.flush()
    monkeypatch.undo()
    again = ResultCache(tmp_path / "c", TOKEN)
    got = [again.get(name, data) for name, data in (("b.py", b"y"), ("c.py", b"z"))]
    assert got.count(None) == 1


def test_unreadable_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", TOKEN)
    cache.put("a.py", b"x", report("a.py"))
    cache.flush()
    (entry,) = entry_files(tmp_path / "c")
    entry.unlink()
    entry.mkdir()  # opening it fails, as an unreadable file does (root reads any mode)
    assert ResultCache(tmp_path / "c", TOKEN).get("a.py", b"x") is None


def test_stat_index_of_another_token_reads_as_empty(tmp_path: Path) -> None:
    """An index renamed into the place of another token's is no answer for it:
    its signature covers the token it was written for."""
    first = ResultCache(tmp_path / "c", TOKEN)
    first.put_unchanged("a.py", (1, 0, 7, 0), "", "stored")
    first.flush()
    assert ResultCache(tmp_path / "c", TOKEN).get_unchanged("a.py", (1, 0, 7, 0), "") == "stored"
    other = ResultCache(tmp_path / "c", "0.2.0|{}")
    (index,) = (tmp_path / "c").glob("index-*")
    index.rename(other._index_path)
    assert other.get_unchanged("a.py", (1, 0, 7, 0), "") is None
