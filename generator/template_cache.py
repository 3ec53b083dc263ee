"""Compiled Jinja templates kept between builds, so that a template is compiled once.

Compiling the atlas's page templates takes about 0.1-0.2 s of every build, and `mkdocs serve`
compiles Material's templates again for every rebuild (about a fifth of a rebuild). Jinja keys
compiled templates by name and file and checks them against a hash of the template's source,
so a template that changed is compiled again.
"""

from __future__ import annotations

import functools

import jinja2


class MemoryTemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, for the environments of one kind (one set of Jinja
    options) that a process creates."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


@functools.cache
def lasting_template_cache(name: str) -> jinja2.BytecodeCache:
    """Compiled templates kept in Jinja's cache folder (private to the user, in the temporary
    folder), under `name`, or in memory where that folder cannot be made safely."""
    try:
        return jinja2.FileSystemBytecodeCache(pattern=f"__{name}_%s.cache")
    except (RuntimeError, OSError):
        return MemoryTemplateCache()
