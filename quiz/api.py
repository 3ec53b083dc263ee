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
    Answers,
    Restored,
    check_answers,
    export_answers,
    parse_import,
    parse_share,
    share_fragment,
)
from quiz.progress import compare, comparison_data, read_kept
from quiz.report import render
from quiz.scoring import Result, score
from quiz.spec import Spec, parse_spec
from quiz.team import Team, score_team

MAX_TEAM = 100
"""Results a team view scores at once (the team page states it)."""
MAX_NAME = 80
"""Characters of a team member's name."""


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


def team_data(spec: Spec, team: Team) -> dict[str, Any]:
    """The machine-readable team view: each member's result (and share link fragment, from which
    the team page makes the team's own link), the spreads, the team's result."""
    return {
        "version": spec.version,
        "people": [
            {
                "name": m.name,
                "share": share_fragment(spec, m.answers),
                "result": result_data(spec, m.result),
            }
            for m in team.members
        ],
        "capabilities": [
            {
                "capability": s.capability,
                "levels": list(s.levels),
                "min": s.low,
                "median": s.median,
                "max": s.high,
                "known": s.known,
                "disagreement": s.disagreement,
            }
            for s in team.spreads
        ],
        "disagreements": [s.capability for s in team.disagreements],
        "team": result_data(spec, team.result),
        "differences": [
            {"question": d.question.id, "values": list(d.values)} for d in team.differences
        ],
    }


def _team_members(spec: Spec, raw: object) -> list[tuple[str, Answers]]:
    """`[{name, answers}]` as sent by the team page, each member's answers checked."""
    if not isinstance(raw, list) or not raw:
        raise AnswerError("A team is a list of one or more results.")
    if len(raw) > MAX_TEAM:
        raise AnswerError(f"A team view compares at most {MAX_TEAM} results at once.")
    members = []
    for number, entry in enumerate(raw, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            raise AnswerError(f"Result {number} needs a name of 1 to {MAX_NAME} characters.")
        try:
            members.append((name, check_answers(spec, entry.get("answers"))))
        except AnswerError as error:
            raise AnswerError(f"{name}: {error}") from None
    return members


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

    def score_team(self, team_json: str) -> str:
        """Score `[{name, answers}]` as a team (quiz/team.py): `team_data` of it."""
        try:
            members = _team_members(self.spec, _decode(team_json))
        except AnswerError as error:
            return _error(error)
        return _reply(team_data(self.spec, score_team(self.spec, members)))

    def compare(self, pair_json: str) -> str:
        """What moved between two kept results, `{"earlier": kept, "later": kept}` where each
        is `{"date", "result": <result_data>}` (quiz/progress.py): `comparison_data` of it."""
        try:
            pair = _decode(pair_json)
            if not isinstance(pair, dict):
                raise AnswerError("Two kept results are needed to compare them.")
            earlier, later = read_kept(pair.get("earlier")), read_kept(pair.get("later"))
        except AnswerError as error:
            return _error(error)
        return _reply(comparison_data(compare(self.spec, earlier, later)))

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
