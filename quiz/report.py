"""The result as HTML: one card per model, the capability chart, advice and next steps.

Every piece of text is escaped here; the browser inserts the fragment as it is. URLs in the spec
are relative to the quiz page, which is where the fragment is shown.
"""

from __future__ import annotations

from collections.abc import Mapping

from quiz.scoring import Fix, Placement, Result, Shortfall, Step, advised_stages
from quiz.spec import FUNCTIONS, Model, Spec, Stage

CHART_ROW = 30
CHART_LABEL = 240
CHART_BAR = 320


# What html.escape(text, quote=True) does, without importing the html module (and its table of
# entities), which costs the browser about 90 ms before the quiz is ready.
_HTML_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
)


def _e(text: object) -> str:
    return str(text).translate(_HTML_ESCAPES)


def _link(url: str, text: str) -> str:
    return f'<a href="{_e(url)}">{_e(text)}</a>'


def _level(spec: Spec, capability: str, level: int) -> str:
    return f"level {level} ({_e(spec.capability(capability).label(level))})"


def _fixes(fixes: tuple[Fix, ...]) -> str:
    """The questions to revisit, each with the first option that would be enough."""
    if not fixes:
        return ""
    items = "".join(
        f'<li><span class="atlas-result__fix">{_e(fix.question.prompt)} '
        f"<q>{_e(fix.option.text)}</q></span></li>"
        for fix in fixes
    )
    return f'<ul class="atlas-result__fixes">{items}</ul>'


def _shortfall(spec: Spec, shortfall: Shortfall) -> str:
    capability = spec.capability(shortfall.capability)
    return (
        f"<li>{_link(capability.url, capability.name)}: you are at "
        f"{_level(spec, shortfall.capability, shortfall.current)}; it needs "
        f"{_level(spec, shortfall.capability, shortfall.required)}."
        + _fixes(shortfall.fixes)
        + "</li>"
    )


def _named(stage: Stage) -> str:
    """`Stage 3, The Broadcast Phase`, as plain escaped text."""
    return f"{_e(stage.label)}, {_e(stage.name)}"


def _names(model: Model, indexes: tuple[int, ...]) -> str:
    return "; ".join(_named(model.stages[i]) for i in indexes)


def _ladder(placement: Placement) -> str:
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
        suffix = f' <span class="atlas-ladder__note">({note})</span>' if note else ""
        current = ' aria-current="step"' if state == "current" else ""
        items.append(
            f'<li class="atlas-ladder__step atlas-ladder__step--{state}"{current}>'
            f"{_link(stage.url, f'{stage.label}: {stage.name}')}{suffix}</li>"
        )
    label = "functions" if functions else "ladder"
    return (
        f'<ol class="atlas-ladder" aria-label="{_e(model.short_title)} {label}">'
        + "".join(items)
        + "</ol>"
    )


def _headline(placement: Placement) -> str:
    model, stage = placement.model, placement.stage
    term = model.stage_term
    if placement.rule == FUNCTIONS:
        if placement.in_place:
            names = "; ".join(
                f"<strong>{_link(model.stages[i].url, model.stages[i].name)}</strong> "
                f"({_e(model.stages[i].label)})"
                for i in placement.in_place
            )
            return (
                f'<p class="atlas-result-card__stage">In place: {names}. '
                f"The source treats each {_e(term)} as a business function of its own, "
                "not as a step on a ladder.</p>"
            )
        return (
            f'<p class="atlas-result-card__stage">None of its {_e(term)}s is in place yet. '
            f"The source treats each {_e(term)} as a business function of its own, "
            "not as a step on a ladder.</p>"
        )
    if placement.reached:
        text = f"Your place: <strong>{_link(stage.url, f'{stage.label}, {stage.name}')}</strong>."
    else:
        # Said of the whole ladder: its first stage may be one the source allows to skip.
        text = (
            f"Not on this ladder yet: none of its {_e(term)}s is in place (it starts at "
            f"<strong>{_link(stage.url, f'{stage.label}, {stage.name}')}</strong>)."
        )
    if placement.skipped:
        text += f" You skipped {_names(model, placement.skipped)}, which the source allows."
    if placement.ahead and placement.target is not None:
        target = model.stages[placement.target]
        one = len(placement.ahead) == 1
        text += (
            f' <span class="atlas-result-card__ahead">You also meet what '
            f"{_names(model, placement.ahead)} require{'s' if one else ''} on "
            f"{'its' if one else 'their'} own, but on this ladder "
            f"{'it counts' if one else 'they count'} only once {_named(target)} is in place.</span>"
        )
    return f'<p class="atlas-result-card__stage">{text}</p>'


