"""Writing files atomically: a temporary file beside the target, renamed over it only when complete.

A temporary file is named ``.<name>.rectify-tmp-<pid>-<n><suffix>`` (its staging folder, if any,
adds ``.d``), so that one left by a killed run is recognised and removed by the next run that
writes into the same folder once its process is gone.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_TEMP = re.compile(r"^\..+\.rectify-tmp-(\d+)-\d+")
_counter = itertools.count()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return False
    return True


def remove_leftovers(folder: str | Path) -> list[Path]:
    """Remove the temporary files and staging folders in ``folder`` left by runs whose process is gone."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def temp_beside(target: Path) -> Path:
    """A new temporary path beside ``target`` (its folder created), after removing dead runs' leftovers."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent)
    return target.with_name(f".{target.name}.rectify-tmp-{os.getpid()}-{next(_counter)}{target.suffix}")


def commit(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the permissions a new file gets under the umask, then rename it over ``target``."""
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)


def discard(tmp: Path) -> None:
    Path(tmp).unlink(missing_ok=True)
    shutil.rmtree(f"{tmp}.d", ignore_errors=True)


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only if the block completes.

    An interrupted write never leaves a half-written file, and an existing file
    is replaced only by a complete one.
    """
    target = Path(path)
    tmp = temp_beside(target)
    try:
        yield tmp
        commit(tmp, target)
    except BaseException:
        discard(tmp)
        raise


def backup_of(path: str | Path) -> Path:
    """Where :func:`atomic_directory` keeps the folder it replaces until the new one is in place."""
    target = Path(path)
    return target.with_name(f".{target.name}.old")


@contextmanager
def atomic_directory(path: str | Path) -> Iterator[Path]:
    """Yield a staging folder beside ``path``; when the block completes, it replaces the folder ``path``.

    Two renames: the old folder moves aside to :func:`backup_of`, the new one moves in, then the backup
    goes. A kill between them leaves only the backup, which a reader falls back to, saying so.
    """
    target = Path(path)
    tmp = temp_beside(target)
    staging = Path(f"{tmp}.d")
    staging.mkdir()
    staging.chmod(0o755)
    try:
        yield staging
        for p in staging.iterdir():
            with open(p, "rb") as f:
                os.fsync(f.fileno())
        backup = backup_of(target)
        if target.exists():
            if backup.exists():
                shutil.rmtree(backup)
            os.replace(target, backup)
        os.replace(staging, target)
        shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        discard(tmp)
        raise
