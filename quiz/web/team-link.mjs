// The team's own link: the team page's address with the fragment
//
//   #team=<name>:<share fragment>,<name>:<share fragment>,…
//
// one entry per result, in the team's order: the result's name, percent-encoded
// (encodeURIComponent), a colon, then the result's own share fragment (`v=<version>&<question>=
// <value>…`, made by the engine, quiz/answers.py) as it is, but for any character other than
// letters, digits and `_.~%=&-`, which is percent-encoded (an engine-made fragment has none). So
// neither part ever holds the `,` or `:` that separate them, and each entry's fragment is read back
// by the engine's own "parse-share", with the checks of a single result's link. A fragment is never
// sent to a server; a result takes about half a kilobyte.

export const TEAM_PREFIX = "team=";
/** The longest team fragment the page makes or reads (characters): past it, the page offers no
 *  link and says to keep the team as a JSON file instead (which the page reads back). */
export const TEAM_LINK_LIMIT = 65_536;

/** Whether `fragment` (without '#') is a team link's. */
export function isTeamFragment(fragment) {
  return typeof fragment === "string" && fragment.startsWith(TEAM_PREFIX);
}

/** The fragment (without '#') of a link or of a bare fragment, or null when there is none. */
export function fragmentOf(link) {
  const hash = link.indexOf("#");
  if (hash >= 0) return link.slice(hash + 1);
  // A bare fragment, as copied from the address bar's end.
  return /^(v|team)=/.test(link) ? link : null;
}

function encodeShare(share) {
  return share.replace(/[^A-Za-z0-9_.~%=&-]/gu, (character) => encodeURIComponent(character));
}

/** The team fragment (without '#') of `members`: `[{name, share}]`. */
export function teamFragment(members) {
  return TEAM_PREFIX + members.map(({ name, share }) => `${encodeURIComponent(name)}:${encodeShare(share)}`).join(",");
}

/**
 * The entries of a team fragment (with or without '#'): `{entries: [{name, fragment}], problems:
 * [{name, reason}]}`; an entry that cannot be read is a problem, the others still count. Throws
 * (with a reason for the visitor) when the fragment is not a team link or is too long to be one.
 */
export function readTeamFragment(text) {
  const fragment = text.startsWith("#") ? text.slice(1) : text;
  if (!isTeamFragment(fragment)) throw new Error("This is not a team link of this page.");
  if (fragment.length > TEAM_LINK_LIMIT) {
    throw new Error(
      `This team link is longer than ${TEAM_LINK_LIMIT.toLocaleString("en")} characters, ` +
        "so it is not one this page made; nothing was read from it.",
    );
  }
  const body = fragment.slice(TEAM_PREFIX.length);
  if (!body) throw new Error("This team link holds no results.");
  const entries = [];
  const problems = [];
  body.split(",").forEach((part, index) => {
    const colon = part.indexOf(":");
    const number = `Result ${index + 1}`;
    if (colon < 0) {
      problems.push({ name: number, reason: "This entry of the team link has been changed or damaged: it has no result." });
      return;
    }
    let name;
    try {
      name = decodeURIComponent(part.slice(0, colon)).trim();
    } catch {
      problems.push({ name: number, reason: "This entry of the team link has been changed or damaged: its name cannot be read." });
      return;
    }
    entries.push({ name: name || number, fragment: part.slice(colon + 1) });
  });
  return { entries, problems };
}
