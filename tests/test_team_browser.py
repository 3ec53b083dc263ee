"""The team page ("Compare results") in Chromium against the really built site: results added as
pasted links, answer files and the answers saved in this browser are placed as the quiz package
places each alone (CPython is the reference), with the team's spreads and disagreements as the
engine computes them; bad and duplicate entries are listed with their reason while the rest
show; the team's link reopens the same view in a fresh browser; the JSON and CSV exports hold what
the page shows; axe finds nothing in either scheme; the page works with the keyboard alone.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import SUB_PATH, PageLog, csp_violations
from tests.quiz_page import quiz_storage_key
from tests.shared_pages import new_page
from tests.team_page import (
    TEAM,
    Reference,
    distinct_answer_sets,
    expected_capabilities,
    paste_links,
    shown_team,
    start_again,
    wait_for_team,
    wait_for_team_engine,
)
from tests.test_accessibility import axe_violations, focused, tab_until, use_scheme

TEAM_SIZE = 6


@pytest.fixture(scope="module")
def reference(spec: dict[str, Any]) -> Reference:
    return Reference(spec)


@pytest.fixture(scope="module")
def team_page(chromium: Browser, site_url: str) -> Iterator[tuple[Page, PageLog]]:
    """The team page, its engine ready; each test starts it again (no result shown)."""
    page, log = new_page(chromium, site_url, accept_downloads=True)
    page.goto(site_url + TEAM)
    wait_for_team_engine(page)
    yield page, log
    page.context.close()


@pytest.fixture
def team(team_page: tuple[Page, PageLog]) -> Iterator[Page]:
    page, log = team_page
    page.emulate_media(media="screen")
    if page.locator("#team-results").get_attribute("data-state") != "empty":
        start_again(page)
    mark, violations = log.mark(), len(csp_violations(page))
    yield page
    log.assert_clean(since=mark)
    assert csp_violations(page)[violations:] == []


def build_team(
    page: Page, site_url: str, spec: dict[str, Any], reference: Reference
) -> tuple[list[tuple[str, dict[str, str]]], str]:
    """Adds a team of TEAM_SIZE results as a visitor would: three pasted links (with a malformed
    one and a duplicate among them), two answer files, and the answers saved in this browser.
    Returns the people in the order the page lists them, and the malformed link's reason."""
    sets = distinct_answer_sets(spec, TEAM_SIZE, seed=11)
    links = [f"{site_url}quiz/#{reference.share(answers)}" for answers in sets[:3]]
    malformed = reference.share(sets[3]).replace("v=", "v=zz", 1)
    paste_links(page, [links[0], f"{site_url}quiz/#{malformed}", links[1], links[2], links[0]])
    wait_for_team(page, 3)
    problems = page.locator("#team-problems li")
    expect(problems).to_have_count(2)
    reason = reference.share_error(malformed)
    expect(problems.nth(0)).to_contain_text(reason)
    expect(problems.nth(1)).to_contain_text("duplicate")

    page.locator("form#team input[type=file]").set_input_files(
        [
            {
                "name": "ana.json",
                "mimeType": "application/json",
                "buffer": reference.answers_file(sets[3]),
            },
            {
                "name": "bo.json",
                "mimeType": "application/json",
                "buffer": reference.answers_file(sets[4]),
            },
        ]
    )
    wait_for_team(page, 5)

    form = page.locator("form#team")
    saved = {"version": form.get_attribute("data-version"), "answers": sets[5]}
    page.evaluate(
        "([key, saved]) => localStorage.setItem(key, JSON.stringify(saved))",
        # Under the key the quiz keeps them under, scoped by the site's path.
        [quiz_storage_key(SUB_PATH), saved],
    )
    page.get_by_role("button", name="Add my answers saved in this browser").click()
    wait_for_team(page, 6)
    expect(page.locator("#team-problems li")).to_have_count(0)
    names = ["Result 1", "Result 2", "Result 3", "ana", "bo", "My saved answers"]
    return list(zip(names, sets, strict=True)), reason