def _picture(spec: Spec, placement: Placement) -> str:
    """What the headline stage means, unless the answers go past the source's picture of it."""
    stage = placement.stage
    if placement.rule == FUNCTIONS and not placement.in_place:
        return ""
    if not placement.reached and placement.rule != FUNCTIONS:
        return ""
    if not placement.beyond:
        return f'<p class="atlas-result-card__summary">{_e(stage.summary)}</p>'
    parts = "; ".join(
        f"{_e(spec.capability(b.ceiling.capability).name)} is at "
        f"{_level(spec, b.ceiling.capability, b.current)}, where the source pictures "
        f"{_level(spec, b.ceiling.capability, b.ceiling.level)} at most "
        f"(<q>{_e(b.ceiling.quote)}</q>)"
        for b in placement.beyond
    )
    return (
        f'<p class="atlas-result-card__beyond">You meet what {_e(stage.name)} requires, but '
        f"your answers go beyond the source's picture of it: {parts}. So only part of its "
        "description fits you; what keeps you here is listed below.</p>"
    )


def _advice_note(spec: Spec, placement: Placement, result_kinds: tuple[str, ...]) -> str:
    """For a functions model: what the source advises for the visitor's kinds of business, and
    whether that function is in place."""
    model = placement.model
    advised = advised_stages(model, result_kinds)
    if not advised:
        return ""
    sentences = []
    for index in advised:
        stage = model.stages[index]
        kinds = [
            a.business_kind
            for a in model.advice
            if a.stage == stage.id and a.business_kind in result_kinds
        ]
        names = " and ".join(
            _e(kind.name) if (kind := spec.business_kind(k)) else _e(k) for k in kinds
        )
        state = "it is in place." if index in placement.in_place else "it is not in place yet."
        sentences.append(
            f"For your kind of business ({names}), the source advises focusing on "
            f"{_link(stage.url, f'{stage.label}, {stage.name}')}: {state}"
        )
    if len(advised) > 1:
        sentences.append(
            "Where its advice points several ways, the source's own rule applies: give all "
            f"{len(model.stages)} functions even attention or, if that is too much at once, "
            "start with the one that can bring your business the most return."
        )
    return '<p class="atlas-result-card__advice">' + " ".join(sentences) + "</p>"


def _announcement(placement: Placement) -> str:
    """The placement in a few words, for the sentence a screen reader hears with the result."""
    model, stage = placement.model, placement.stage
    if placement.rule == FUNCTIONS:
        names = ", ".join(model.stages[i].name for i in placement.in_place)
        return f"in place: {names}" if names else f"no {model.stage_term} in place yet"
    named = f"{stage.label}, {stage.name}"
    return named if placement.reached else f"not yet at {named}"


def _card(spec: Spec, placement: Placement, kinds: tuple[str, ...]) -> str:
    model, stage = placement.model, placement.stage
    term = model.stage_term
    parts = [
        f'<article class="atlas-result-card" data-model="{_e(model.id)}" '
        f'data-stage="{_e(stage.id)}" data-rule="{_e(placement.rule)}" '
        f'data-announce="{_e(_announcement(placement))}">',
        f"<h3>{_link(model.url, model.title)}</h3>",
        _headline(placement),
        _picture(spec, placement),
        _ladder(placement),
    ]
    if placement.rule == FUNCTIONS:
        parts.append(_advice_note(spec, placement, kinds))
    if placement.target is None:
        parts.append(
            f"<p>You meet every {_e(term)} of this model"
            + (": this is its top.</p>" if placement.rule != FUNCTIONS else ".</p>")
        )
    else:
        target = model.stages[placement.target]
        label = f"{target.label}: {target.name}"
        if placement.on_the_way:
            parts.append(
                f'<p class="atlas-result-card__optional">Before {_e(target.name)} the source '
                f"describes {_names(model, placement.on_the_way)}, which you may skip:</p>"
                '<ul class="atlas-result-card__optional">'
                + "".join(
                    f"<li>{_e(model.stages[i].name)}: {_e(model.stages[i].skippable or '')}</li>"
                    for i in placement.on_the_way
                )
                + "</ul>"
            )
        parts.append(
            f'<p class="atlas-result-card__progress">'
            f"<label>You meet {placement.progress} % of what {_e(label)} requires "
            f'<progress max="100" value="{placement.progress}">{placement.progress} %</progress>'
            "</label></p>"
        )
        parts.append(f"<h4>What {_e(target.name)} needs</h4>")
        parts.append(
            '<ul class="atlas-result__shortfalls">'
            + "".join(_shortfall(spec, s) for s in placement.holds_back)
            + "</ul>"
        )
    steps = stage.next_steps if placement.reached and placement.rule != FUNCTIONS else ()
    if steps:
        parts.append(f"<h4>First steps from {_e(stage.name)}</h4>")
        parts.append("<ul>" + "".join(f"<li>{_e(step)}</li>" for step in steps) + "</ul>")
    parts.append("</article>")
    return "".join(parts)


