"""The result as HTML: one card per model, the capability chart, advice and next steps.

Made with the builder of quiz/markup.py (`h` below): text from the spec and the answers is a
plain `str` and is escaped wherever it goes; only the builder's own output is markup. URLs in
the spec are relative to the quiz page, which is where the fragment is shown.
"""

from __future__ import annotations

from collections.abc import Mapping

from quiz.markup import Child, Html, join
from quiz.markup import element as h
from quiz.scoring import Fix, Placement, Result, Shortfall, Step, advised_stages
from quiz.spec import FUNCTIONS, Model, Spec, Stage

CHART_ROW = 30
CHART_LABEL = 240
CHART_BAR = 320


def _link(url: str, text: str) -> Html:
    return h("a", {"href": url}, text)


def _level(spec: Spec, capability: str, level: int) -> str:
    return f"level {level} ({spec.capability(capability).label(level)})"


def _fixes(fixes: tuple[Fix, ...]) -> Html | None:
    """The questions to revisit, each with the first option that would be enough."""
    if not fixes:
        return None
    return h(
        "ul",
        {"class": "atlas-result__fixes"},
        *(
            h(
                "li",
                None,
                h(
                    "span",
                    {"class": "atlas-result__fix"},
                    fix.question.prompt,
                    " ",
                    h("q", None, fix.option.text),
                ),
            )
            for fix in fixes
        ),
    )


def _shortfall(spec: Spec, shortfall: Shortfall) -> Html:
    capability = spec.capability(shortfall.capability)
    return h(
        "li",
        None,
        _link(capability.url, capability.name),
        f": you are at {_level(spec, shortfall.capability, shortfall.current)}; it needs "
        f"{_level(spec, shortfall.capability, shortfall.required)}.",
        _fixes(shortfall.fixes),
    )


def _named(stage: Stage) -> str:
    """`Stage 3, The Broadcast Phase`, as plain text."""
    return f"{stage.label}, {stage.name}"


def _names(model: Model, indexes: tuple[int, ...]) -> str:
    return "; ".join(_named(model.stages[i]) for i in indexes)


def _ladder(placement: Placement) -> Html:
    model = placement.model
    functions = placement.rule == FUNCTIONS
    items = []
    for index, stage in enumerate(model.stages):
        if functions:
            if index in placement.in_place:
                state, note = "done", "in place"
            elif index == placement.target:
                state, note = "next", "next to work on"
            else:
                state, note = "todo", "not in place"
        elif index == placement.index and placement.reached:
            state, note = "current", "you are here"
        elif index == placement.target:
            state, note = "next", "next"
        elif index in placement.skipped:
            state, note = "skipped", "skipped, which the source allows"
        elif index in placement.on_the_way:
            state, note = "optional", "on the way; may be skipped"
        elif index < placement.index:
            state, note = "done", "met"
        elif index in placement.ahead:
            state, note = "ahead", "met, but not counted yet"
        else:
            state, note = "todo", ""
        items.append(
            h(
                "li",
                {
                    "class": f"atlas-ladder__step atlas-ladder__step--{state}",
                    "aria-current": "step" if state == "current" else None,
                },
                _link(stage.url, f"{stage.label}: {stage.name}"),
                join([" ", h("span", {"class": "atlas-ladder__note"}, f"({note})")])
                if note
                else None,
            )
        )
    label = "functions" if functions else "ladder"
    return h("ol", {"class": "atlas-ladder", "aria-label": f"{model.short_title} {label}"}, *items)


def _stage_line(*children: Child) -> Html:
    return h("p", {"class": "atlas-result-card__stage"}, *children)


