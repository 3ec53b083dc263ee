// The team's results as files to keep: JSON (the engine's team view, with the names given on
// the page; the page reads it back) and CSV (one row per person and capability, for a
// spreadsheet).

/** What a team file says it is. */
export const TEAM_FORMAT = "social-media-maturity-atlas/team-results";
export const TEAM_JSON_FILE = "atlas-team-results.json";
export const TEAM_CSV_FILE = "atlas-team-results.csv";
export const CSV_COLUMNS = ["person", "capability", "capability_name", "level", "level_label"];

/** The JSON text of the team view `reply` ("score-team"), its people named `names`. */
export function teamJSON(reply, names) {
  const document = {
    format: TEAM_FORMAT,
    version: reply.version,
    people: reply.people.map((person, index) => ({ ...person, name: names[index] })),
    capabilities: reply.capabilities,
    disagreements: reply.disagreements,
    team: reply.team,
    differences: reply.differences,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A CSV field: quoted when it must be; text a spreadsheet would run as a formula is prefixed
 *  with an apostrophe. */
function field(value) {
  let text = String(value ?? "");
  if (typeof value === "string" && /^[=+\-@\t\r]/u.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The CSV text (RFC 4180: CRLF line ends) of the team view: a row per person and capability,
 * with the person's level (empty, and the label "not known", where all their answers about the
 * capability were "don't know"). `capabilityName(id)` and `levelLabel(id, level)` name them.
 */
export function teamCSV(reply, names, capabilityName, levelLabel) {
  const rows = [CSV_COLUMNS];
  reply.people.forEach((_, index) => {
    for (const spread of reply.capabilities) {
      const level = spread.levels[index];
      rows.push([
        names[index],
        spread.capability,
        capabilityName(spread.capability),
        level ?? "",
        level === null ? "not known" : levelLabel(spread.capability, level),
      ]);
    }
  });
  return rows.map((row) => `${row.map(field).join(",")}\r\n`).join("");
}