def profile_chart(spec: Spec, profile: Mapping[str, int]) -> str:
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
    parts = [
        f'<svg class="atlas-profile-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="atlas-profile-title atlas-profile-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="atlas-profile-title">Your capability profile</title>',
        f'<desc id="atlas-profile-desc">{_e(summary)}.</desc>',
    ]
    for level in range(5):
        x = CHART_LABEL + CHART_BAR * level / 4
        parts.append(
            f'<line class="atlas-profile-chart__grid" x1="{x:g}" y1="0" x2="{x:g}" '
            f'y2="{rows * CHART_ROW}"/>'
            f'<text class="atlas-profile-chart__scale" x="{x:g}" y="{rows * CHART_ROW + 20}" '
            f'text-anchor="middle">{level}</text>'
        )
    for row, capability in enumerate(spec.capabilities):
        level = profile[capability.id]
        y = row * CHART_ROW
        bar = CHART_BAR * level / 4
        parts.append(
            f'<text class="atlas-profile-chart__name" x="{CHART_LABEL - 10}" y="{y + 20}" '
            f'text-anchor="end">{_e(capability.name)}</text>'
            f'<rect class="atlas-profile-chart__bar atlas-profile-chart__bar--{level}" '
            f'x="{CHART_LABEL}" y="{y + 6}" width="{bar:g}" height="{CHART_ROW - 12}"/>'
            f'<text class="atlas-profile-chart__value" x="{CHART_LABEL + bar + 8:g}" '
            f'y="{y + 20}">{level} {_e(capability.label(level))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _step(spec: Spec, step: Step) -> str:
    capability = spec.capability(step.capability)
    models = {m.id: m.short_title for m in spec.models}
    held = ", ".join(_e(models[m]) for m in step.models)
    return (
        f"<li><strong>Raise {_link(capability.url, capability.name)} to "
        f"{_level(spec, step.capability, step.required)}</strong>: the next "
        f"{'stage needs' if len(step.models) == 1 else 'stages need'} it on "
        f"{len(step.models)} model{'s' if len(step.models) > 1 else ''} ({held})."
        + _fixes(step.fixes)
        + "</li>"
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


def _advice_section(spec: Spec, result: Result) -> list[str]:
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
    parts = ['<h3 id="quiz-result-advice">Where to start</h3>', f"<p>{intro}</p><ul>"]
    for advice in shown:
        kind = spec.business_kind(advice.business_kind)
        parts.append(
            f"<li><strong>{_e(kind.name if kind else advice.business_kind)}</strong>: "
            f"{_link(advice.model.url, advice.model.short_title)} advises "
            f"{_link(advice.stage.url, f'{advice.stage.label}, {advice.stage.name}')}. "
            f"{_e(advice.text)}</li>"
        )
    parts.append("</ul>")
    return parts


def _unknown(spec: Spec, result: Result) -> str:
    if not result.unknown:
        return ""
    names = ", ".join(_e(spec.capability(c).name) for c in result.unknown)
    return (
        '<p class="atlas-result__unknown">You answered “Don’t know / not applicable” to every '
        f"question about {names}, so {'it counts' if len(result.unknown) == 1 else 'they count'} "
        "as level 0: stages that need "
        f"{'it' if len(result.unknown) == 1 else 'them'} are shown as not met.</p>"
    )


def render(spec: Spec, result: Result, share: str) -> str:
    """The whole result as an HTML fragment for the `#quiz-results` container."""
    kinds = result.answers.business_kinds
    parts = [
        '<h2 id="quiz-result-heading" tabindex="-1">Where you stand</h2>',
        f'<p class="atlas-result__rule">Each model is scored by its own logic. {_rules(spec)} '
        f'<a href="{_e(spec.methodology_url)}#scoring">How scoring works</a>.</p>',
        '<div class="atlas-result__cards">',
        *(_card(spec, p, kinds) for p in result.placements),
        "</div>",
        '<h3 id="quiz-result-profile">Your capability profile</h3>',
        "<p>Each capability is at the lowest level among your answers to its questions: a "
        "capability is only as strong as its weakest practice. A “Don’t know / not "
        "applicable” answer is left out.</p>",
        _unknown(spec, result),
        f'<figure class="atlas-result__chart">{profile_chart(spec, result.profile)}</figure>',
        *_advice_section(spec, result),
        '<h3 id="quiz-result-next">Your next steps</h3>',
    ]
    if result.next_steps:
        parts.append(
            '<ol class="atlas-result__steps">'
            + "".join(_step(spec, step) for step in result.next_steps)
            + "</ol>"
        )
    else:
        parts.append("<p>You meet every stage of every model. Keep it that way.</p>")
    parts.append(
        '<h3 id="quiz-result-share">Share or keep this result</h3>'
        "<p>This link holds your answers in its fragment (the part after <code>#</code>), which "
        "browsers never send to a server: "
        f'<a class="atlas-share-link" href="#{_e(share)}">link to this result</a>.</p>'
    )
    return "".join(parts)
