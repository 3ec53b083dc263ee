"""The maintainers' command line: check, export, start a model, refresh the editor schemas.

    python -m generator check [--models DIR] [--content DIR]
    python -m generator export [--models DIR] [--out DIR]
    python -m generator new-model ID [--models DIR]
    python -m generator schema [--models DIR]

It builds no site (only `export` borrows MkDocs' URL rules, from generator/page_urls.py), so
`check` is quick enough for a pre-commit hook. Problems are printed as
`file:line:column: key path: message`, the format editors and terminals turn into links.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.atlas import RESERVED_FILES, Atlas, load_atlas
from generator.json_schema import read_vocabulary, write_schemas
from generator.problems import AtlasError, Problem
from generator.quiz_assets import QuizEngineFiles
from generator.schema import SLUG_PATTERN, VocabularyFile

DEFAULT_MODELS = Path("models")
DEFAULT_CONTENT = Path("content")
DEFAULT_OUT = Path("build")
EXIT_OK = 0
EXIT_PROBLEMS = 1

# The export renders no page, so it never says where the quiz engine's files are.
_NO_ENGINE = QuizEngineFiles(pyodide_dir="", lock_file="", package_file="", package_integrity="")


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _load(models: Path, content: Path | None = None) -> Atlas:
    # Files are named relative to the working folder, as a terminal or editor opens them.
    return load_atlas(models, display_root=Path.cwd(), content_dir=content)


def content_folder(models: Path, content: Path | None) -> Path | None:
    """The folder of hand-written pages to check with the models: `content` when given, else
    the `content` folder beside the models folder if there is one (as in the project)."""
    if content is not None:
        return content
    beside = models.parent / DEFAULT_CONTENT.name
    return beside if beside.is_dir() else None


def _report(problems: Sequence[Problem]) -> int:
    for problem in problems:
        print(problem)
    files = len({p.file for p in problems})
    print(f"{_plural(len(problems), 'problem')} in {_plural(files, 'file')}", file=sys.stderr)
    return EXIT_PROBLEMS


def check(models: Path, content: Path | None = None) -> int:
    """Validate every file in `models`, and the site's pages with the hand-written ones of
    `content` (see `content_folder`): print each problem and return 1, or a summary and 0."""
    try:
        atlas = _load(models, content_folder(models, content))
    except AtlasError as error:
        return _report(error.problems)
    stages = sum(len(m.stages) for m in atlas.models)
    print(
        f"{models.as_posix()}: {_plural(len(atlas.models), 'model')}, "
        f"{_plural(stages, 'stage')}, {_plural(len(atlas.capabilities), 'capability', 'capabilities')} "
        f"and {_plural(len(atlas.quiz.questions), 'quiz question')}, no problems"
    )
    return EXIT_OK


def export_files(atlas: Atlas) -> dict[str, str]:
    """atlas.json and the quiz spec, by the site path the build serves them at."""
    # Imported here: the renderer makes URLs by MkDocs' rules, and importing MkDocs would slow
    # down `check`, which the pre-commit hook runs on every commit.
    from generator.render import ATLAS_JSON, SiteRenderer

    renderer = SiteRenderer(atlas, _NO_ENGINE)
    return {
        ATLAS_JSON: renderer.atlas_json(),
        renderer.quiz_spec_file: renderer.quiz_spec_json,
    }


def export(models: Path, out: Path) -> int:
    """Write atlas.json and the quiz spec under `out`, laid out as in the built site."""
    try:
        atlas = _load(models)
    except AtlasError as error:
        return _report(error.problems)
    for site_path, content in export_files(atlas).items():
        path = out / site_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        except OSError as error:
            print(f"error: cannot write {path.as_posix()}: {error.strerror}", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"wrote {path.as_posix()}")
    return EXIT_OK


# --- new-model ------------------------------------------------------------------------------

# The skeleton leaves every value a maintainer must write empty ("" or nothing), so `check`
# refuses it, and lists what is left to fill in, until the model is complete: an unfinished
# model can never be published with placeholder text.
_SKELETON = """\
# yaml-language-server: $schema=schema/model.schema.json
# Model '{model_id}': its pages will be models/{model_id}/ on the site.
# Fill in every empty value below. Until all are filled, `python -m generator check` fails and
# lists each one still empty with its line; CONTRIBUTING.md explains every field.

# The model's title as its source names it, and a short name for navigation and tables.
title: ""
short_title: ""
# Who the text credits, exactly as it does. When it names nobody, write `authors: []` and say
# how it presents its authorship in credit_note instead.
authors:
  - name: ""
    role: ""  # how the text credits them, e.g. original blog post
# credit_note: The text names no author and gives no date.
# year: "2010"
source:
  title: ""  # the article's title as published
  # publication: Where the article appeared, if the text says so
  # publisher: Who published it, if not its authors or the publication (the firm behind a report)
  # url: https://example.org/where-the-text-can-be-read
  # The file name of the archived copy of the text, e.g. 005_0123456789abcdef.txt. With no
  # archived copy, remove this line and give `url` instead.
  seed: ""
# What the model says, in a short paragraph of your own words (use `summary: |` and indented
# lines for more than one line), and what it orders organisations by, in one line.
summary: ""
orders_by: ""
# How the source's stages relate: `ladder` when each builds on the ones before it, `functions`
# when each is a business function of its own, in place or not in any order.
scoring: ladder
# stage_term: phase  # when the source speaks of phases rather than stages
# claims:  # the model's claims, each in your own words with a short quote from the source
#   - text: ...
#     quote: ...
# advice:  # the stage the text advises each kind of business to start with
#   - business_kind: ...{kinds}
#     stage: ...
#     text: ...