def _headline(placement: Placement) -> Html:
    model, stage = placement.model, placement.stage
    term = model.stage_term
    if placement.rule == FUNCTIONS:
        own = (
            f"The source treats each {term} as a business function of its own, "
            "not as a step on a ladder."
        )
        if placement.in_place:
            names = join(
                (
                    join(
                        [
                            h("strong", None, _link(model.stages[i].url, model.stages[i].name)),
                            f" ({model.stages[i].label})",
                        ]
                    )
                    for i in placement.in_place
                ),
                "; ",
            )
            return _stage_line("In place: ", names, ". ", own)
        return _stage_line(f"None of its {term}s is in place yet. ", own)
    place = h("strong", None, _link(stage.url, _named(stage)))
    if placement.reached:
        parts: list[Child] = ["Your place: ", place, "."]
    else:
        # Said of the whole ladder: its first stage may be one the source allows to skip.
        parts = [f"Not on this ladder yet: none of its {term}s is in place (it starts at ", place]
        parts.append(").")
    if placement.skipped:
        parts.append(f" You skipped {_names(model, placement.skipped)}, which the source allows.")
    if placement.ahead and placement.target is not None:
        target = model.stages[placement.target]
        one = len(placement.ahead) == 1
        parts.append(" ")
        parts.append(
            h(
                "span",
                {"class": "atlas-result-card__ahead"},
                f"You also meet what {_names(model, placement.ahead)} "
                f"require{'s' if one else ''} on {'its' if one else 'their'} own, but on this "
                f"ladder {'it counts' if one else 'they count'} only once {_named(target)} is "
                "in place.",
            )
        )
    return _stage_line(*parts)


def _picture(spec: Spec, placement: Placement) -> Html | None:
    """What the headline stage means, unless the answers go past the source's picture of it."""
    stage = placement.stage
    if placement.rule == FUNCTIONS and not placement.in_place:
        return None
    if not placement.reached and placement.rule != FUNCTIONS:
        return None
    if not placement.beyond:
        return h("p", {"class": "atlas-result-card__summary"}, stage.summary)
    parts = join(
        (
            join(
                [
                    f"{spec.capability(b.ceiling.capability).name} is at "
                    f"{_level(spec, b.ceiling.capability, b.current)}, where the source pictures "
                    f"{_level(spec, b.ceiling.capability, b.ceiling.level)} at most (",
                    h("q", None, b.ceiling.quote),
                    ")",
                ]
            )
            for b in placement.beyond
        ),
        "; ",
    )
    return h(
        "p",
        {"class": "atlas-result-card__beyond"},
        f"You meet what {stage.name} requires, but your answers go beyond the source's picture "
        "of it: ",
        parts,
        ". So only part of its description fits you; what keeps you here is listed below.",
    )


def _advice_note(spec: Spec, placement: Placement, result_kinds: tuple[str, ...]) -> Html | None:
    """For a functions model: what the source advises for the visitor's kinds of business, and
    whether that function is in place."""
    model = placement.model
    advised = advised_stages(model, result_kinds)
    if not advised:
        return None
    sentences: list[Child] = []
    for index in advised:
        stage = model.stages[index]
        kinds = [
            a.business_kind
            for a in model.advice
            if a.stage == stage.id and a.business_kind in result_kinds
        ]
        names = " and ".join(kind.name if (kind := spec.business_kind(k)) else k for k in kinds)
        state = "it is in place." if index in placement.in_place else "it is not in place yet."
        sentences.append(
            join(
                [
                    f"For your kind of business ({names}), the source advises focusing on ",
                    _link(stage.url, _named(stage)),
                    f": {state}",
                ]
            )
        )
    if len(advised) > 1:
        sentences.append(
            "Where its advice points several ways, the source's own rule applies: give all "
            f"{len(model.stages)} functions even attention or, if that is too much at once, "
            "start with the one that can bring your business the most return."
        )
    return h("p", {"class": "atlas-result-card__advice"}, join(sentences, " "))


def _announcement(placement: Placement) -> str:
    """The placement in a few words, for the sentence a screen reader hears with the result."""
    model, stage = placement.model, placement.stage
    if placement.rule == FUNCTIONS:
        names = ", ".join(model.stages[i].name for i in placement.in_place)
        return f"in place: {names}" if names else f"no {model.stage_term} in place yet"
    named = _named(stage)
    return named if placement.reached else f"not yet at {named}"