def assert_shows(
    shown: dict[str, Any], people: list[tuple[str, dict[str, str]]], reference: Reference
) -> None:
    """The view shows `people` placed as each alone, and the team's spreads and disagreements."""
    expected_team = reference.team(people)
    assert [p["name"] for p in shown["people"]] == [name for name, _ in people]
    for person, (_, answers) in zip(shown["people"], people, strict=True):
        assert person["placements"] == reference.placements(answers)
    assert shown["capabilities"] == expected_capabilities(expected_team)
    assert shown["disagreements"] == expected_team["disagreements"]
    assert shown["disagreements"], "the lowest and the highest answers must disagree somewhere"


def test_a_team_of_links_files_and_saved_answers_is_placed_as_each_alone(
    team: Page, chromium: Browser, site_url: str, spec: dict[str, Any], reference: Reference
) -> None:
    people, _ = build_team(team, site_url, spec, reference)
    shown = shown_team(team)
    assert_shows(shown, people, reference)
    # Each person's placements link to the stage pages.
    first = team.locator("#team-results [data-person='0'] [data-model][data-stage] a").first
    assert first.get_attribute("href", timeout=1000)

    # The team's link, opened in a fresh browser, shows the same team.
    link = shown["link"]
    assert link and link.startswith(f"{site_url}{TEAM}#team=")
    fresh, log = new_page(chromium, site_url)
    try:
        fresh.goto(link)
        wait_for_team(fresh, TEAM_SIZE)
        again = shown_team(fresh)
        assert again["people"] == shown["people"]
        assert again["capabilities"] == shown["capabilities"]
        assert again["disagreements"] == shown["disagreements"]
        assert again["problems"] == []
        assert again["link"] == link
        log.assert_clean()
        assert csp_violations(fresh) == []
    finally:
        fresh.context.close()


def test_a_damaged_entry_of_a_team_link_is_listed_while_the_rest_show(
    chromium: Browser, site_url: str, spec: dict[str, Any], reference: Reference
) -> None:
    sets = distinct_answer_sets(spec, 3, seed=5)
    damaged = reference.share(sets[2]).replace("=", "=%FF", 1)
    entries = [
        ("Ann & Co, 1:2", reference.share(sets[0])),
        ("Bo", reference.share(sets[1])),
        ("Cy", damaged),
    ]
    # The link format the page documents (quiz/web/team-link.mjs): name:fragment, joined by commas.
    fragment = "team=" + ",".join(f"{quote(name, safe='')}:{share}" for name, share in entries)
    page, log = new_page(chromium, site_url)
    try:
        page.goto(f"{site_url}{TEAM}#{fragment}")
        wait_for_team(page, 2)
        shown = shown_team(page)
        assert [p["name"] for p in shown["people"]] == ["Ann & Co, 1:2", "Bo"]
        [problem] = shown["problems"]
        assert "Cy" in problem and reference.share_error(damaged) in problem
        log.assert_clean()
    finally:
        page.context.close()


