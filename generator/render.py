"""Render the atlas into Markdown pages, the navigation, and the atlas.json data export.

Everything here is pure: it takes an `Atlas` and returns strings. Pages link to each other by
their Markdown source paths, so MkDocs makes the URLs and `--strict` rejects a broken link.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator import alignment, page_urls, text
from generator.atlas_types import Atlas, Model, Stage
from generator.charts import alignment_svg
from generator.paths import (
    ALIGNMENT_PAGE,
    CAPABILITIES_PAGE,
    HOME_PAGE,
    MATRIX_PAGE,
    METHODOLOGY_PAGE,
    MODELS_PAGE,
    QUIZ_PAGE,
    SOURCES_PAGE,
    TEAM_PAGE,
    capability_page,
    model_page,
    stage_page,
)
from generator.quiz_assets import (
    QuizEngineFiles,
    engine_download_files,
    quiz_spec_file,
    subresource_integrity,
)
from generator.quiz_spec import quiz_spec
from generator.schema import EvidenceIn
from generator.template_cache import lasting_template_cache
from quiz.api import MAX_NAME, MAX_TEAM
from quiz.spec import OTHER_BUSINESS_KIND
from quiz.team import DISAGREEMENT

TEMPLATES = Path(__file__).parent / "templates"
ATLAS_JSON = "atlas.json"
ATLAS_JSON_VERSION = 2


QUIZ_STORAGE_KEY = "atlas-quiz-answers"
KEPT_RESULTS_KEY = "atlas-quiz-kept-results"
"""Where the quiz keeps the results a visitor chose to keep (quiz/web/kept-results.mjs)."""


@dataclass(frozen=True)
class RenderedPage:
    """A generated Markdown page and the source path MkDocs knows it by."""

    src: str
    content: str
    source_file: str
    """The maintainers' file this page is made from (for "edit this page")."""