def _card(spec: Spec, placement: Placement, kinds: tuple[str, ...]) -> Html:
    model, stage = placement.model, placement.stage
    term = model.stage_term
    parts: list[Child] = [
        h("h3", None, _link(model.url, model.title)),
        _headline(placement),
        _picture(spec, placement),
        _ladder(placement),
    ]
    if placement.rule == FUNCTIONS:
        parts.append(_advice_note(spec, placement, kinds))
    if placement.target is None:
        top = ": this is its top." if placement.rule != FUNCTIONS else "."
        parts.append(h("p", None, f"You meet every {term} of this model{top}"))
    else:
        target = model.stages[placement.target]
        label = f"{target.label}: {target.name}"
        if placement.on_the_way:
            parts.append(
                h(
                    "p",
                    {"class": "atlas-result-card__optional"},
                    f"Before {target.name} the source describes "
                    f"{_names(model, placement.on_the_way)}, which you may skip:",
                )
            )
            parts.append(
                h(
                    "ul",
                    {"class": "atlas-result-card__optional"},
                    *(
                        h("li", None, f"{model.stages[i].name}: {model.stages[i].skippable or ''}")
                        for i in placement.on_the_way
                    ),
                )
            )
        progress = placement.progress
        parts.append(
            h(
                "p",
                {"class": "atlas-result-card__progress"},
                h(
                    "label",
                    None,
                    f"You meet {progress} % of what {label} requires ",
                    h("progress", {"max": 100, "value": progress}, f"{progress} %"),
                ),
            )
        )
        parts.append(h("h4", None, f"What {target.name} needs"))
        parts.append(
            h(
                "ul",
                {"class": "atlas-result__shortfalls"},
                *(_shortfall(spec, s) for s in placement.holds_back),
            )
        )
    steps = stage.next_steps if placement.reached and placement.rule != FUNCTIONS else ()
    if steps:
        parts.append(h("h4", None, f"First steps from {stage.name}"))
        parts.append(h("ul", None, *(h("li", None, step) for step in steps)))
    return h(
        "article",
        {
            "class": "atlas-result-card",
            "data-model": model.id,
            "data-stage": stage.id,
            "data-rule": placement.rule,
            "data-announce": _announcement(placement),
        },
        *parts,
    )


def profile_chart(spec: Spec, profile: Mapping[str, int]) -> Html:
    """A horizontal bar chart of the capability profile, as inline SVG with a text alternative.

    The chart is one image (role="img"), so it holds no links; the result links each
    capability where it holds the visitor back.
    """
    rows = len(spec.capabilities)
    width = CHART_LABEL + CHART_BAR + 150
    height = rows * CHART_ROW + 30
    summary = "; ".join(
        f"{c.name}: level {profile[c.id]} of 4, {c.label(profile[c.id])}" for c in spec.capabilities
    )
    parts: list[Child] = [
        h("title", {"id": "atlas-profile-title"}, "Your capability profile"),
        h("desc", {"id": "atlas-profile-desc"}, f"{summary}."),
    ]
    for level in range(5):
        x = f"{CHART_LABEL + CHART_BAR * level / 4:g}"
        parts.append(
            h(
                "line",
                {
                    "class": "atlas-profile-chart__grid",
                    "x1": x,
                    "y1": 0,
                    "x2": x,
                    "y2": rows * CHART_ROW,
                },
            )
        )
        parts.append(
            h(
                "text",
                {
                    "class": "atlas-profile-chart__scale",
                    "x": x,
                    "y": rows * CHART_ROW + 20,
                    "text-anchor": "middle",
                },
                level,
            )
        )
    for row, capability in enumerate(spec.capabilities):
        level = profile[capability.id]
        y = row * CHART_ROW
        bar = CHART_BAR * level / 4
        parts.append(
            h(
                "text",
                {
                    "class": "atlas-profile-chart__name",
                    "x": CHART_LABEL - 10,
                    "y": y + 20,
                    "text-anchor": "end",
                },
                capability.name,
            )
        )
        parts.append(
            h(
                "rect",
                {
                    "class": f"atlas-profile-chart__bar atlas-profile-chart__bar--{level}",
                    "x": CHART_LABEL,
                    "y": y + 6,
                    "width": f"{bar:g}",
                    "height": CHART_ROW - 12,
                },
            )
        )
        parts.append(
            h(
                "text",
                {
                    "class": "atlas-profile-chart__value",
                    "x": f"{CHART_LABEL + bar + 8:g}",
                    "y": y + 20,
                },
                f"{level} {capability.label(level)}",
            )
        )
    return h(
        "svg",
        {
            "class": "atlas-profile-chart",
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "aria-labelledby": "atlas-profile-title atlas-profile-desc",
            "xmlns": "http://www.w3.org/2000/svg",
        },
        *parts,
    )


def _step(spec: Spec, step: Step) -> Html:
    capability = spec.capability(step.capability)
    models = {m.id: m.short_title for m in spec.models}
    held = ", ".join(models[m] for m in step.models)
    return h(
        "li",
        None,
        h(
            "strong",
            None,
            "Raise ",
            _link(capability.url, capability.name),
            f" to {_level(spec, step.capability, step.required)}",
        ),
        f": the next {'stage needs' if len(step.models) == 1 else 'stages need'} it on "
        f"{len(step.models)} model{'s' if len(step.models) > 1 else ''} ({held}).",
        _fixes(step.fixes),
    )


