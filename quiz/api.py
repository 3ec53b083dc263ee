"""The quiz's whole interface to the browser: JSON text in, JSON text out.

The browser's worker creates one `Engine` from the spec and calls its methods with strings; every
reply is a JSON object with `"ok": true` and the data, or `"ok": false` and an `"error"` message
meant for the visitor. Nothing here touches the network, the clock or randomness.
"""

from __future__ import annotations

import json
from typing import Any

from quiz.answers import (
    AnswerError,
    Restored,
    check_answers,
    export_answers,
    parse_import,
    parse_share,
    share_fragment,
)
from quiz.report import render
from quiz.scoring import Result, score
from quiz.spec import Spec, parse_spec


def _reply(data: dict[str, Any]) -> str:
    return json.dumps({"ok": True, **data}, ensure_ascii=False)


def _error(error: Exception) -> str:
    return json.dumps({"ok": False, "error": str(error)}, ensure_ascii=False)


def _decode(answers_json: str) -> object:
    """Answers sent by the page; the page always sends valid JSON, so this is a last guard."""
    try:
        return json.loads(answers_json)
    except (ValueError, RecursionError):
        raise AnswerError("The answers could not be read (they are not valid JSON).") from None


def result_data(spec: Spec, result: Result) -> dict[str, Any]:
    """The machine-readable part of a result (the tests compare it across interpreters)."""
    return {
        "version": spec.version,
        "profile": dict(result.profile),
        "unknown": list(result.unknown),
        "business_kinds": list(result.answers.business_kinds),
        "placements": [
            {
                "model": p.model.id,
                "rule": p.rule,
                "stage": p.stage.id,
                "reached": p.reached,
                "target": None if p.target is None else p.model.stages[p.target].id,
                "progress": p.progress,
                "holds_back": [
                    {"capability": s.capability, "required": s.required, "current": s.current}
                    for s in p.holds_back
                ],
                "ahead": [p.model.stages[i].id for i in p.ahead],
                "skipped": [p.model.stages[i].id for i in p.skipped],
                "on_the_way": [p.model.stages[i].id for i in p.on_the_way],
                "in_place": [p.model.stages[i].id for i in p.in_place],
                "beyond": [
                    {
                        "capability": b.ceiling.capability,
                        "ceiling": b.ceiling.level,
                        "current": b.current,
                    }
                    for b in p.beyond
                ],
            }
            for p in result.placements
        ],
        "advice": [
            {"model": a.model.id, "stage": a.stage.id, "business_kind": a.business_kind}
            for a in result.advice
        ],
        "next_steps": [
            {"capability": s.capability, "required": s.required, "models": list(s.models)}
            for s in result.next_steps
        ],
    }


def _restored(restored: Restored) -> str:
    return _reply(
        {"answers": restored.values, "status": restored.status, "message": restored.message}
    )


class Engine:
    """One quiz, ready to score answers."""

    def __init__(self, spec_json: str) -> None:
        self.spec = parse_spec(json.loads(spec_json))

    def score(self, answers_json: str) -> str:
        """Score `{question id: option value}`; the reply holds `result`, `html` and `share`."""
        try:
            answers = check_answers(self.spec, _decode(answers_json))
        except AnswerError as error:
            return _error(error)
        result = score(self.spec, answers)
        share = share_fragment(self.spec, answers)
        return _reply(
            {
                "result": result_data(self.spec, result),
                "share": share,
                "html": render(self.spec, result, share),
            }
        )

    def parse_share(self, fragment: str) -> str:
        """Answers carried by a share link's fragment: `answers`, `status`, `message`."""
        try:
            return _restored(parse_share(self.spec, fragment))
        except AnswerError as error:
            return _error(error)

    def parse_import(self, text: str) -> str:
        """Answers from an exported JSON file: `answers`, `status`, `message`."""
        try:
            return _restored(parse_import(self.spec, text))
        except AnswerError as error:
            return _error(error)

    def export(self, answers_json: str) -> str:
        """The text of an answers file for `{question id: option value}`: `text`."""
        try:
            values = _decode(answers_json)
        except AnswerError as error:
            return _error(error)
        if not isinstance(values, dict):
            return _error(AnswerError("The answers must be an object."))
        return _reply({"text": export_answers(self.spec, values)})
