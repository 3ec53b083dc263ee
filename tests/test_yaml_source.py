"""Safe YAML reading: plain data only, YAML 1.2 scalars, and the location of every key."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import yaml_source
from generator.problems import Problem
from generator.yaml_source import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    Location,
    YamlDocument,
    format_key_path,
    parse_yaml,
    read_yaml,
)
from tests.malformed_cases import CASES

FILE = "models/example.yaml"


def parsed(text: str) -> YamlDocument:
    result = parse_yaml(FILE, text)
    assert isinstance(result, YamlDocument), result
    return result


def refused(text: str) -> Problem:
    result = parse_yaml(FILE, text)
    assert isinstance(result, Problem), result
    assert result.file == FILE
    return result


# --- scalars ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("true", True),
        ("false", False),
        ("True", True),
        ("FALSE", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("12", 12),
        ("-3", -3),
        ("+5", 5),
        ("0", 0),
        ("010", 10),
        ("1.5", 1.5),
        ("-0.25", -0.25),
        (".5", 0.5),
        ("1.", 1.0),
        ("1.5e+3", 1500.0),
        # YAML 1.1 booleans are plain words in YAML 1.2.
        ("No", "No"),
        ("no", "no"),
        ("on", "on"),
        ("On", "On"),
        ("off", "off"),
        ("yes", "yes"),
        ("Yes", "Yes"),
        ("y", "y"),
        # Quoted scalars are always strings.
        ("'12'", "12"),
        ('"1.5"', "1.5"),
        ("'true'", "true"),
        ('"null"', "null"),
        ("''", ""),
        ("!!str 5", "5"),
        # Dates and times are kept as written.
        ("2024-01-02", "2024-01-02"),
        ("2024-01-02T10:00:00Z", "2024-01-02T10:00:00Z"),
        ("12:30", "12:30"),
        # YAML 1.1 number spellings that YAML 1.2 does not have.
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("Stage one", "Stage one"),
    ],
)
def test_scalars(written: str, value: object) -> None:
    data = parsed(f"value: {written}\n").data
    assert data == {"value": value}
    assert type(data["value"]) is type(value)


@pytest.mark.parametrize(("written", "value"), [("1e3", 1000.0), ("1.5e3", 1500.0), ("+.5", 0.5)])
def test_yaml_1_2_floats_without_a_yaml_1_1_spelling(written: str, value: float) -> None:
    assert parsed(f"value: {written}\n").data == {"value": value}


def test_block_scalars_are_strings() -> None:
    data = parsed("a: |\n  line one\n  line two\nb: >\n  folded\n  text\n").data
    assert data == {"a": "line one\nline two\n", "b": "folded text\n"}


def test_keys_that_look_like_numbers() -> None:
    data = parsed("1: one\n'1': quoted\n1.5: float\n").data
    assert data == {1: "one", "1": "quoted", "1.5": "float"}


def test_true_and_one_are_different_keys() -> None:
    data = parsed("1: one\ntrue: yes\n").data
    assert len(data) == 2
    assert all(type(key) in (str, int) for key in data)


# --- locations ----------------------------------------------------------------------------------

NESTED = """\
# A model
model:
  name: Example
  stages:
    - id: first
      requires:
        hearing: 2
        posting: 1
    - id: second
      signs:
        - one
        - [two, three]
