"""Every model against its source text: quotes are verbatim, the rest is in the atlas's own words.

The source texts are not part of the repository (they are third-party articles). They live in
`../shared/seeds/` beside the project, or wherever `ATLAS_SEEDS` points; without them these
tests are skipped, and say so. With them:

- every `quote` in a model file (claims, requirements, ceilings, skippable stages, signs and
  steps) and every calibration `passage` appears word for word in the model's source (only
  typographic quotes, apostrophes and white space are normalised);
- the prose outside quotes is the atlas's own: no run of more than 10 words shared with the
  source, at most 1 % of all prose words in shared runs of 8 words or more, and no stage
  description with more than 30 % of its words in in-order matching blocks of 3 or more words.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MODELS, PROJECT

LONGEST_SHARED_RUN = 10
COPIED_RUN = 8
MAX_COPIED_SHARE = 0.01
MAX_IN_ORDER_OVERLAP = 0.30
IN_ORDER_BLOCK = 3

SEEDS = Path(os.environ.get("ATLAS_SEEDS", PROJECT.parent / "shared" / "seeds"))
pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"no source texts at {SEEDS} (set ATLAS_SEEDS to their folder)"
)

# Keys whose values are the source's own words or names, not the atlas's prose.
NOT_PROSE = frozenset(
    {"quote", "title", "short_title", "name", "number_label", "owner", "seed", "publication", "id"}
)
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def normalised(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHY).split())


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().translate(_TYPOGRAPHY))


def model_files() -> list[Path]:
    return sorted(p for p in MODELS.glob("*.yaml") if "stages" in _load(p))


@cache
def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@cache
def source_text(seed: str) -> str:
    return (SEEDS / seed).read_text(encoding="utf-8")


def quotes(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every `quote` value in a model file, with its key path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "quote" and isinstance(value, str):
                yield f"{path}.{key}", value
            else:
                yield from quotes(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from quotes(value, f"{path}[{index}]")


def prose(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every piece of the atlas's own text in a model file, with its key path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in NOT_PROSE or key == "authors":
                continue
            yield from prose(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from prose(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


class SharedRuns:
    """Runs of words that a text shares with a source, found through the source's n-grams."""

    def __init__(self, source: str) -> None:
        self.source = words(source)
        self.grams = {
            tuple(self.source[i : i + n])
            for n in range(1, LONGEST_SHARED_RUN + 2)
            for i in range(len(self.source) - n + 1)
        }

    def run_lengths(self, text_words: list[str]) -> list[int]:
        """For each position, the length of the longest shared run starting there (capped one
        past the longest allowed, which is all the tests need to know)."""
        lengths = []
        for start in range(len(text_words)):
            length = 0
            while (
                start + length < len(text_words)
                and length <= LONGEST_SHARED_RUN
                and tuple(text_words[start : start + length + 1]) in self.grams
            ):
                length += 1
            lengths.append(length)
        return lengths


@cache
def shared_runs(seed: str) -> SharedRuns:
    return SharedRuns(source_text(seed))


@pytest.mark.parametrize("path", model_files(), ids=lambda p: p.name)
def test_every_quote_is_in_the_source(path: Path) -> None:
    data = _load(path)
    source = normalised(source_text(data["source"]["seed"]))
    missing = [
        f"{where}: {quote!r}" for where, quote in quotes(data) if normalised(quote) not in source
    ]
    assert not missing, "quotes not found word for word in the source:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", model_files(), ids=lambda p: p.name)
def test_prose_shares_no_long_run_with_the_source(path: Path) -> None:
    data = _load(path)
    runs = shared_runs(data["source"]["seed"])
    too_long = []
    for where, text in prose(data):
        text_words = words(text)
        lengths = runs.run_lengths(text_words)
        if lengths and max(lengths) > LONGEST_SHARED_RUN:
            start = lengths.index(max(lengths))
            too_long.append(f"{where}: {' '.join(text_words[start : start + max(lengths)])!r}")
    assert not too_long, "runs of more than 10 words copied from the source:\n" + "\n".join(
        too_long
    )


@pytest.mark.parametrize(
    "path", sorted((Path(__file__).parent / "calibration").glob("*.yaml")), ids=lambda p: p.stem
)
def test_every_calibration_passage_is_in_its_source(path: Path) -> None:
    data = _load(path)
    seeds = {p.stem: _load(p)["source"]["seed"] for p in model_files()}
    missing = [
        f"{model_id}: {expected['passage']!r}"
        for model_id, expected in data["expected"].items()
        if normalised(expected["passage"]) not in normalised(source_text(seeds[model_id]))
    ]
    assert not missing, f"passages not found word for word in the source: {missing}"


def test_at_most_one_percent_of_prose_is_copied() -> None:
    total = copied = 0
    for path in model_files():
        data = _load(path)
        runs = shared_runs(data["source"]["seed"])
        for _, text in prose(data):
            text_words = words(text)
            covered = [False] * len(text_words)
            for start, length in enumerate(runs.run_lengths(text_words)):
                if length >= COPIED_RUN:
                    covered[start : start + length] = [True] * length
            total += len(text_words)
            copied += sum(covered)
    assert total > 0
    assert copied / total <= MAX_COPIED_SHARE, f"{copied} of {total} prose words are copied"


def in_order_overlap(text: str, source: str) -> float:
    """The share of the text's words in blocks of 3+ words matching the source in order."""
    text_words, source_words = words(text), words(source)
    matcher = difflib.SequenceMatcher(None, text_words, source_words, autojunk=False)
    matched = sum(
        block.size for block in matcher.get_matching_blocks() if block.size >= IN_ORDER_BLOCK
    )
    return matched / len(text_words) if text_words else 0.0


@pytest.mark.parametrize("path", model_files(), ids=lambda p: p.name)
def test_stage_descriptions_do_not_follow_the_source_sentence_by_sentence(path: Path) -> None:
    data = _load(path)
    source = source_text(data["source"]["seed"])
    too_close = {
        stage["id"]: round(overlap, 2)
        for stage in data["stages"]
        if (overlap := in_order_overlap(stage["description"], source)) > MAX_IN_ORDER_OVERLAP
    }
    assert not too_close, f"stage descriptions too close to the source: {too_close}"


def test_the_measures_tell_copied_text_from_paraphrase() -> None:
    """The measures themselves: a copied sentence fails them, a paraphrase passes."""
    source = (
        "Companies in this stage might have started to experiment with Social Media. Many "
        "have a Facebook, MySpace, or Twitter account or page and send the same messages."
    )
    copied = "Many have a Facebook, MySpace, or Twitter account or page and send the same messages."
    own = "Firms here are trying social networks for the first time, usually through one page."
    runs = SharedRuns(source)
    assert max(runs.run_lengths(words(copied))) > LONGEST_SHARED_RUN
    assert max(runs.run_lengths(words(own)), default=0) < COPIED_RUN
    assert in_order_overlap(copied, source) > MAX_IN_ORDER_OVERLAP
    assert in_order_overlap(own, source) < MAX_IN_ORDER_OVERLAP
