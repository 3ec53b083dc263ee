// What moved between a kept result and the result on show, built with DOM APIs from the engine's
// comparison ("compare", quiz/progress.py comparison_data) and the names in the quiz spec: per
// model the place before and after, per capability the level before and after, each with its
// change in words; a note when the earlier result was made with another set of questions; and
// the models and capabilities it had that the atlas no longer has.
// Hooks the tests read: the block's `data-earlier` / `data-later` dates, one `[data-model]` row
// per model and one `[data-capability]` row per capability, each with `data-change`.

import { dataTable, element, scrollingRegion } from "./dom.mjs";
import { dateText } from "./kept-results.mjs";
import { stageName } from "./spec-names.mjs";

const CAPABILITY_CHANGES = {
  up: "Up",
  down: "Down",
  same: "No change",
  new: "Cannot be compared: the earlier result has no level for it (it was not asked about then)",
};

const MODEL_CHANGES = {
  up: "Up",
  down: "Down",
  same: "No change",
  mixed: "Some up, some down",
  new: "Cannot be compared: the earlier place on this model is not in this version of the atlas",
};

/** Up and down also show as an arrow, for a glance; the words carry the meaning. */
const ARROWS = { up: "▲", down: "▼", mixed: "▲▼" };

function changeCell(change, words, details = []) {
  const arrow = ARROWS[change];
  return element(
    "td",
    { class: `atlas-compare__change atlas-compare__change--${change}` },
    arrow ? element("span", { "aria-hidden": "true" }, `${arrow} `) : null,
    words,
    details.flatMap((detail) => [element("br"), detail]),
  );
}

/** The words for a result's place on a model, from that result's own placement. */
function placeText(names, result, modelId) {
  const placement = result?.placements?.find?.((p) => p?.model === modelId);
  if (!placement) return "—";
  const { stages, text } = names.place(placement);
  return text ?? (stages.map(stageName).join("; ") || "—");
}

function stageList(names, modelId, ids) {
  return ids.map((id) => names.stage(modelId, id)).filter(Boolean).map(stageName).join("; ");
}

function modelRows(names, reply, earlier, later) {
  return reply.models.map((row) => {
    const model = names.models.get(row.model);
    const details = [];
    if (row.gained.length) details.push(`Now in place: ${stageList(names, row.model, row.gained)}`);
    if (row.lost.length) details.push(`No longer in place: ${stageList(names, row.model, row.lost)}`);
    return element(
      "tr",
      { "data-model": row.model, "data-change": row.change, "data-before": row.before ?? "", "data-after": row.after },
      element("th", { scope: "row" }, model?.short_title ?? row.model),
      element("td", {}, row.change === "new" ? "—" : placeText(names, earlier.result, row.model)),
      element("td", {}, placeText(names, later.result, row.model)),
      changeCell(row.change, MODEL_CHANGES[row.change] ?? row.change, details),
    );
  });
}

function levelText(names, capability, level) {
  if (level === null || level === undefined) return "—";
  const label = names.levelLabel(capability, level);
  return label ? `${level}: ${label}` : String(level);
}

function capabilityRows(names, reply) {
  return reply.capabilities.map((row) =>
    element(
      "tr",
      {
        "data-capability": row.capability,
        "data-change": row.change,
        "data-before": row.before ?? "",
        "data-after": row.after,
      },
      element("th", { scope: "row" }, names.capabilityName(row.capability)),
      element("td", {}, levelText(names, row.capability, row.before)),
      element("td", {}, levelText(names, row.capability, row.after)),
      changeCell(row.change, CAPABILITY_CHANGES[row.change] ?? row.change),
    ),
  );
}

/**
 * The comparison block for the engine's `reply` to compare `{earlier, later}` (both kept-result
 * entries, `{date, result}`), named with `names` (SpecNames). Its heading takes the focus.
 */
export function comparisonBlock(names, reply, earlier, later) {
  const from = dateText(reply.earlier.date);
  const to = dateText(reply.later.date);
  const head = (first) => [first, from, to, "Change"];
  const gone = [];
  if (reply.gone_models.length) {
    gone.push(
      element(
        "p",
        { "data-gone": "models" },
        "The earlier result also placed you on models this version of the atlas no longer has, " +
          `which cannot be compared: ${reply.gone_models.join(", ")}.`,
      ),
    );
  }
  if (reply.gone_capabilities.length) {
    gone.push(
      element(
        "p",
        { "data-gone": "capabilities" },
        "The earlier result also had levels for capabilities this version of the atlas no longer has, " +
          `which cannot be compared: ${reply.gone_capabilities.join(", ")}.`,
      ),
    );
  }
  return element(
    "div",
    {
      class: "atlas-compare",
      "data-earlier": reply.earlier.date,
      "data-later": reply.later.date,
      "data-same-questions": String(reply.same_questions),
    },
    element("h3", { id: "quiz-comparison-heading", tabindex: -1 }, `What moved from ${from} to ${to}`),
    reply.same_questions
      ? null
      : element(
          "p",
          { class: "atlas-compare__note" },
          "The earlier result was made with an earlier set of questions. Levels are still compared " +
            "on each capability’s own scale; what cannot be compared is marked below.",
        ),
    scrollingRegion(
      "Your place on every model, then and now",
      dataTable(`Your place on every model, ${from} and ${to}`, head("Model"), modelRows(names, reply, earlier, later)),
    ),
    scrollingRegion(
      "Your level in every capability, then and now",
      dataTable(`Your level in every capability, ${from} and ${to}`, head("Capability"), capabilityRows(names, reply)),
    ),
    gone,
  );
}
