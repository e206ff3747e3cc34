"""Writing outputs: each profile's set of files appears whole, or not at all."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from acocontract.errors import AcoError, error


@functools.cache
def _umask() -> int:
    """The process's umask, read once (reading it means setting it, which is not safe while
    another thread creates files)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


# what a writer leaves only when it is killed before it can clean up: a staging folder or file
# (`.<name>.<8 random characters from tempfile>.partial`) or a replaced output on its way out
# (`.<name>.<8 hex digits>.old`); nothing else in the folder matches
_STALE = re.compile(r"^\..+\.(?:[a-z0-9_]{8}\.partial|[0-9a-f]{8}\.old)$")


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One writer at a time in `folder`: an advisory lock on the folder itself (no lock file
    to leave behind), released when the writer ends or dies. While it is held, anything
    stale a killed writer left is removed."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, and no cleaning (a live writer's stage is safe)
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _remove_stale(folder)
        yield
    finally:
        os.close(fd)


def _remove_stale(folder: Path) -> None:
    for entry in os.scandir(folder):
        if _STALE.match(entry.name):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _fail(out_dir: Path, err: OSError) -> AcoError:
    reason = err.strerror or str(err)
    return AcoError(
        [
            error(
                str(out_dir),
                1,
                1,
                "cannot-write",
                f"cannot write the output: {reason}",
                "choose a folder you can write to with -o",
            )
        ]
    )


def write_file(path: Path, data: bytes) -> None:
    """One file, written whole: a temporary file beside it, then a rename."""
    temporary = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with locked(path.parent):
            with tempfile.NamedTemporaryFile(
                dir=path.parent, prefix=f".{path.name}.", suffix=".partial", delete=False
            ) as handle:
                temporary = handle.name
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, path)
    except OSError as err:
        raise _fail(path, err) from None
    finally:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)


def _sync(paths: list[Path]) -> None:
    """Every file on disk before any is renamed into place; the syncs run side by side (each
    waits on the disk, not the processor)."""
    import threading

    errors: list[BaseException] = []

    def sync(path: Path) -> None:
        try:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except BaseException as err:  # raised again in the writing thread, below
            errors.append(err)

    threads = [threading.Thread(target=sync, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def write_sets(out_dir: Path, sets: Mapping[str, Mapping[str, bytes]]) -> None:
    """Write each set to `out_dir/<name>/` through a staging folder and a rename.

    Every file of every set is written and flushed before any set replaces what was there, so
    a failure or an interruption leaves earlier outputs untouched and no half-written file.
    """
    for name, files in sets.items():
        for file_name in [name, *files]:
            if not file_name or file_name in (".", "..") or "/" in file_name or "\\" in file_name:
                raise ValueError(f"unsafe output name {file_name!r}")
    staged: list[tuple[str, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with locked(out_dir):
            _stage_and_replace(out_dir, sets, staged)
    except OSError as err:
        raise _fail(out_dir, err) from None
    finally:
        for _, stage in staged:
            if stage.exists():
                shutil.rmtree(stage, ignore_errors=True)


def _stage_and_replace(
    out_dir: Path, sets: Mapping[str, Mapping[str, bytes]], staged: list[tuple[str, Path]]
) -> None:
    mode = 0o777 & ~_umask()
    written: list[Path] = []
    for name, files in sets.items():
        stage = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=out_dir))
        staged.append((name, stage))
        os.chmod(stage, mode)
        for file_name, data in sorted(files.items()):
            (stage / file_name).write_bytes(data)
            written.append(stage / file_name)
    _sync(written)
    for name, stage in staged:
        final = out_dir / name
        old: Path | None = None
        if final.exists() or final.is_symlink():
            old = out_dir / f".{name}.{secrets.token_hex(4)}.old"
            os.replace(final, old)
        os.replace(stage, final)
        if old is not None:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
