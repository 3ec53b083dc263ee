// The team page's two charts, drawn as SVG from data: how many people stand at each stage of a
// model, and the spread of the team's levels per capability. Each is an image with a text
// alternative, and the page shows the same numbers in a table beside it (team-view.mjs).
// Geometry is in SVG attributes; colours and type come from team.css.

import { svgElement } from "./dom.mjs";

const ROW = 26;
const TOP = 8;

/**
 * A bar per row of `rows` ({label, count, team}): how many people stand there, out of `total`;
 * the team's own place is marked. `title` names the chart for screen readers.
 */
export function placementChart(title, rows, total) {
  const label = 290;
  const plot = 300;
  const width = label + plot + 90;
  const height = TOP + rows.length * ROW + 8;
  const scale = plot / Math.max(total, 1);
  const described = rows.map((row) => `${row.label}: ${row.count}${row.team ? " (the team’s place)" : ""}`);
  const svg = svgElement("svg", {
    class: "atlas-team-chart atlas-team-chart--placements",
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": `${title}: ${described.join("; ")}.`,
  });
  rows.forEach((row, index) => {
    const y = TOP + index * ROW;
    svg.append(
      svgElement("text", { class: "atlas-team-chart__label", x: label - 10, y: y + 17, "text-anchor": "end" }, row.label),
      svgElement("rect", {
        class: `atlas-team-chart__bar${row.team ? " atlas-team-chart__bar--team" : ""}`,
        x: label,
        y: y + 4,
        width: Math.max(row.count * scale, row.count ? 2 : 0),
        height: ROW - 8,
      }),
      svgElement(
        "text",
        { class: "atlas-team-chart__value", x: label + row.count * scale + 8, y: y + 17 },
        `${row.count}${row.team ? " ◆ team" : ""}`,
      ),
    );
  });
  return svg;
}

/**
 * One line per row of `rows` ({label, min, median, max, known, counts: [people per level]}) on a
 * scale of levels 0…`top`: from the lowest level to the highest, a dot per level sized by how
 * many people are at it, and a diamond at the median.
 */
export function spreadChart(title, rows, top) {
  const label = 230;
  const plot = 360;
  const width = label + plot + 40;
  const height = TOP + rows.length * ROW + 30;
  const x = (level) => label + 20 + (level * (plot - 40)) / Math.max(top, 1);
  const described = rows.map((row) =>
    row.known ? `${row.label}: lowest ${row.min}, median ${row.median}, highest ${row.max}` : `${row.label}: not known`,
  );
  const svg = svgElement("svg", {
    class: "atlas-team-chart atlas-team-chart--spreads",
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": `${title}: ${described.join("; ")}.`,
  });
  for (let level = 0; level <= top; level += 1) {
    svg.append(
      svgElement("line", { class: "atlas-team-chart__grid", x1: x(level), y1: TOP, x2: x(level), y2: height - 24 }),
      svgElement("text", { class: "atlas-team-chart__scale", x: x(level), y: height - 8, "text-anchor": "middle" }, level),
    );
  }
  rows.forEach((row, index) => {
    const y = TOP + index * ROW + ROW / 2;
    svg.append(svgElement("text", { class: "atlas-team-chart__label", x: label - 10, y: y + 4, "text-anchor": "end" }, row.label));
    if (!row.known) {
      svg.append(svgElement("text", { class: "atlas-team-chart__value", x: x(0), y: y + 4 }, "not known"));
      return;
    }
    svg.append(
      svgElement("line", {
        class: `atlas-team-chart__range${row.max - row.min >= 2 ? " atlas-team-chart__range--wide" : ""}`,
        x1: x(row.min),
        y1: y,
        x2: x(row.max),
        y2: y,
      }),
    );
    row.counts.forEach((count, level) => {
      if (count > 0) {
        svg.append(svgElement("circle", { class: "atlas-team-chart__dot", cx: x(level), cy: y, r: Math.min(3 + 1.5 * Math.sqrt(count), 10) }));
      }
    });
    const m = x(row.median);
    svg.append(
      svgElement("polygon", {
        class: "atlas-team-chart__median",
        points: `${m},${y - 8} ${m + 7},${y} ${m},${y + 8} ${m - 7},${y}`,
      }),
    );
  });
  return svg;
}