class SiteRenderer:
    """Renders every generated page of the site from one atlas."""

    def __init__(
        self, atlas: Atlas, engine: QuizEngineFiles, *, directory_urls: bool = True
    ) -> None:
        self.atlas = atlas
        self.engine = engine
        self.directory_urls = directory_urls

    @cached_property
    def _env(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            bytecode_cache=lasting_template_cache("atlas_pages"),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # Every value a template prints is escaped by one rule (`text.template_value`): as
            # plain text in Markdown, unless it is Markup that a filter, a helper, a macro or
            # `|e` (for raw HTML) escaped for where it goes. Autoescaping is what makes `|e` and
            # macros return Markup.
            autoescape=True,
            finalize=text.template_value,
        )
        env.filters["md"] = text.markdown_text
        env.filters["paragraphs"] = text.markdown_paragraphs
        env.filters["code"] = text.code_span
        env.filters["anchor"] = text.anchor
        env.filters["web_address"] = text.markdown_url
        # Themes insert front-matter titles and descriptions into HTML unescaped: HTML-escaped,
        # then quoted as a YAML string (JSON is YAML).
        env.filters["meta"] = lambda value: Markup(
            json.dumps(str(escape(value)), ensure_ascii=False)
        )
        env.filters["percent"] = lambda value: f"{round(value * 100)} %"
        env.filters["sentence"] = text.sentence
        env.globals.update(
            atlas=self.atlas,
            model_page=model_page,
            stage_page=stage_page,
            capability_page=capability_page,
            HOME_PAGE=HOME_PAGE,
            MODELS_PAGE=MODELS_PAGE,
            CAPABILITIES_PAGE=CAPABILITIES_PAGE,
            MATRIX_PAGE=MATRIX_PAGE,
            ALIGNMENT_PAGE=ALIGNMENT_PAGE,
            METHODOLOGY_PAGE=METHODOLOGY_PAGE,
            SOURCES_PAGE=SOURCES_PAGE,
            QUIZ_PAGE=QUIZ_PAGE,
            TEAM_PAGE=TEAM_PAGE,
            min_similarity=alignment.MIN_SIMILARITY,
            atlas_json_version=ATLAS_JSON_VERSION,
        )
        return env

    def _render(self, template: str, src: str, **context: Any) -> str:
        # Links for Markdown (`link`) and for raw HTML attributes (`href`, `asset`): each is
        # checked to be relative, and escaped for where it goes.
        def link(target: str) -> Markup:
            return text.markdown_url(page_urls.relative_md_link(src, target))

        def href(target: str) -> Markup:
            return text.html_url(page_urls.relative_href(src, target, self.directory_urls))

        def asset(target: str) -> Markup:
            return text.html_url(page_urls.relative_asset(src, target, self.directory_urls))

        # A function, not a macro: stage pages hold one such link per shared capability of every
        # equivalent stage, and a Jinja macro call costs far more than the link.
        def capability_links(capability_ids: Sequence[str]) -> Markup:
            """Links to the capabilities' pages, comma-separated."""
            # Markup: both parts of each link are.
            return Markup(
                ", ".join(
                    f"[{text.markdown_text(self.atlas.capability(c).name)}]"
                    f"({link(capability_page(c))})"
                    for c in capability_ids
                )
            )

        def engine_data() -> dict[str, str]:
            """Where the quiz engine's files are and their digests, as the `data-` attributes
            of the quiz and team pages' form and of their <head> script (quiz/web/boot.js)."""
            return {
                "spec": asset(self.quiz_spec_file),
                "spec-integrity": self.quiz_spec_integrity,
                "pyodide": asset(self.engine.pyodide_dir),
                "stdlib": asset(self.engine.stdlib_file) if self.engine.stdlib_file else "",
                "runtime-integrity": self.engine.runtime_integrity,
                "lock": asset(self.engine.lock_file),
                "package": asset(self.engine.package_file),
                "integrity": self.engine.package_integrity,
                "worker": asset(self.engine.worker_file),
            }

        return self._env.get_template(template).render(
            page_src=src,
            link=link,
            href=href,
            asset=asset,
            capability_links=capability_links,
            quiz_engine_data=engine_data,
            **context,
        )

    def pages(self) -> list[RenderedPage]:
        """Every generated Markdown page, in navigation order."""
        atlas = self.atlas
        vocabulary = atlas.vocabulary_file
        all_sources = "models/"
        pages = [RenderedPage(MODELS_PAGE, self._render("models.md.j2", MODELS_PAGE), all_sources)]
        for model in atlas.models:
            src = model_page(model)
            pages.append(
                RenderedPage(src, self._render("model.md.j2", src, model=model), model.source_file)
            )
            for stage in model.stages:
                src = stage_page(stage)
                pages.append(
                    RenderedPage(
                        src,
                        self._render("stage.md.j2", src, model=model, stage=stage),
                        model.source_file,
                    )
                )
        pages.append(
            RenderedPage(MATRIX_PAGE, self._render("matrix.md.j2", MATRIX_PAGE), all_sources)
        )
        pages.append(
            RenderedPage(
                ALIGNMENT_PAGE,
                self._render(
                    "alignment.md.j2",
                    ALIGNMENT_PAGE,
                    # SVG the chart module escaped (generator/charts.py).
                    chart=Markup(self.alignment_chart(ALIGNMENT_PAGE)),
                ),
                all_sources,
            )
        )
        pages.append(
            RenderedPage(
                CAPABILITIES_PAGE, self._render("capabilities.md.j2", CAPABILITIES_PAGE), vocabulary
            )
        )
        for capability in atlas.capabilities:
            src = capability_page(capability)
            pages.append(
                RenderedPage(
                    src, self._render("capability.md.j2", src, capability=capability), vocabulary
                )
            )
        pages.append(
            RenderedPage(
                METHODOLOGY_PAGE, self._render("methodology.md.j2", METHODOLOGY_PAGE), vocabulary
            )
        )
        pages.append(
            RenderedPage(SOURCES_PAGE, self._render("sources.md.j2", SOURCES_PAGE), all_sources)
        )
        pages.append(
            RenderedPage(
                QUIZ_PAGE,
                self._render(
                    "quiz.md.j2",
                    QUIZ_PAGE,
                    quiz=self.atlas.quiz,
                    spec=self.quiz_spec,
                    storage_key=QUIZ_STORAGE_KEY,
                    kept_key=KEPT_RESULTS_KEY,
                    other_value=OTHER_BUSINESS_KIND,
                ),
                self.atlas.quiz.source_file,
            )
        )
        pages.append(self._team_page())
        return pages

    def _team_page(self) -> RenderedPage:
        """The team page ("Compare results"): several quiz results side by side, scored by the
        quiz's engine, which it starts as the quiz page does."""
        content = self._render(
            "team.md.j2",
            TEAM_PAGE,
            spec=self.quiz_spec,
            storage_key=QUIZ_STORAGE_KEY,
            max_team=MAX_TEAM,
            max_name=MAX_NAME,
            disagreement=DISAGREEMENT,
        )
        return RenderedPage(TEAM_PAGE, content, self.atlas.quiz.source_file)

    @cached_property
    def quiz_spec(self) -> dict[str, Any]:
        """The quiz spec (see `generator.quiz_spec`), with URLs relative to the quiz page."""

        def href(target: str) -> str:
            return page_urls.relative_href(QUIZ_PAGE, target, self.directory_urls)

        return quiz_spec(self.atlas, href)

    @cached_property
    def quiz_spec_json(self) -> str:
        """The quiz spec as the JSON file the site serves."""
        return json.dumps(self.quiz_spec, indent=1, ensure_ascii=False) + "\n"

    @cached_property
    def quiz_spec_file(self) -> str:
        """The spec's site path, named after a hash of its content."""
        return quiz_spec_file(self.quiz_spec_json.encode("utf-8"))

    @cached_property
    def quiz_spec_integrity(self) -> str:
        """The spec file's Subresource Integrity value: the worker refuses a changed spec."""
        return subresource_integrity(self.quiz_spec_json.encode("utf-8"))

    def engine_intent(self) -> dict[str, str]:
        """What every page needs to fetch the engine's files once a visitor heads for a page that
        runs it (quiz/web/page.mjs): `files`, the files' site paths, and `pages`, the site paths
        of the quiz and team pages, each list separated by spaces."""
        pages = (page_urls.page_url(src, self.directory_urls) for src in (QUIZ_PAGE, TEAM_PAGE))
        return {
            "files": " ".join(engine_download_files(self.engine, self.quiz_spec_file)),
            "pages": " ".join(pages),
        }

    def alignment_chart(self, from_src: str) -> str:
        """The alignment chart as SVG, its links relative to the page `from_src`."""

        def href(stage: Stage) -> str:
            return page_urls.relative_href(from_src, stage_page(stage), self.directory_urls)

        return alignment_svg(self.atlas, href)

    def nav(self, home: str = HOME_PAGE) -> list[Any]:
        """The site navigation, in MkDocs' `nav` format."""
        atlas = self.atlas
        models: list[Any] = [MODELS_PAGE]
        for model in atlas.models:
            stages: list[Any] = [model_page(model)]
            stages += [{_nav_title(model, s): stage_page(s)} for s in model.stages]
            models.append({escape(model.short_title): stages})
        return [
            {"Home": home},
            {"Models": models},
            {"Score yourself": QUIZ_PAGE},
            {"Compare results": TEAM_PAGE},
            {"Compare": [{"Comparison matrix": MATRIX_PAGE}, {"Alignment chart": ALIGNMENT_PAGE}]},
            {
                "Capabilities": [CAPABILITIES_PAGE]
                + [{escape(c.name): capability_page(c)} for c in atlas.capabilities]
            },
            {"About": [{"Methodology": METHODOLOGY_PAGE}, {"Sources": SOURCES_PAGE}]},
        ]

    def atlas_json(self, url_of: Callable[[str], str] | None = None) -> str:
        """The public data export; `url_of` maps a source page to its URL (default: computed)."""
        atlas = self.atlas

        def url(src: str) -> str:
            return url_of(src) if url_of else page_urls.page_url(src, self.directory_urls)

        data = {
            "version": ATLAS_JSON_VERSION,
            "capabilities": [
                {
                    "id": c.id,
                    "name": c.name,
                    "summary": c.summary,
                    "url": url(capability_page(c)),
                    "levels": [
                        {"level": v.level, "label": v.label, "description": v.description}
                        for v in c.levels
                    ],
                }
                for c in atlas.capabilities
            ],
            "bands": [
                {
                    "id": b.id,
                    "name": b.name,
                    "description": b.description,
                    "reached_by": dict(b.reached_by),
                }
                for b in atlas.bands
            ],
            "business_kinds": [
                {"id": k.id, "name": k.name, "description": k.description}
                for k in atlas.business_kinds
            ],
            "models": [
                {
                    "id": m.id,
                    "title": m.title,
                    "short_title": m.short_title,
                    "url": url(model_page(m)),
                    "authors": [{"name": a.name, "role": a.role} for a in m.authors],
                    "year": m.year,
                    "source": {"title": m.source.title, "publication": m.source.publication},
                    "orders_by": m.orders_by,
                    "stage_term": m.stage_term,
                    "scoring": m.scoring,
                    "advice": [
                        {"business_kind": a.business_kind, "stage": a.stage, "text": a.text}
                        for a in m.advice
                    ],
                    "stages": [
                        {
                            "id": s.id,
                            "ref": s.ref,
                            "number": s.number,
                            "label": s.label(m.stage_term),
                            "name": s.name,
                            "summary": s.summary,
                            "url": url(stage_page(s)),
                            "requires": {
                                c: {"level": r.level, **_evidence(r)} for c, r in s.requires.items()
                            },
                            "ceiling": {
                                c: {"level": r.level, "quote": r.quote, "note": r.note}
                                for c, r in s.ceiling.items()
                            },
                            "skippable": None if s.skippable is None else _evidence(s.skippable),
                            "profile": dict(s.profile),
                            "position": s.position,
                            "band": s.band_id,
                            "equivalents": [
                                {
                                    "stage": e.other,
                                    "similarity": e.similarity,
                                    "shared_capabilities": list(e.shared),
                                    "override": e.override,
                                }
                                for e in atlas.equivalents[s.ref]
                            ],
                        }
                        for s in m.stages
                    ],
                }
                for m in atlas.models
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _evidence(evidence: EvidenceIn) -> dict[str, str | None]:
    """What a requirement, ceiling or skippable stage rests on, for atlas.json."""
    return {"quote": evidence.quote, "note": evidence.note, "inferred": evidence.inferred}


def _nav_title(model: Model, stage: Stage) -> Markup:
    # Themes insert navigation titles into HTML unescaped, except where they filter them with
    # `|e` (the footer's aria-label): a Markup title is escaped once, and not again by `|e`.
    title = f"{stage.number}. {stage.name}" if stage.number_label is None else stage.name
    return escape(title)
