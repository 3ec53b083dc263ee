"""The result as HTML: one card per model, the capability chart, advice and next steps.

Every piece of text is escaped here; the browser inserts the fragment as it is. URLs in the spec
are relative to the quiz page, which is where the fragment is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from quiz.scoring import Fix, Placement, Result, Shortfall, Step
from quiz.spec import Spec

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


def _fix(fix: Fix) -> str:
    return (
        f'<span class="atlas-result__fix">{_e(fix.question.prompt)} '
        f"<q>{_e(fix.option.text)}</q></span>"
    )


def _fix_list(fixes: Sequence[Fix]) -> str:
    """The answers that hold a capability down and what would lift them, as a list (or nothing)."""
    if not fixes:
        return ""
    return (
        '<ul class="atlas-result__fixes">' + "".join(f"<li>{_fix(f)}</li>" for f in fixes) + "</ul>"
    )


def _shortfall(spec: Spec, shortfall: Shortfall) -> str:
    capability = spec.capability(shortfall.capability)
    return (
        f"<li>{_link(capability.url, capability.name)}: you are at "
        f"{_level(spec, shortfall.capability, shortfall.current)}; it needs "
        f"{_level(spec, shortfall.capability, shortfall.required)}."
        f"{_fix_list(shortfall.fixes)}</li>"
    )


def _ladder(placement: Placement) -> str:
    model = placement.model
    items = []
    for index, stage in enumerate(model.stages):
        if index == placement.index and placement.reached:
            state, note = "current", "you are here"
        elif index == placement.target:
            state, note = "next", "next"
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
    return (
        f'<ol class="atlas-ladder" aria-label="{_e(model.short_title)} ladder">'
        + "".join(items)
        + "</ol>"
    )


def _card(spec: Spec, placement: Placement) -> str:
    model, stage = placement.model, placement.stage
    term = model.stage_term
    parts = [
        f'<article class="atlas-result-card" data-model="{_e(model.id)}" data-stage="{_e(stage.id)}">',
        f"<h3>{_link(model.url, model.title)}</h3>",
    ]
    if placement.reached:
        parts.append(
            f'<p class="atlas-result-card__stage">You are at {_e(stage.label)}: '
            f"<strong>{_link(stage.url, stage.name)}</strong>.</p>"
        )
    else:
        parts.append(
            f'<p class="atlas-result-card__stage">You are at the start of this ladder: its first '
            f"{_e(term)}, <strong>{_link(stage.url, stage.name)}</strong> ({_e(stage.label)}), "
            "is not fully in place yet.</p>"
        )
    parts.append(f'<p class="atlas-result-card__summary">{_e(stage.summary)}</p>')
    parts.append(_ladder(placement))
    if placement.target is None:
        parts.append(f"<p>You meet every {_e(term)} of this model: this is its top.</p>")
    else:
        target = model.stages[placement.target]
        label = f"{target.label}: {target.name}"
        parts.append(
            f'<p class="atlas-result-card__progress">'
            f"<label>You meet {placement.progress} % of what {_e(label)} requires "
            f'<progress max="100" value="{placement.progress}">{placement.progress} %</progress>'
            "</label></p>"
        )
        parts.append(f"<h4>What holds you back from {_e(target.name)}</h4>")
        parts.append(
            '<ul class="atlas-result__shortfalls">'
            + "".join(_shortfall(spec, s) for s in placement.holds_back)
            + "</ul>"
        )
        if placement.ahead:
            names = ", ".join(
                f"{_e(model.stages[i].label)} ({_e(model.stages[i].name)})" for i in placement.ahead
            )
            parts.append(
                '<p class="atlas-result-card__ahead">You already meet the requirements of '
                f"{names}, but placement is staged: a {_e(term)} counts only once every earlier "
                f"{_e(term)} is in place, so {_e(target.name)} comes first.</p>"
            )
    steps = stage.next_steps if placement.reached else ()
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
        f"{_level(spec, step.capability, step.required)}</strong>: it holds you back on "
        f"{len(step.models)} model{'s' if len(step.models) > 1 else ''} ({held})."
        f"{_fix_list(step.fixes)}</li>"
    )


def render(spec: Spec, result: Result, share: str) -> str:
    """The whole result as an HTML fragment for the `#quiz-results` container."""
    parts = [
        '<h2 id="quiz-result-heading" tabindex="-1">Where you stand</h2>',
        '<p class="atlas-result__rule">Placement is <em>staged</em>: on each model you are at the '
        "last stage of an unbroken run of stages whose requirements you meet, counted from the "
        "start, so a practice from a later stage cannot hide a missing basic. "
        f'<a href="{_e(spec.methodology_url)}#scoring">How scoring works</a>.</p>',
        '<div class="atlas-result__cards">',
        *(_card(spec, p) for p in result.placements),
        "</div>",
        '<h3 id="quiz-result-profile">Your capability profile</h3>',
        "<p>Each capability is at the lowest level among your answers to its questions: a "
        "capability is only as strong as its weakest practice.</p>",
        f'<figure class="atlas-result__chart">{profile_chart(spec, result.profile)}</figure>',
    ]
    if result.advice:
        chosen = spec.business_kind(result.answers.business_kind or "")
        name = chosen.name if chosen else None
        parts.append('<h3 id="quiz-result-advice">Where to start</h3>')
        intro = (
            f"For a business like yours ({_e(name)}), the model's advice:"
            if name
            else "You chose none of the kinds of business the advice covers, so here is the advice for each:"
        )
        parts.append(f"<p>{intro}</p><ul>")
        for advice in result.advice:
            kind_name = spec.business_kind(advice.business_kind)
            prefix = (
                ""
                if name
                else f"<strong>{_e(kind_name.name if kind_name else advice.business_kind)}</strong>: "
            )
            parts.append(
                f"<li>{prefix}{_link(advice.model.url, advice.model.short_title)} suggests starting with "
                f"{_link(advice.stage.url, f'{advice.stage.label}: {advice.stage.name}')}. "
                f"{_e(advice.text)}</li>"
            )
        parts.append("</ul>")
    parts.append('<h3 id="quiz-result-next">Your next steps</h3>')
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