def test_the_exports_hold_what_the_page_shows_and_the_json_reads_back(
    team: Page, site_url: str, spec: dict[str, Any], reference: Reference
) -> None:
    people, _ = build_team(team, site_url, spec, reference)
    # A name changed on the page is the name every export carries.
    name_field = team.locator("#team-members input[type=text]").first
    name_field.fill("=Dee, chair")
    name_field.press("Tab")
    expect(team.locator("#team-results [data-person='0'] th")).to_have_text("=Dee, chair")
    people[0] = ("=Dee, chair", people[0][1])
    shown = shown_team(team)

    with team.expect_download() as download:
        team.get_by_role("button", name="Export (JSON)").click()
    assert download.value.suggested_filename.endswith(".json")
    json_file = download.value.path()
    exported = json.loads(json_file.read_text(encoding="utf-8"))
    assert [p["name"] for p in exported["people"]] == [p["name"] for p in shown["people"]]
    for person, on_page in zip(exported["people"], shown["people"], strict=True):
        placements = {p["model"]: p["stage"] for p in person["result"]["placements"]}
        assert placements == on_page["placements"]
    assert expected_capabilities(exported) == shown["capabilities"]
    assert exported["disagreements"] == shown["disagreements"]

    with team.expect_download() as download:
        team.get_by_role("button", name="Export (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    text = download.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    capabilities = [c["capability"] for c in exported["capabilities"]]
    assert len(rows) == len(people) * len(capabilities)
    for index, (name, _) in enumerate(people):
        mine = rows[index * len(capabilities) : (index + 1) * len(capabilities)]
        # A spreadsheet would run a cell starting with "=" as a formula: it is quoted as text.
        assert {row["person"].removeprefix("'") for row in mine} == {name}
        assert [row["capability"] for row in mine] == capabilities
        levels = [c["levels"][index] for c in exported["capabilities"]]
        assert [int(r["level"]) if r["level"] else None for r in mine] == levels
    assert rows[0]["person"] == "'=Dee, chair"

    # The JSON file, added back, gives the same team.
    start_again(team)
    team.locator("form#team input[type=file]").set_input_files(
        {"name": "team.json", "mimeType": "application/json", "buffer": json_file.read_bytes()}
    )
    wait_for_team(team, len(people))
    again = shown_team(team)
    assert again["people"] == shown["people"]
    assert again["capabilities"] == shown["capabilities"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_the_team_view(
    team: Page, site_url: str, spec: dict[str, Any], reference: Reference, scheme: str
) -> None:
    build_team(team, site_url, spec, reference)
    # With a problem listed too.
    team.locator("form#team textarea[name=links]").fill("not-a-link")
    team.get_by_role("button", name="Compare these results").click()
    expect(team.locator("#team-problems li")).to_have_count(1)
    use_scheme(team, scheme)
    assert axe_violations(team) == []


def test_the_team_page_works_with_the_keyboard_alone(
    team: Page, site_url: str, spec: dict[str, Any], reference: Reference
) -> None:
    sets = distinct_answer_sets(spec, 2, seed=3)
    links = [f"{site_url}quiz/#{reference.share(answers)}" for answers in sets]
    team.evaluate("window.scrollTo(0, 0)")
    team.locator("a[href], button, input, textarea").first.focus()
    tab_until(team, lambda f: f["tag"] == "TEXTAREA")
    team.keyboard.insert_text("\n".join(links))
    tab_until(team, lambda f: f["tag"] == "BUTTON" and f["text"] == "Compare these results")
    team.keyboard.press("Enter")
    wait_for_team(team, 2)
    tab_until(team, lambda f: f["tag"] == "INPUT" and f["type"] == "text")
    team.keyboard.press("ControlOrMeta+a")
    team.keyboard.type("Ida")
    team.keyboard.press("Tab")
    expect(team.locator("#team-results [data-person='0'] th")).to_have_text("Ida")
    tab_until(team, lambda f: f["tag"] == "A" and "team’s results" in f["text"], limit=400)
    assert focused(team)["text"] == "link to the team’s results"


def test_fifty_pasted_results_are_shown_and_timed(
    team: Page, site_url: str, spec: dict[str, Any], reference: Reference, record_property: Any
) -> None:
    """Measured, not asserted: from submitting 50 pasted links to the view being ready, with the
    engine ready (BENCHMARKS.md reports it)."""
    sets = distinct_answer_sets(spec, 50, seed=50)
    links = "\n".join(f"{site_url}quiz/#{reference.share(answers)}" for answers in sets)
    elapsed = team.evaluate(PASTE_AND_TIME, links)
    wait_for_team(team, 50)
    shown = shown_team(team)
    expected = reference.team([(f"Result {i + 1}", answers) for i, answers in enumerate(sets)])
    assert shown["capabilities"] == expected_capabilities(expected)
    record_property("team_50_paste_to_ready_ms", round(elapsed))
    print(f"\nTeam view: 50 results, paste → page ready: {elapsed:.0f} ms")


# Submits the links and resolves, once the view shows 50 results, to the milliseconds it took.
PASTE_AND_TIME = """async (links) => {
  const results = document.getElementById("team-results");
  document.querySelector("form#team textarea[name=links]").value = links;
  const done = () => results.dataset.state === "ready" && results.querySelectorAll("[data-person]").length === 50;
  const start = performance.now();
  const shown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); resolve(); }
    });
    observer.observe(results, { attributes: true, childList: true });
  });
  document.querySelector("form#team button[type=submit]").click();
  await shown;
  return performance.now() - start;
}"""