# One entry per stage, in the source's order, numbered 1, 2, 3... (0 for a pre-stage).
# `requires` lists the capability levels (1 to 4) an organisation shows at the stage, each with
# what it rests on: the source's words (`quote`, checked against the source text, and an
# optional `note`) or the atlas's reading (`inferred`: why), e.g.
#   requires:
#     listening:
#       level: 2
#       quote: It involves setting up listening posts
# On a ladder, levels of earlier stages carry forward and need not be repeated; write
# `requires: {{}}` for a stage requiring nothing. A stage the source says may be skipped takes
# `skippable:` with a `quote` or `inferred`. Signs, pitfalls and steps the source does not
# support are written as `- text: ...` with `reading: why the atlas adds it`.{capabilities}
stages:
{stages}"""

_STAGE = """\
  - id: ""  # lower-case words joined by hyphens, unique in this model: the page's URL
    number: {number}
    name: ""  # the stage's own name in the source
    summary: ""  # one line on what characterises the stage
    description: ""  # the stage in your own words; paragraphs with `description: |`
    signs:  # observable signs that an organisation is at this stage
      - ""
    pitfalls: []  # pitfalls the source names, one line each
    next_steps: []  # how to move on to the next stage
    requires:
"""


def _vocabulary(models: Path) -> VocabularyFile | None:
    """The shared vocabulary, to list its capabilities in the skeleton; None if unreadable."""
    vocabulary = read_vocabulary(models)
    return None if isinstance(vocabulary, list) else vocabulary


def skeleton(model_id: str, vocabulary: VocabularyFile | None) -> str:
    """The commented skeleton of a new model file: valid YAML that `check` refuses until filled."""
    capabilities = kinds = ""
    if vocabulary is not None:
        capabilities = "\n# Capabilities (from vocabulary.yaml) and their levels:" + "".join(
            f"\n#   {c.id}: {', '.join(f'{v.level} {v.label}' for v in c.levels[1:])}"
            for c in vocabulary.capabilities
        )
        kinds = f"  # one of {', '.join(k.id for k in vocabulary.business_kinds)}"
    stages = "".join(_STAGE.format(number=number) for number in (1, 2))
    return _SKELETON.format(
        model_id=model_id, kinds=kinds, capabilities=capabilities, stages=stages
    )


def new_model(model_id: str, models: Path) -> int:
    """Write `models/<id>.yaml` as a skeleton; refuse to overwrite a file."""
    path = models / f"{model_id}.yaml"
    if path.name in RESERVED_FILES:
        print(f"error: {path.as_posix()} is not a model file; choose another id", file=sys.stderr)
        return EXIT_PROBLEMS
    if not models.is_dir():
        print(f"error: the models folder {models.as_posix()} does not exist", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(skeleton(model_id, _vocabulary(models)))
    except FileExistsError:
        print(f"error: {path.as_posix()} already exists; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {path.as_posix()}: fill in its empty values, then run python -m generator check")
    return EXIT_OK


def schema(models: Path) -> int:
    """Write the JSON Schemas editors check the YAML files with, listing the vocabulary's ids;
    write nothing while the vocabulary has problems."""
    vocabulary = read_vocabulary(models)
    if isinstance(vocabulary, list):
        return _report(vocabulary)
    for path in write_schemas(models, vocabulary):
        print(f"wrote {path.as_posix()}")
    return EXIT_OK


# --- arguments ------------------------------------------------------------------------------


def _model_id(text: str) -> str:
    if not re.fullmatch(SLUG_PATTERN, text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a model id: use lower-case letters and digits in words joined by "
            "hyphens, like 'maturity-model'"
        )
    return text


def parser() -> argparse.ArgumentParser:
    """The command line's parser, one sub-command per task."""
    main = argparse.ArgumentParser(
        prog="python -m generator",
        description="Check and export the atlas's models without building the site.",
    )
    commands = main.add_subparsers(dest="command", required=True)

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=summary)
        sub.add_argument(
            "--models",
            type=Path,
            default=DEFAULT_MODELS,
            metavar="DIR",
            help="the models folder (default: %(default)s)",
        )
        return sub

    check_command = command(
        "check",
        "Validate every model file, and the site's pages with the hand-written ones, and print "
        "every problem with its place.",
    )
    check_command.add_argument(
        "--content",
        type=Path,
        default=None,
        metavar="DIR",
        help="the folder of hand-written pages (default: content, beside the models folder, "
        "when there is one): no two pages at one address, and no link to a missing page",
    )
    export_command = command(
        "export", "Write atlas.json and the quiz spec as the site serves them."
    )
    export_command.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help="where to write them, laid out as in the site (default: %(default)s)",
    )
    new = command("new-model", "Write a commented skeleton model file to fill in.")
    new.add_argument("id", type=_model_id, help="the model id, which becomes its file name")
    command("schema", "Write the JSON Schemas editors use to check the YAML files.")
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    if args.command == "check":
        return check(args.models, args.content)
    if args.command == "export":
        return export(args.models, args.out)
    if args.command == "new-model":
        return new_model(args.id, args.models)
    return schema(args.models)