"""


def test_data_of_nested_document() -> None:
    assert parsed(NESTED).data == {
        "model": {
            "name": "Example",
            "stages": [
                {"id": "first", "requires": {"hearing": 2, "posting": 1}},
                {"id": "second", "signs": ["one", ["two", "three"]]},
            ],
        }
    }


def test_locations_of_nested_keys_and_items() -> None:
    document = parsed(NESTED)
    assert document.locations == {
        (): Location(2, 1),
        ("model",): Location(2, 1),
        ("model", "name"): Location(3, 3),
        ("model", "stages"): Location(4, 3),
        ("model", "stages", 0): Location(5, 7),
        ("model", "stages", 0, "id"): Location(5, 7),
        ("model", "stages", 0, "requires"): Location(6, 7),
        ("model", "stages", 0, "requires", "hearing"): Location(7, 9),
        ("model", "stages", 0, "requires", "posting"): Location(8, 9),
        ("model", "stages", 1): Location(9, 7),
        ("model", "stages", 1, "id"): Location(9, 7),
        ("model", "stages", 1, "signs"): Location(10, 7),
        ("model", "stages", 1, "signs", 0): Location(11, 11),
        ("model", "stages", 1, "signs", 1): Location(12, 11),
        ("model", "stages", 1, "signs", 1, 0): Location(12, 12),
        ("model", "stages", 1, "signs", 1, 1): Location(12, 17),
    }


def test_locations_of_a_flow_mapping() -> None:
    document = parsed("a: {b: 1, c: [x, y]}\n")
    assert document.locate(("a", "c", 1)) == Location(1, 18)
    assert document.locate(("a", "c")) == Location(1, 11)
    assert document.locate(("a", "b")) == Location(1, 5)


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    document = parsed(NESTED)
    assert document.locate(("model", "stages", 0, "requires", "missing")) == Location(6, 7)
    assert document.locate(("model", "stages", 0, "name", "deeper")) == Location(5, 7)
    assert document.locate(("model", "stages", 7, "id")) == Location(4, 3)
    assert document.locate(("nothing", "here")) == Location(2, 1)
    assert document.locate(()) == Location(2, 1)


def test_locate_without_any_location_is_the_first_line() -> None:
    assert YamlDocument("x.yaml", {}, {}).locate(("a", 0)) == Location(1, 1)


def test_problem_at_a_path() -> None:
    document = parsed(NESTED)
    problem = document.problem(("model", "stages", 0, "requires", "posting"), "too low")
    assert problem == Problem(FILE, 8, 9, "model.stages[0].requires.posting", "too low")
    assert str(problem) == f"{FILE}:8:9: model.stages[0].requires.posting: too low"
    fallback = document.problem(("model", "stages", 1, "owner"), "missing")
    assert (fallback.line, fallback.column, fallback.path) == (9, 7, "model.stages[1].owner")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("stages",), "stages"),
        (("stages", 3, "requires", "hearing"), "stages[3].requires.hearing"),
        ((0,), "[0]"),
        ((0, "a", 1, 2), "[0].a[1][2]"),
        (("a", "b", "c"), "a.b.c"),
    ],
)
def test_format_key_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_key_path(path) == text


# --- refusals -----------------------------------------------------------------------------------


def test_duplicate_key_names_both_lines() -> None:
    problem = refused("name: A\nsummary: x\nname: B\n")
    assert (problem.line, problem.column, problem.path) == (3, 1, "name")
    assert problem.message == (
        "duplicate key 'name' (first written at line 1); each key may appear once"
    )


def test_duplicate_nested_key() -> None:
    problem = refused("stages:\n  - id: a\n    requires:\n      hearing: 1\n      hearing: 2\n")
    assert (problem.line, problem.column) == (5, 7)
    assert problem.path == "stages[0].requires.hearing"
    assert "duplicate key 'hearing' (first written at line 4)" in problem.message


def test_quoted_and_plain_spellings_of_a_key_are_duplicates() -> None:
    problem = refused("id: a\n'id': b\n")
    assert (problem.line, problem.column) == (2, 1)
    assert "duplicate key 'id' (first written at line 1)" in problem.message


@pytest.mark.parametrize(
    ("text", "tag", "column"),
    [
        ('a: !!python/object/apply:os.system ["echo"]\n', "python/object/apply:os.system", 4),
        ("a: !!python/name:os.system\n", "python/name:os.system", 4),
        ("a: !!binary aGVsbG8=\n", "binary", 4),
        ("a: !!set {x}\n", "set", 4),
        ("a: !!omap [b: 1]\n", "omap", 4),
    ],
)
def test_language_and_binary_tags_refused(text: str, tag: str, column: int) -> None:
    problem = refused(text)
    assert (problem.line, problem.column, problem.path) == (1, column, "a")
    assert problem.message == (
        f"the tag 'tag:yaml.org,2002:{tag}' is not allowed; models hold only plain data"
    )


def test_custom_tag_refused() -> None:
    problem = refused("a:\n  b: !custom value\n")
    assert (problem.line, problem.column, problem.path) == (2, 6, "a.b")
    assert problem.message == "the tag '!custom' is not allowed; models hold only plain data"


def test_tag_on_the_root_refused() -> None:
    problem = refused("!custom\na: 1\n")
    assert (problem.line, problem.column, problem.path) == (1, 1, "")
    assert "'!custom' is not allowed" in problem.message


def test_merge_key_refused() -> None:
    problem = refused("base: &base\n  x: 1\nstage:\n  <<: *base\n  y: 2\n")
    assert (problem.line, problem.column, problem.path) == (4, 3, "stage")
    assert problem.message == "merge keys (`<<`) are not supported; write the keys out"


def test_quoted_double_angle_is_an_ordinary_key() -> None:
    assert parsed("'<<': 1\n").data == {"<<": 1}


def test_aliases_within_bounds_are_expanded() -> None:
    assert parsed("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


def test_alias_bomb_refused() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    problem = refused("\n".join(lines) + "\n")
    assert problem.message == (
        f"the document expands to more than {MAX_NODES} values "
        "(aliases repeated too often?); refusing to read it"
    )
    # a0..a3 expand to 10 + 91 + 820 + 7381 values; a4 (66430) passes the limit. The problem
    # names that top-level key, where it is written.
    assert (problem.line, problem.column, problem.path) == (5, 1, "a4")


def test_undefined_alias_is_a_syntax_error() -> None:
    problem = refused("a: *nowhere\n")
    assert (problem.line, problem.column) == (1, 4)
    assert problem.message == "YAML syntax error: found undefined alias 'nowhere'"


def test_deep_flow_nesting_refused() -> None:
    depth = MAX_DEPTH + 2  # the root and 25 levels below it
    problem = refused("[" * depth + "]" * depth + "\n")
    assert problem.message == f"nesting deeper than {MAX_DEPTH} levels is not allowed"
    assert (problem.line, problem.column) == (1, MAX_DEPTH + 2)
    assert problem.path == "[0]" * (MAX_DEPTH + 1)


def test_deep_block_nesting_refused() -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(MAX_DEPTH + 5))
    problem = refused(text)
    assert problem.message == f"nesting deeper than {MAX_DEPTH} levels is not allowed"
    assert problem.path == ".".join(f"k{level}" for level in range(MAX_DEPTH + 1))


def test_nesting_at_the_limit_is_read() -> None:
    depth = MAX_DEPTH + 1  # the root and 24 levels below it
    data = parsed("[" * depth + "]" * depth + "\n").data
    for _ in range(depth - 1):
        assert isinstance(data, list) and len(data) == 1
        data = data[0]
    assert data == []


def test_nesting_too_deep_for_the_parser_refused() -> None:
    # PyYAML's composer recurses once per level: the loader stops it at the limit, long before
    # the interpreter's recursion limit, and says where.
    problem = refused("[" * 10_000 + "]" * 10_000 + "\n")
    assert (problem.line, problem.column) == (1, MAX_DEPTH + 2)
    assert problem.path == "[0]" * (MAX_DEPTH + 1)
    assert problem.message == f"nesting deeper than {MAX_DEPTH} levels is not allowed"


def test_key_that_is_a_list_refused() -> None:
    problem = refused("? [a, b]\n: 1\n")
    assert (problem.line, problem.column) == (1, 3)
    assert problem.message == "a key must be a plain word, not a list or mapping"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a:\n\tb: 1\n", 2, 1),
        ("a:\n  \tb: 1\n", 2, 3),
        ("a: 1\nb:\n  - x\n \t - y\n", 4, 2),
    ],
)
def test_tab_indentation_refused(text: str, line: int, column: int) -> None:
    problem = refused(text)
    assert (problem.line, problem.column, problem.path) == (line, column, "")
    assert problem.message == "tab character in indentation; use spaces"


def test_tab_after_indentation_is_allowed() -> None:
    assert parsed('a: "x\ty"\nb: "\t"\n').data == {"a": "x\ty", "b": "\t"}


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n", "   \n# c\n"])
def test_empty_document(text: str) -> None:
    problem = refused(text)
    assert (problem.line, problem.column, problem.path) == (1, 1, "")
    assert problem.message == "the file is empty"


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "a: [1, 2\nb: 3\n",
            2,
            2,
            "YAML syntax error: while parsing a flow sequence expected ',' or ']', but got ':'",
        ),
        ("name: a: b\n", 1, 8, "YAML syntax error: mapping values are not allowed here"),
        (
            "a: 1\n---\nb: 2\n",
            2,
            1,
            "YAML syntax error: expected a single document in the stream but found another "
            "document",
        ),
        # An unclosed quote is reported where it opens, not at the end of the file.
        (
            "a: 'unterminated\nb: 2\n",
            1,
            4,
            "YAML syntax error: while scanning a quoted scalar found unexpected end of stream",
        ),
    ],
)
def test_syntax_error_location(text: str, line: int, column: int, message: str) -> None:
    problem = refused(text)
    assert (problem.line, problem.column, problem.path) == (line, column, "")
    assert problem.message == message


# --- files --------------------------------------------------------------------------------------


def test_read_yaml(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text("name: Modèle\nstages:\n  - id: a\n", encoding="utf-8")
    document = read_yaml(path, FILE)
    assert isinstance(document, YamlDocument)
    assert document.file == FILE
    assert document.data == {"name": "Modèle", "stages": [{"id": "a"}]}
    assert document.locate(("stages", 0, "id")) == Location(3, 5)


def test_read_yaml_skips_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffname: A\nstage:\n  id: b\n".encode())
    document = read_yaml(path, FILE)
    assert isinstance(document, YamlDocument)
    assert document.data == {"name": "A", "stage": {"id": "b"}}
    assert document.locate(("name",)) == Location(1, 1)
    assert document.locate(("stage", "id")) == Location(3, 3)


def test_read_yaml_problem_after_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeff\tname: A\n".encode())
    problem = read_yaml(path, FILE)
    assert problem == Problem(FILE, 1, 1, "", "tab character in indentation; use spaces")


def test_read_yaml_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: A\nsummary: caf\xe9\n")
    problem = read_yaml(path, FILE)
    assert problem == Problem(FILE, 2, 13, "", "the file is not valid UTF-8")


def test_read_yaml_invalid_utf8_on_the_first_byte(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\xff\xfe")
    problem = read_yaml(path, FILE)
    assert problem == Problem(FILE, 1, 1, "", "the file is not valid UTF-8")


def test_read_yaml_invalid_utf8_column_counts_characters(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yaml"
    # Editors count characters: `é` is two bytes but one column.
    path.write_bytes("é: ".encode() + b"\xff\n")
    problem = read_yaml(path, FILE)
    assert problem == Problem(FILE, 1, 4, "", "the file is not valid UTF-8")


def test_read_yaml_oversized_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES - 3) + b"\n")
    problem = read_yaml(path, FILE)
    assert problem == Problem(
        FILE,
        1,
        1,
        "",
        f"the file is {MAX_FILE_BYTES + 1} bytes; the limit is {MAX_FILE_BYTES} bytes",
    )


def test_read_yaml_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "limit.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES - 4) + b"\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    document = read_yaml(path, FILE)
    assert isinstance(document, YamlDocument)
    assert document.data == {"a": "x" * (MAX_FILE_BYTES - 4)}


# --- libyaml reads as the pure-Python reader does ---------------------------------------------

TESTS = Path(__file__).resolve().parent
# The real models, the fixture atlases, and the text of every malformed case written as a file.
YAML_TEXTS = {
    **{
        f"{path.parent.name}/{path.name}": path.read_bytes().decode("utf-8", errors="replace")
        for path in sorted(
            [*(TESTS.parent / "models").glob("*.yaml"), *(TESTS / "fixtures").rglob("*.yaml")]
        )
    },
    **{f"malformed/{name}": text for name, case in CASES.items() if (text := case.text())},
}


def read_both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """The result with libyaml (where PyYAML has it), then with the pure-Python reader only."""
    with_libyaml = parse_yaml(FILE, text)
    with monkeypatch.context() as patched:
        patched.setattr(yaml_source, "_FastLoader", None)
        pure = parse_yaml(FILE, text)
    return with_libyaml, pure


def assert_read_alike(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with_libyaml, pure = read_both_ways(text, monkeypatch)
    assert with_libyaml == pure
    if isinstance(pure, YamlDocument):
        assert isinstance(with_libyaml, YamlDocument)
        assert repr(with_libyaml.data) == repr(pure.data)  # 1 and 1.0, True and 1 told apart
        assert with_libyaml.locations == pure.locations


@pytest.mark.parametrize("name", sorted(YAML_TEXTS))
def test_every_model_fixture_and_malformed_case_reads_alike_with_libyaml(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_read_alike(YAML_TEXTS[name], monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        "a: x\t\nb: 1\n",  # libyaml reads a tab after a value as a space
        "a: 1 \t# note\n",
        "a: x\n\ufeffb: 1\n",  # and stops at a byte order mark that PyYAML reads as text
        'a: [1, {b: 2}]\nc: "é" # é\nd: |\n  é\n  x\n',
    ],
)
def test_where_libyaml_differs_the_file_reads_alike(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_read_alike(text, monkeypatch)


yamlish = st.lists(
    st.sampled_from(
        [
            *" \n:-[]{},#&*!|>'\"%?@`\\",
            *["\t", "\r", "\ufeff", "\u00a0", "é", "a", "1", "1e3", "key: ", "- ", "  ", "\n  "],
            *["---\n", "...\n", "&a ", "*a", "!!str ", "<<: ", "? "],
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(yamlish)
def test_any_text_reads_alike_with_libyaml(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_read_alike(text, monkeypatch)
