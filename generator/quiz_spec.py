"""The quiz spec: the JSON contract between the generator and the quiz package.

The generator is the only part that knows about YAML; the quiz package reads this spec (see
`quiz.spec`). URLs in it are relative to the quiz page, where the result is shown.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from generator.atlas_types import Atlas
from generator.paths import METHODOLOGY_PAGE, capability_page, model_page, stage_page
from generator.schema import EvidenceIn, SourcedLine
from quiz.spec import DONT_KNOW, OTHER_BUSINESS_KIND, SPEC_FORMAT

VERSION_LENGTH = 10
DONT_KNOW_TEXT = "Don’t know / not applicable"
"""The text of the option every practice question offers besides its levels."""


def line_text(line: SourcedLine) -> str:
    """The text of a sign, pitfall or step, whether written plainly or with its basis."""
    return line if isinstance(line, str) else line.text


def evidence_text(evidence: EvidenceIn) -> str:
    """What a requirement or skippable stage rests on, as one sentence for a reader."""
    if evidence.quote is not None:
        note = f" {evidence.note}" if evidence.note else ""
        return f"The source says “{evidence.quote}”.{note}"
    return f"The atlas’s reading: {evidence.inferred}"


def _questions(atlas: Atlas) -> dict[str, Any]:
    quiz = atlas.quiz
    kind = quiz.business_kind
    return {
        "business_kind_question": {
            "id": kind.id,
            "prompt": kind.prompt,
            "help": kind.help,
            "options": [
                {"value": o.business_kind, "text": o.text, "business_kind": o.business_kind}
                for o in kind.options
            ]
            + [{"value": OTHER_BUSINESS_KIND, "text": kind.other, "business_kind": None}],
        },
        "questions": [
            {
                "id": q.id,
                "capability": q.capability,
                "prompt": q.prompt,
                "help": q.help,
                "options": [
                    {"value": str(o.level), "level": o.level, "text": o.text} for o in q.options
                ]
                + [{"value": DONT_KNOW, "level": None, "text": DONT_KNOW_TEXT}],
            }
            for q in quiz.questions
        ],
    }


def _version(questions: dict[str, Any]) -> str:
    """The question-set version share links carry: a hash of everything the questions say, so it
    changes whenever a question does."""
    canonical = json.dumps(questions, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:VERSION_LENGTH]


def quiz_spec(atlas: Atlas, href: Callable[[str], str]) -> dict[str, Any]:
    """The spec for the quiz package; `href` maps a page source path to a URL from the quiz page."""
    questions = _questions(atlas)
    return {
        "format": SPEC_FORMAT,
        "version": _version(questions),
        "methodology_url": href(METHODOLOGY_PAGE),
        **questions,
        "capabilities": [
            {
                "id": c.id,
                "name": c.name,
                "url": href(capability_page(c)),
                "levels": [{"level": v.level, "label": v.label} for v in c.levels],
            }
            for c in atlas.capabilities
        ],
        "business_kinds": [{"id": k.id, "name": k.name} for k in atlas.business_kinds],
        "models": [
            {
                "id": m.id,
                "title": m.title,
                "short_title": m.short_title,
                "url": href(model_page(m)),
                "stage_term": m.stage_term,
                "scoring": m.scoring,
                "stages": [
                    {
                        "id": s.id,
                        "name": s.name,
                        "label": s.label(m.stage_term),
                        "url": href(stage_page(s)),
                        "summary": s.summary,
                        "requires": s.levels,
                        "next_steps": [line_text(step) for step in s.next_steps],
                        "skippable": None if s.skippable is None else evidence_text(s.skippable),
                        "ceilings": [
                            {"capability": c, "level": ceiling.level, "quote": ceiling.quote}
                            for c, ceiling in s.ceiling.items()
                        ],
                    }
                    for s in m.stages
                ],
                "advice": [
                    {"business_kind": a.business_kind, "stage": a.stage, "text": a.text}
                    for a in m.advice
                ],
            }
            for m in atlas.models
        ],
    }
