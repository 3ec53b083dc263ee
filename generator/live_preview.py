"""What `mkdocs serve` leaves out to show a change sooner: plugins a live preview can do without.

`mkdocs serve` rebuilds the whole site after every save. Indexing the pages for search takes
0.2-0.25 s of each rebuild of the real atlas, and the dates from Git 0.5 s of the first build
and about 0.05 s of each later one. `mkdocs build` keeps both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# A preview needs no search index (the search box finds nothing under `serve`) and no "last
# update" dates from Git (pages show none under `serve`).
SKIPPED_PLUGINS = ("search", "material/search", "git-revision-date-localized")


def skip_plugins(plugins: Mapping[str, Any]) -> list[str]:
    """Switch off the plugins of `SKIPPED_PLUGINS` that are in use; return their names.

    MkDocs validates each plugin's options anew for every rebuild, so this is done every time.
    """
    skipped = []
    for name in SKIPPED_PLUGINS:
        plugin = plugins.get(name)
        if plugin is not None and plugin.config.get("enabled", False):
            plugin.config["enabled"] = False
            skipped.append(name)
    return skipped
