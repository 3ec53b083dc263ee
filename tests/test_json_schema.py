"""The exported JSON Schemas match the pydantic schema and list the vocabulary's ids, and every
YAML file points at one and passes it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import jsonschema
import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import generator.schema
from generator.atlas import RESERVED_FILES
from generator.json_schema import SCHEMA_DIR, SCHEMAS, read_vocabulary, schema_text
from generator.problems import Problem
from generator.schema import VOCABULARY_MARK, ModelFile, QuestionsFile, VocabularyFile
from generator.yaml_source import read_yaml
from tests.conftest import MODELS
from tests.fixture_atlas import ATLAS


def vocabulary_of(models: Path) -> VocabularyFile:
    found = read_vocabulary(models)
    assert not isinstance(found, list), found
    return found


def schema_name(path: Path) -> str:
    """The schema a file of the models folder is checked with."""
    return {"vocabulary.yaml": "vocabulary", "questions.yaml": "questions"}.get(path.name, "model")


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_file_is_up_to_date(name: str) -> None:
    path = MODELS / SCHEMA_DIR / name
    assert path.read_text(encoding="utf-8") == schema_text(SCHEMAS[name], vocabulary_of(MODELS)), (
        f"{path} is out of date: run `python -m generator schema`"
    )


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_file_names_its_schema(path: Path) -> None:
    schema = schema_name(path)
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={SCHEMA_DIR}/{schema}.schema.json"
    assert (path.parent / SCHEMA_DIR / f"{schema}.schema.json").is_file()


# --- the schemas as an editor uses them ---------------------------------------------------------


def yaml_data(path: Path) -> Any:
    """A YAML file's data, read as the atlas reads it."""
    document = read_yaml(path, path.name)
    assert not isinstance(document, Problem), document
    return document.data


def schema_errors(schema: dict[str, Any], data: Any) -> list[str]:
    """What a JSON Schema validator (as an editor runs one) finds in `data`: `path: message`."""
    validator = jsonschema.Draft202012Validator(schema)
    return sorted(
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(data)
    )


def exported(schema: type[BaseModel], models: Path) -> dict[str, Any]:
    """The JSON Schema `python -m generator schema --models <models>` writes for `schema`."""
    document: dict[str, Any] = json.loads(schema_text(schema, vocabulary_of(models)))
    return document


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_file_passes_the_schema_it_names(path: Path) -> None:
    """No editor underlines anything in a file the checks accept."""
    schema = json.loads((MODELS / SCHEMA_DIR / f"{schema_name(path)}.schema.json").read_text())
    assert schema_errors(schema, yaml_data(path)) == []


def _misspelt(word: str) -> str:
    return word[:-2] + word[-1] + word[-2]


def test_a_misspelt_capability_is_refused_where_a_model_requires_it() -> None:
    [model_file, *_] = sorted(p for p in ATLAS.glob("*.yaml") if p.name not in RESERVED_FILES)
    schema = exported(ModelFile, ATLAS)
    model = yaml_data(model_file)
    assert schema_errors(schema, model) == []
    index, requires = next(
        (i, s["requires"]) for i, s in enumerate(model["stages"]) if s.get("requires")
    )
    capability = next(iter(requires))
    requires[_misspelt(capability)] = requires.pop(capability)
    [error] = schema_errors(schema, model)
    assert error.startswith(f"stages/{index}/requires: {_misspelt(capability)!r} is not one of [")
    assert repr(capability) in error


def test_a_misspelt_kind_of_business_is_refused_where_a_model_advises_it() -> None:
    schema = exported(ModelFile, ATLAS)
    model = next(
        data
        for path in sorted(ATLAS.glob("*.yaml"))
        if path.name not in RESERVED_FILES and (data := yaml_data(path)).get("advice")
    )
    kind = model["advice"][0]["business_kind"]
    model["advice"][0]["business_kind"] = _misspelt(kind)
    [error] = schema_errors(schema, model)
    assert error.startswith(f"advice/0/business_kind: {_misspelt(kind)!r} is not one of [")


