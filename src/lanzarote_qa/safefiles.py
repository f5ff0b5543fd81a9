"""Files read at start-up must be regular files of a sane size: a FIFO would hang, /dev/zero grow forever."""

from __future__ import annotations

import stat
from pathlib import Path

MiB = 1 << 20


def file_problem(path: Path, max_bytes: int) -> str | None:
    """Why a path cannot be read as a data file (missing, not a regular file, too large), or None."""
    try:
        info = path.stat()  # follows a symlink: what matters is what would be read
    except FileNotFoundError:
        return f"{path} does not exist"
    except OSError as exc:
        return f"{path} cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return f"{path} is not a regular file"
    if info.st_size > max_bytes:
        return f"{path} is {info.st_size / MiB:,.1f} MiB; the limit is {max_bytes / MiB:,.0f} MiB"
    return None
