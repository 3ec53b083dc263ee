// Page markup built from data with DOM APIs, never from HTML strings: every text goes in as a
// text node and every attribute value as a value, so nothing in a name or an answer can become
// markup. No inline style or event handler attributes either (the site's Content-Security-Policy
// refuses them): styles come from classes, behaviour from listeners.

const SVG_NAMESPACE = "http://www.w3.org/2000/svg";

function build(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (name === "style" || name.toLowerCase().startsWith("on")) {
      throw new Error(`refusing the attribute ${name}: use a class or a listener`);
    }
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** `<tag attributes…>children…</tag>`; strings and numbers become text, null and false nothing. */
export function element(tag, attributes = {}, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** The same for an SVG element. */
export function svgElement(tag, attributes = {}, ...children) {
  return build(document.createElementNS(SVG_NAMESPACE, tag), attributes, children);
}

/**
 * A data table (class `atlas-table`, styled in atlas.css): its caption, one row of column
 * headings, then `rows`. `attributes.class` adds classes.
 */
export function dataTable(caption, head, rows, attributes = {}) {
  const { class: extra, ...rest } = attributes;
  return element(
    "table",
    { class: extra ? `atlas-table ${extra}` : "atlas-table", ...rest },
    element("caption", {}, caption),
    element("thead", {}, element("tr", {}, head.map((text) => element("th", { scope: "col" }, text)))),
    element("tbody", {}, rows),
  );
}

/** A wide table scrolls in its own region, which the keyboard can reach and scroll. */
export function scrollingRegion(label, content) {
  return element("div", { class: "atlas-scroll", role: "region", "aria-label": label, tabindex: 0 }, content);
}
