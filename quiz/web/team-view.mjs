// The team's results (`#team-results`), built with DOM APIs from the engine's team view
// ("score-team", quiz/api.py team_data) and the names in the quiz spec: each person's place on
// every model (a table and a chart per model), the spread of levels per capability with the
// disagreements first (a table and a chart), the team's own place and next steps, and the
// answers that differ. Hooks the tests and outside checks read: `[data-person]` rows holding
// `[data-model][data-stage]` cells, and one `[data-capability]` row per capability with
// `data-min`, `data-median` and `data-max`.

import { dataTable, element, scrollingRegion } from "./dom.mjs";
import { stageName } from "./spec-names.mjs";
import { placementChart, spreadChart } from "./team-charts.mjs";

function link(href, text, attributes = {}) {
  return element("a", { href, ...attributes }, text);
}

/** The cell content of a place: links to its stages' pages, or its words. */
function placeContent(names, placement) {
  const { stages, text } = names.place(placement);
  if (text) return [text];
  return stages.flatMap((stage, index) => [index ? "; " : null, link(names.url(stage.url), stageName(stage))]);
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

// ---- Where each person stands ----------------------------------------------------------------

function placementsTable(names, reply, people) {
  const models = reply.team.placements.map((p) => names.models.get(p.model));
  const row = (label, result, attributes) =>
    element(
      "tr",
      attributes,
      element("th", { scope: "row" }, label),
      result.placements.map((placement) =>
        element(
          "td",
          { "data-model": placement.model, "data-stage": placement.stage, "data-rule": placement.rule },
          placeContent(names, placement),
        ),
      ),
    );
  const rows = reply.people.map((person, index) => row(people[index], person.result, { "data-person": index }));
  rows.push(row("The team (median)", reply.team, { class: "atlas-team__team-row", "data-team": "" }));
  return scrollingRegion(
    "Where each person stands",
    dataTable("Each person’s place on every model, and the team’s", ["Result", ...models.map((m) => m.short_title)], rows),
  );
}

/** Per model, how many people stand at each of its stages (a chart, and its numbers as a table). */
function placementFigure(names, reply, people, teamPlacement) {
  const model = names.models.get(teamPlacement.model);
  const functions = teamPlacement.rule === "functions";
  const teamStages = new Set(names.place(teamPlacement).stages.map((stage) => stage.id));
  const who = new Map(model.stages.map((stage) => [stage.id, []]));
  const nowhere = [];
  reply.people.forEach((person, index) => {
    const placement = person.result.placements.find((p) => p.model === model.id);
    const { stages } = names.place(placement);
    if (stages.length === 0) nowhere.push(people[index]);
    for (const stage of stages) who.get(stage.id).push(people[index]);
  });
  const rows = model.stages.map((stage) => ({
    label: stageName(stage),
    stage,
    names: who.get(stage.id),
    count: who.get(stage.id).length,
    team: teamStages.has(stage.id),
  }));
  rows.push({
    label: functions ? `No ${model.stage_term} in place` : "Not on this ladder yet",
    stage: null,
    names: nowhere,
    count: nowhere.length,
    team: teamStages.size === 0,
  });
  const title = functions
    ? `${model.short_title}: how many people have each ${model.stage_term} in place`
    : `${model.short_title}: how many people stand at each ${model.stage_term}`;
  const dataRows = rows.map((row) =>
    element(
      "tr",
      {},
      element("th", { scope: "row" }, row.stage ? link(names.url(row.stage.url), row.label) : row.label),
      element("td", {}, row.count),
      element("td", {}, row.names.join(", ")),
      element("td", {}, row.team ? "yes" : ""),
    ),
  );
  return element(
    "figure",
    { class: "atlas-team__figure" },
    element("figcaption", {}, title),
    placementChart(title, rows, reply.people.length),
    dataTable(`${title} (the chart’s data)`, [model.stage_term[0].toUpperCase() + model.stage_term.slice(1), "People", "Who", "The team’s place"], dataRows, {
      class: "atlas-team__table--chart-data",
    }),
  );
}

// ---- Capabilities ------------------------------------------------------------------------------

/** The spreads in the order the page lists them: disagreements first (widest first), then the
 *  others in the spec's order. */
function orderedSpreads(reply) {
  const bySpread = new Map(reply.capabilities.map((spread) => [spread.capability, spread]));
  const first = reply.disagreements.map((id) => bySpread.get(id));
  return [...first, ...reply.capabilities.filter((spread) => !spread.disagreement)];
}

function levelCounts(spread, top) {
  const counts = Array.from({ length: top + 1 }, () => 0);
  for (const level of spread.levels) if (level !== null) counts[level] += 1;
  return counts;
}

function levelText(names, capability, level) {
  const label = names.levelLabel(capability, level);
  return label ? `level ${level} (${label})` : `level ${level}`;
}

function disagreementList(names, reply, people) {
  if (reply.disagreements.length === 0) {
    return element(
      "p",
      { id: "team-disagreements-none" },
      "No capability has people 2 levels or more apart: the team agrees within one level on every capability.",
    );
  }
  const bySpread = new Map(reply.capabilities.map((spread) => [spread.capability, spread]));
  return element(
    "ol",
    { id: "team-disagreements", class: "atlas-team__disagreements" },
    reply.disagreements.map((id) => {
      const spread = bySpread.get(id);
      const capability = names.capabilities.get(id);
      const at = (level) => people.filter((_, index) => spread.levels[index] === level).join(", ");
      return element(
        "li",
        { "data-discuss": id },
        element("strong", {}, link(names.url(capability.url), capability.name)),
        `: from ${levelText(names, id, spread.min)}, ${at(spread.min)}, to ${levelText(names, id, spread.max)}, ${at(spread.max)}; the team’s median is ${levelText(names, id, spread.median)}.`,
      );
    }),
  );
}

function spreadsTable(names, reply) {
  const top = names.topLevel;
  const rows = orderedSpreads(reply).map((spread) => {
    const capability = names.capabilities.get(spread.capability);
    const counts = levelCounts(spread, top);
    const unknown = spread.levels.filter((level) => level === null).length;
    const spreadText = counts
      .map((count, level) => (count ? `${level}: ${count}` : null))
      .filter(Boolean)
      .concat(unknown ? [`not known: ${unknown}`] : [])
      .join(", ");
    return element(
      "tr",
      {
        "data-capability": spread.capability,
        "data-min": spread.min,
        "data-median": spread.median,
        "data-max": spread.max,
        "data-known": spread.known,
        "data-disagreement": spread.disagreement,
        class: spread.disagreement ? "atlas-team__disagree" : null,
      },
      element("th", { scope: "row" }, link(names.url(capability.url), capability.name)),
      element("td", {}, spread.known ? spread.min : "–"),
      element("td", {}, spread.known ? levelText(names, spread.capability, spread.median) : "not known"),
      element("td", {}, spread.known ? spread.max : "–"),
      element("td", {}, spreadText),
      element("td", {}, spread.disagreement ? "yes: discuss" : "no"),
    );
  });
  return scrollingRegion(
    "The spread of levels per capability",
    dataTable(
      "The spread of levels per capability (people per level), disagreements first",
      ["Capability", "Lowest", "Median", "Highest", "People per level", "2 levels or more apart"],
      rows,
      { id: "team-spreads" },
    ),
  );
}

function spreadFigure(names, reply) {
  const top = names.topLevel;
  const rows = orderedSpreads(reply).map((spread) => ({
    label: names.capabilityName(spread.capability),
    min: spread.min,
    median: spread.median,
    max: spread.max,
    known: spread.known,
    counts: levelCounts(spread, top),
  }));
  const title = "The spread of levels per capability";
  return element(
    "figure",
    { class: "atlas-team__figure" },
    element("figcaption", {}, `${title}: a line from the lowest level to the highest, a dot per level people are at (larger for more people), a diamond at the median. The table above holds the same numbers.`),
    spreadChart(title, rows, top),
  );
}

function levelsTable(names, reply, people) {
  const rows = reply.people.map((_, index) =>
    element(
      "tr",
      {},
      element("th", { scope: "row" }, people[index]),
      reply.capabilities.map((spread) => {
        const level = spread.levels[index];
        return element("td", {}, level === null ? "not known" : level);
      }),
    ),
  );
  return scrollingRegion(
    "Every person’s level per capability",
    dataTable(
      "Every person’s level per capability (0 to 4)",
      ["Result", ...reply.capabilities.map((spread) => names.capabilityName(spread.capability))],
      rows,
    ),
  );
}

// ---- The team's place ------------------------------------------------------------------------

function teamCard(names, placement) {
  const model = names.models.get(placement.model);
  const target = placement.target ? names.stage(placement.model, placement.target) : null;
  const parts = [
    element("h4", {}, link(names.url(model.url), model.title)),
    element("p", { class: "atlas-team__team-place" }, placement.rule === "functions" ? "In place: " : "The team’s place: ", placeContent(names, placement)),
  ];
  if (target && placement.holds_back.length) {
    parts.push(
      element("p", {}, `Next: ${stageName(target)} (the team meets ${placement.progress} % of what it requires), which needs:`),
      element(
        "ul",
        {},
        placement.holds_back.map((gap) =>
          element("li", {}, `${names.capabilityName(gap.capability)} at ${levelText(names, gap.capability, gap.required)}; the team is at ${gap.current}.`),
        ),
      ),
    );
  } else if (!target) {
    parts.push(element("p", {}, `The team meets every ${model.stage_term} of this model.`));
  }
  return element(
    "article",
    { class: "atlas-team__card", "data-model": placement.model, "data-stage": placement.stage },
    parts,
  );
}

function nextSteps(names, reply) {
  const steps = reply.team.next_steps;
  if (steps.length === 0) return element("p", {}, "The team meets every stage of every model.");
  return element(
    "ol",
    { class: "atlas-team__steps" },
    steps.map((step) => {
      const capability = names.capabilities.get(step.capability);
      const models = step.models.map((id) => names.models.get(id)?.short_title ?? id);
      return element(
        "li",
        {},
        element("strong", {}, "Raise ", link(names.url(capability.url), capability.name), ` to ${levelText(names, step.capability, step.required)}`),
        `: the next ${step.models.length === 1 ? "stage needs" : "stages need"} it on ${plural(step.models.length, "model", "models")} (${models.join(", ")}).`,
      );
    }),
  );
}

// ---- Answers that differ -------------------------------------------------------------------

function differences(names, reply, people) {
  if (reply.differences.length === 0) {
    return [element("p", {}, "Everyone gave the same answer to every question.")];
  }
  return reply.differences.map(({ question: id, values }) => {
    const question = names.questions.get(id);
    const groups = new Map();
    values.forEach((value, index) => {
      if (!groups.has(value)) groups.set(value, []);
      groups.get(value).push(people[index]);
    });
    const capability = question?.capability ? names.capabilityName(question.capability) : null;
    return element(
      "section",
      { class: "atlas-team__difference", "data-question": id },
      element("h4", {}, question?.prompt ?? id),
      capability ? element("p", { class: "atlas-team__help" }, `Capability: ${capability}`) : null,
      element(
        "ul",
        {},
        [...groups].map(([value, who]) =>
          element("li", {}, element("span", { class: "atlas-team__answer" }, names.answerText(id, value)), ` — ${who.join(", ")}`),
        ),
      ),
    );
  });
}

// ---- The whole view --------------------------------------------------------------------------

/**
 * Fills `section` with the team view of `reply`, its people named `people`. `share` is the team
 * link: `{href}`, or `{tooLong: length, limit}` when the team is too large for one.
 */
export function renderTeam(section, names, reply, people, share) {
  const count = reply.people.length;
  const shareParts = share.href
    ? [
        element(
          "p",
          {},
          "This link holds every result compared here in its fragment (the part after #), which browsers never send to a server: ",
          link(share.href, "link to the team’s results", { class: "atlas-team-share-link" }),
          `. It is ${share.href.length.toLocaleString("en")} characters long; some e-mail and chat programs cut links longer than about 2,000, so for a large team send the JSON file instead, which this page reads back.`,
        ),
      ]
    : [
        element(
          "p",
          { class: "atlas-team__too-long" },
          `This team is too large for a link (${share.tooLong.toLocaleString("en")} characters; at most ${share.limit.toLocaleString("en")}). Keep or send it as a JSON file instead: this page reads it back.`,
        ),
      ];
  const parts = [
    element("h2", { id: "team-result-heading", tabindex: -1 }, "The team side by side"),
    element(
      "p",
      { id: "team-summary" },
      `${plural(count, "result", "results")} compared. ${
        reply.disagreements.length
          ? `The team is 2 levels or more apart on ${plural(reply.disagreements.length, "capability", "capabilities")}: discuss ${reply.disagreements.length === 1 ? "it" : "them"} first.`
          : "The team agrees within one level on every capability."
      }`,
    ),
    element("h3", { id: "team-result-disagreements" }, "Where the team disagrees"),
    element("p", {}, "Capabilities on which people are 2 levels or more apart, the widest gap first: these are the questions to discuss."),
    disagreementList(names, reply, people),
    element("h3", { id: "team-result-places" }, "Where each person stands"),
    placementsTable(names, reply, people),
    reply.team.placements.map((placement) => placementFigure(names, reply, people, placement)),
    element("h3", { id: "team-result-capabilities" }, "Capability by capability"),
    element(
      "p",
      {},
      "Each person’s level of a capability is the one their own result gives (the lowest level among their answers to its questions); a capability someone answered “Don’t know” to throughout is left out of its spread. The team’s level is the median; with an even number of people, the lower of the two middle levels.",
    ),
    spreadsTable(names, reply),
    spreadFigure(names, reply),
    levelsTable(names, reply, people),
    element("h3", { id: "team-result-team" }, "The team’s place"),
    element("p", {}, "The team’s profile (the median level of every capability) placed on every model, as a single result is."),
    element("div", { class: "atlas-team__cards" }, reply.team.placements.map((placement) => teamCard(names, placement))),
    element("h4", { id: "team-result-next" }, "The team’s next steps"),
    nextSteps(names, reply),
    element("h3", { id: "team-result-answers" }, "Answers that differ"),
    element("p", {}, "Each question the team answered differently, with who gave which answer: talk about the practice itself."),
    differences(names, reply, people),
    element("h3", { id: "team-result-share" }, "Share or keep the team’s results"),
    shareParts,
    element(
      "p",
      { class: "atlas-team__share-actions" },
      share.href ? element("button", { type: "button", class: "md-button", "data-action": "copy" }, "Copy link") : null,
      element("button", { type: "button", class: "md-button", "data-action": "export-json" }, "Export (JSON)"),
      element("button", { type: "button", class: "md-button", "data-action": "export-csv" }, "Export (CSV)"),
      element("button", { type: "button", class: "md-button", "data-action": "print" }, "Print"),
      element("span", { class: "atlas-team__share-status", role: "status" }),
    ),
  ];
  section.replaceChildren(...parts.flat());
  section.setAttribute("aria-labelledby", "team-result-heading");
}