def test_a_misspelt_capability_is_refused_where_a_question_measures_it() -> None:
    schema = exported(QuestionsFile, ATLAS)
    questions = yaml_data(ATLAS / "questions.yaml")
    assert schema_errors(schema, questions) == []
    capability = questions["questions"][0]["capability"]
    questions["questions"][0]["capability"] = _misspelt(capability)
    [error] = schema_errors(schema, questions)
    assert error.startswith(f"questions/0/capability: {_misspelt(capability)!r} is not one of [")


def test_the_schemas_list_the_ids_of_the_vocabulary_they_are_written_from() -> None:
    vocabulary = vocabulary_of(ATLAS)
    questions = exported(QuestionsFile, ATLAS)
    capability = questions["$defs"]["PracticeQuestionIn"]["properties"]["capability"]
    assert capability["enum"] == [c.id for c in vocabulary.capabilities]
    for schema in SCHEMAS.values():
        assert VOCABULARY_MARK not in schema_text(schema, vocabulary)


def _nodes(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object of a JSON document, with its JSON pointer."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _nodes(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, f"{where}/{index}")


def test_every_mapping_in_the_schemas_is_keyed_by_vocabulary_ids() -> None:
    """Every mapping a maintainer writes (a stage's `requires`...) is keyed by ids of the
    vocabulary, and the schemas list them: a new mapping keyed by plain `Slug`s in
    generator/schema.py fails here until its keys are `CapabilityId` (or another vocabulary id)."""
    mappings = {
        f"{name}#{where}": spec["propertyNames"]
        for name in SCHEMAS
        for where, spec in _nodes(json.loads((MODELS / SCHEMA_DIR / name).read_text()))
        if isinstance(spec.get("propertyNames"), dict)
    }
    assert mappings, "no mapping found: has the schema changed shape?"
    assert [where for where, keys in mappings.items() if "enum" not in keys] == []


def _properties(name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of an exported schema, top level and nested, as (`Class.field`, spec)."""
    document = json.loads((MODELS / SCHEMA_DIR / name).read_text(encoding="utf-8"))
    for definition_name, definition in [("<file>", document), *document["$defs"].items()]:
        for field, spec in definition.get("properties", {}).items():
            yield f"{name}: {definition_name}.{field}", spec


def test_schemas_describe_every_field_with_examples() -> None:
    """Editors show a field's description and examples on hover and completion."""
    names = [where for name in SCHEMAS for where, _ in _properties(name)]
    assert len(names) > 60, "the schemas lost their nested definitions"
    undescribed = [w for n in SCHEMAS for w, spec in _properties(n) if not spec.get("description")]
    without_examples = [
        w for n in SCHEMAS for w, spec in _properties(n) if not spec.get("examples")
    ]
    assert undescribed == []
    assert without_examples == []


def _schema_classes() -> list[type[BaseModel]]:
    return [
        value
        for value in vars(generator.schema).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == generator.schema.__name__
        and value.model_fields
    ]


@pytest.mark.parametrize("schema", _schema_classes(), ids=lambda c: c.__name__)
def test_every_example_is_valid(schema: type[BaseModel]) -> None:
    """An example an editor offers must pass the same checks as the maintainers' files."""
    invalid = []
    for name, field in schema.model_fields.items():
        annotation = (
            Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
        )
        adapter: TypeAdapter[Any] = TypeAdapter(annotation)
        for example in field.examples or []:
            try:
                adapter.validate_python(example, strict=True)
            except ValidationError as error:
                invalid.append(f"{schema.__name__}.{name}: {example!r}: {error}")
    assert invalid == []


def test_an_invalid_example_would_be_caught() -> None:
    """The example check above really validates: a wrong example of a stage id fails it."""
    field = generator.schema.StageIn.model_fields["id"]
    adapter: TypeAdapter[Any] = TypeAdapter(Annotated[(field.annotation, *field.metadata)])
    with pytest.raises(ValidationError):
        adapter.validate_python("Not A Slug", strict=True)