def _rules(spec: Spec) -> str:
    """One sentence per scoring rule the models use."""
    rules = {m.scoring for m in spec.models}
    sentences = []
    if rules - {FUNCTIONS}:
        sentences.append(
            "On a model whose stages build on each other you are at the last stage of an "
            "unbroken run of stages whose requirements you meet, counted from the start; a stage "
            "its source says may be skipped does not break the run, any other missing stage "
            "does, so a practice from a later stage cannot hide a missing basic."
        )
    if FUNCTIONS in rules:
        sentences.append(
            "On a model whose stages are business functions, each function counts on its own, "
            "in any order."
        )
    return " ".join(sentences)


def _advice_section(spec: Spec, result: Result) -> list[Html]:
    """The models' advice on where to start: for the kinds of business the visitor chose (the
    cards of models scored as functions give theirs already), or, for none, for every kind."""
    kinds = result.answers.business_kinds
    shown = [a for a in result.advice if not kinds or a.model.scoring != FUNCTIONS]
    if not shown:
        return []
    intro = (
        "For the kinds of business you chose, the models advise:"
        if kinds
        else "You chose none of the kinds of business the models advise on; here is their "
        "advice for each:"
    )
    items = []
    for advice in shown:
        kind = spec.business_kind(advice.business_kind)
        items.append(
            h(
                "li",
                None,
                h("strong", None, kind.name if kind else advice.business_kind),
                ": ",
                _link(advice.model.url, advice.model.short_title),
                " advises ",
                _link(advice.stage.url, _named(advice.stage)),
                f". {advice.text}",
            )
        )
    return [
        h("h3", {"id": "quiz-result-advice"}, "Where to start"),
        h("p", None, intro),
        h("ul", None, *items),
    ]


def _unknown(spec: Spec, result: Result) -> Html | None:
    if not result.unknown:
        return None
    names = ", ".join(spec.capability(c).name for c in result.unknown)
    one = len(result.unknown) == 1
    return h(
        "p",
        {"class": "atlas-result__unknown"},
        "You answered “Don’t know / not applicable” to every question about "
        f"{names}, so {'it counts' if one else 'they count'} as level 0: stages that need "
        f"{'it' if one else 'them'} are shown as not met.",
    )


def render(spec: Spec, result: Result, share: str) -> str:
    """The whole result as an HTML fragment for the `#quiz-results` container."""
    kinds = result.answers.business_kinds
    parts: list[Child] = [
        h("h2", {"id": "quiz-result-heading", "tabindex": -1}, "Where you stand"),
        h(
            "p",
            {"class": "atlas-result__rule"},
            f"Each model is scored by its own logic. {_rules(spec)} ",
            _link(f"{spec.methodology_url}#scoring", "How scoring works"),
            ".",
        ),
        h(
            "div",
            {"class": "atlas-result__cards"},
            *(_card(spec, p, kinds) for p in result.placements),
        ),
        h("h3", {"id": "quiz-result-profile"}, "Your capability profile"),
        h(
            "p",
            None,
            "Each capability is at the lowest level among your answers to its questions: a "
            "capability is only as strong as its weakest practice. A “Don’t know / not "
            "applicable” answer is left out.",
        ),
        _unknown(spec, result),
        h("figure", {"class": "atlas-result__chart"}, profile_chart(spec, result.profile)),
        *_advice_section(spec, result),
        h("h3", {"id": "quiz-result-next"}, "Your next steps"),
    ]
    if result.next_steps:
        parts.append(
            h(
                "ol",
                {"class": "atlas-result__steps"},
                *(_step(spec, step) for step in result.next_steps),
            )
        )
    else:
        parts.append(h("p", None, "You meet every stage of every model. Keep it that way."))
    parts.append(h("h3", {"id": "quiz-result-share"}, "Share or keep this result"))
    parts.append(
        h(
            "p",
            None,
            "This link holds your answers in its fragment (the part after ",
            h("code", None, "#"),
            "), which browsers never send to a server: ",
            h("a", {"class": "atlas-share-link", "href": f"#{share}"}, "link to this result"),
            ".",
        )
    )
    return join(parts)
