"""A build that succeeds or changes nothing: the site is written beside the output folder, and
replaces it only once the build has succeeded.

MkDocs empties the output folder before it writes the first page, and `--strict` fails a build
only after every file is written: either way a failed build would leave a broken or empty site
where the last good one was. The plugin points MkDocs at a fresh folder next to the output
folder (on the same file system, so that moving it is a rename), swaps it in when the build has
succeeded, and removes it when the build fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def staging_folder(site: Path) -> Path:
    """A new, empty folder beside `site` (created with its parents) to build the site into."""
    site.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site.name}.building-", dir=site.parent))


def replace_site(site: Path, staged: Path) -> None:
    """Put the built `staged` folder in the place of `site`, and remove the previous site.

    Two renames: the previous site is moved aside, then the new one moved in; if the second
    fails, the previous site is moved back. Between the two, for a moment, there is no site.
    """
    if not site.exists():
        staged.rename(site)
        return
    previous = Path(tempfile.mkdtemp(prefix=f".{site.name}.previous-", dir=site.parent))
    # Renaming a folder over an empty one replaces it on POSIX, but not everywhere else.
    previous.rmdir()
    site.rename(previous)
    try:
        staged.rename(site)
    except OSError:
        previous.rename(site)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def discard(staged: Path) -> None:
    """Remove a staging folder and everything written into it (nothing if it is gone)."""
    shutil.rmtree(staged, ignore_errors=True)


def real_path(site: str) -> Path:
    """The output folder itself when `site` is a symbolic link to it: the link stays, and the
    folder it leads to is replaced."""
    return Path(os.path.realpath(site))
