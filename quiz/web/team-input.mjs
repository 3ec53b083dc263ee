// What the team page is given, turned into results to compare: pasted share links (and team
// links), answer files (and team files exported by the page), and the answers saved in this
// browser. Each becomes one or more candidates `{name, origin, source?, check}`: `origin` says where
// it came from (for the list of what was not added; `source` is a shorter form), and `check()` asks the engine, with the very
// requests the quiz uses to restore answers ("parse-share", "parse-import"), and resolves to
// `{answers}` (complete and current) or `{reason}`.

import { readFileText } from "./answer-file.mjs";
import { TEAM_FORMAT } from "./team-export.mjs";
import { fragmentOf, isTeamFragment, readTeamFragment } from "./team-link.mjs";

// A team file holds every result in full; a single answers file is much smaller (and the engine
// refuses one over its own limit with its own message).
const TEAM_FILE_READ_LIMIT = 8 * 1024 * 1024;
const SHOWN_LINK_LENGTH = 72;

/** `{answers}` of a parse-share / parse-import reply that the team can use, else `{reason}`. */
function usable(reply, what) {
  if (!reply.ok) return { reason: reply.error };
  if (reply.status !== "current") {
    return {
      reason:
        `This ${what} was made with an earlier set of questions: open it in the quiz, check its ` +
        "answers, and share the result again.",
    };
  }
  // Complete answers come without a message; otherwise it says how many are missing.
  if (reply.message) return { reason: reply.message };
  return { answers: reply.answers };
}

async function ask(engine, type, fields, what) {
  try {
    return usable(await engine.request(type, fields), what);
  } catch (error) {
    return { reason: `The scoring engine stopped: ${error?.message ?? error}.` };
  }
}

function checkShare(engine, fragment) {
  return () => ask(engine, "parse-share", { fragment }, "link");
}

function shortened(text) {
  return text.length > SHOWN_LINK_LENGTH ? `${text.slice(0, SHOWN_LINK_LENGTH - 1)}…` : text;
}

function refused(name, origin, reason) {
  return { name, origin, check: async () => ({ reason }) };
}

/** The candidates of a team link's fragment, each entry named as in the link. */
function teamCandidates(engine, fragment, where) {
  let read;
  try {
    read = readTeamFragment(fragment);
  } catch (error) {
    return [refused(null, where, error.message)];
  }
  return [
    ...read.entries.map(({ name, fragment: share }) => ({
      name,
      origin: `“${name}” in ${where}`,
      check: checkShare(engine, share),
    })),
    ...read.problems.map(({ name, reason }) => refused(null, `${name} in ${where}`, reason)),
  ];
}

/** The candidates of pasted text: share links (or bare fragments) separated by spaces or lines;
 *  a team link adds each of its results. */
export function pastedCandidates(engine, text) {
  const links = text.split(/\s+/u).filter(Boolean);
  return links.flatMap((link, index) => {
    const where = `Link ${index + 1} (${shortened(link)})`;
    const fragment = fragmentOf(link);
    if (fragment === null) {
      return [refused(null, where, "This is not a share link of the quiz: it has no “#” followed by answers.")];
    }
    if (isTeamFragment(fragment)) return teamCandidates(engine, fragment, `the team link ${index + 1}`);
    return [{ name: null, origin: where, source: `link ${index + 1}`, check: checkShare(engine, fragment) }];
  });
}

/** The team link of the page's own address, if it has one. */
export function addressCandidates(engine, fragment) {
  return teamCandidates(engine, fragment, "this page’s link");
}

/** A team file's `people`, when `text` is one (else null). */
function teamFilePeople(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  return data?.format === TEAM_FORMAT && Array.isArray(data.people) ? data.people : null;
}

/** The candidates of chosen or dropped files: answers files exported by the quiz, each named
 *  after its file, and team files exported by this page, which add each of their results. */
export async function fileCandidates(engine, files) {
  const found = [];
  for (const file of files) {
    const fileName = String(file.name ?? "");
    let text;
    try {
      text = await readFileText(file, TEAM_FILE_READ_LIMIT);
    } catch {
      found.push(refused(null, fileName, "This file could not be read."));
      continue;
    }
    const people = teamFilePeople(text);
    if (people === null) {
      const name = fileName.replace(/\.json$/iu, "").trim() || null;
      found.push({ name, origin: fileName, check: () => ask(engine, "parse-import", { text }, "file") });
      continue;
    }
    people.forEach((person, index) => {
      const name = typeof person?.name === "string" && person.name.trim() ? person.name.trim() : null;
      const origin = `${name ? `“${name}”` : `Result ${index + 1}`} in ${fileName}`;
      if (typeof person?.share !== "string") {
        found.push(refused(null, origin, "This result of the team file has been changed or damaged: it has no answers."));
      } else {
        found.push({ name, origin, check: checkShare(engine, person.share) });
      }
    });
  }
  return found;
}

/**
 * The answers the quiz keeps in this browser (`saved`, from AnswerStorage.load()), checked as an
 * answers file of them would be: the engine writes the file ("export") and reads it back
 * ("parse-import"). Null when nothing is saved.
 */
export function savedCandidate(engine, saved, version) {
  const origin = "Your answers saved in this browser";
  if (saved === null || Object.keys(saved.answers).length === 0) return null;
  if (saved.version !== version) {
    return refused(
      null,
      origin,
      "They were made with an earlier set of questions: open the quiz, check them, and score again.",
    );
  }
  return {
    name: "My saved answers",
    origin,
    check: async () => {
      let exported;
      try {
        exported = await engine.request("export", { answers: saved.answers });
      } catch (error) {
        return { reason: `The scoring engine stopped: ${error?.message ?? error}.` };
      }
      if (!exported.ok) return { reason: exported.error };
      return ask(engine, "parse-import", { text: exported.text }, "set of answers");
    },
  };
}
