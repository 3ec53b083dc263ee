// The team page ("Compare results"), loaded by page.mjs only where there is `form#team`:
// `mountTeam(form)` takes the scoring engine the page's <head> started (or starts one), reads
// the results the visitor adds (team-input.mjs), keeps the list of results with their names,
// asks the engine to score them as a team ("score-team") and shows the view (team-view.mjs),
// with the team's own link (team-link.mjs) and its exports (team-export.mjs). Nothing leaves the
// browser: the engine runs in the page's worker.
//
// `#team-results` has `data-state` "empty", "scoring" or "ready"; `#team-problems` lists, one
// `li` each, what was not added and why.

import { AnswerStorage } from "./answer-storage.mjs";
import { offerDownload } from "./answer-file.mjs";
import { element } from "./dom.mjs";
import { engineConfig } from "./engine-client.mjs";
import { parkEngine, takeEngine } from "./engine-handover.mjs";
import { watchEngineStart } from "./engine-progress.mjs";
import { showShareLink } from "./share-link.mjs";
import { fetchSpecNames } from "./spec-names.mjs";
import { TEAM_CSV_FILE, TEAM_JSON_FILE, teamCSV, teamJSON } from "./team-export.mjs";
import { addressCandidates, fileCandidates, pastedCandidates, savedCandidate } from "./team-input.mjs";
import { TEAM_LINK_LIMIT, isTeamFragment, teamFragment } from "./team-link.mjs";
import { renderTeam } from "./team-view.mjs";

/** Starts the team page on `form`; returns it, whose `dispose()` stops it. */
export function mountTeam(form) {
  return new TeamPage(form);
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

class TeamPage {
  #aborter = new AbortController();
  #disposed = false;
  #form;
  #config;
  #engine;
  #stopWatching;
  #names;
  #maxTeam;
  #maxName;
  /** The results compared: `{name, answers, origin, key}` (`key`: the answers as JSON, to find
   *  duplicates), in the team's order. */
  #members = [];
  /** The engine's team view of `#members` on show, or null. */
  #reply = null;
  /** Work is done one task at a time, in the order asked. */
  #queue = Promise.resolve();
  #elements;

  constructor(form) {
    this.#form = form;
    const byId = (id) => document.getElementById(id);
    this.#elements = {
      links: form.elements.namedItem("links"),
      status: byId("team-engine-status"),
      message: byId("team-message"),
      problemsSection: byId("team-problems-section"),
      problems: byId("team-problems"),
      membersSection: byId("team-members-section"),
      members: byId("team-members"),
      results: byId("team-results"),
    };
    this.#maxTeam = Number(form.dataset.maxTeam) || 100;
    this.#maxName = Number(form.dataset.maxName) || 80;
    const quizPage = new URL(form.dataset.quizPage || "../quiz/", document.baseURI);
    this.#names = fetchSpecNames(new URL(form.dataset.spec, document.baseURI), form.dataset.specIntegrity, quizPage.href);
    this.#names.catch(() => {});
    this.#listen(this.#aborter.signal);
    this.#config = engineConfig(form.dataset);
    this.#engine = takeEngine(this.#config);
    this.#stopWatching = watchEngineStart(this.#engine, {
      bar: byId("team-engine-progress"),
      say: (text) => this.#setStatus(text),
      onState: (state) => this.#engineChanged(state),
    });
    const fragment = location.hash.slice(1);
    if (isTeamFragment(fragment)) this.#openTeamLink(fragment);
  }

  /** Stops this page; `keepEngine` parks a live engine for the page that follows. */
  dispose({ keepEngine = false } = {}) {
    this.#disposed = true;
    this.#aborter.abort();
    this.#stopWatching();
    const engine = this.#engine;
    if (keepEngine && (engine.state === "loading" || engine.state === "ready")) parkEngine(this.#config, engine);
    else engine.terminate();
  }

  #listen(signal) {
    const form = this.#form;
    const on = (target, type, handler) => target.addEventListener(type, handler, { signal });
    on(form, "submit", (event) => {
      event.preventDefault();
      const text = this.#elements.links.value;
      if (!text.trim()) {
        this.#say("Paste one or more share links first (one per line).");
        return;
      }
      this.#enqueue(async () => {
        const added = await this.#add(pastedCandidates(this.#engine, text));
        if (added !== null) this.#elements.links.value = "";
      });
    });
    on(form, "change", (event) => {
      const input = event.target;
      if (input instanceof HTMLInputElement && input.dataset.action === "files") {
        const files = [...(input.files ?? [])];
        input.value = "";
        this.#addFiles(files);
      }
    });
    on(form, "click", (event) => {
      const button = event.target instanceof Element ? event.target.closest("button[data-action]") : null;
      if (button?.dataset.action === "saved") this.#addSaved();
      else if (button?.dataset.action === "clear") this.#enqueue(() => this.#clear());
    });
    const drop = form.querySelector("[data-drop]") ?? form;
    on(drop, "dragover", (event) => {
      if (event.dataTransfer?.types.includes("Files")) {
        event.preventDefault();
        drop.classList.add("atlas-team__drop--over");
      }
    });
    on(drop, "dragleave", () => drop.classList.remove("atlas-team__drop--over"));
    on(drop, "drop", (event) => {
      drop.classList.remove("atlas-team__drop--over");
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      this.#addFiles(files);
    });
    const list = this.#elements.members;
    on(list, "change", (event) => {
      const input = event.target;
      if (input instanceof HTMLInputElement && input.dataset.member !== undefined) this.#rename(Number(input.dataset.member), input);
    });
    on(list, "click", (event) => {
      const button = event.target instanceof Element ? event.target.closest("button[data-remove]") : null;
      if (button) this.#enqueue(() => this.#remove(Number(button.dataset.remove)));
    });
    on(this.#elements.results, "click", (event) => this.#resultsClick(event));
    on(window, "hashchange", () => {
      const fragment = location.hash.slice(1);
      if (isTeamFragment(fragment) && fragment !== this.#teamFragment()) this.#openTeamLink(fragment);
    });
  }

  #enqueue(task) {
    this.#queue = this.#queue.then(task).catch((error) => {
      console.error("Team page:", error);
      this.#say(`Something went wrong: ${error?.message ?? error}.`);
    });
    return this.#queue;
  }

  // ---- The engine --------------------------------------------------------------------------

  #setStatus(text) {
    if (!this.#disposed) this.#elements.status.textContent = text;
  }

  #say(text) {
    if (!this.#disposed) this.#elements.message.textContent = text;
  }

  #engineChanged(state) {
    if (this.#disposed) return;
    this.#form.dataset.engine = state === "stopped" ? "failed" : state;
    if (state === "ready") this.#setStatus("Scoring engine ready.");
    else if (state !== "loading") this.#setStatus(this.#failureText());
  }

  #failureText() {
    const { reason, during } = this.#engine.failure ?? { reason: "unknown error", during: "loading" };
    if (during === "unsupported") {
      return "This browser cannot run the scoring engine: it lacks WebAssembly / Web Workers. Try a current browser.";
    }
    const why = reason.replace(/\.$/u, "");
    if (during === "ready") return `The scoring engine stopped: ${why}. Reload the page to try again.`;
    return `The scoring engine could not start: ${why}. Reload the page to try again.`;
  }

  /** The spec's names once the engine is ready too; null (and the reason said) otherwise. */
  async #ready() {
    if (this.#engine.state === "loading") this.#say("The results will be compared as soon as the scoring engine is ready.");
    await this.#engine.settled;
    if (this.#disposed) return null;
    if (this.#engine.state !== "ready") {
      this.#say(this.#failureText());
      return null;
    }
    try {
      return await this.#names;
    } catch {
      this.#say("The questions could not be downloaded. Reload the page to try again.");
      return null;
    }
  }

  // ---- Adding and removing results -----------------------------------------------------------

  #addFiles(files) {
    if (files.length === 0) return;
    this.#enqueue(async () => this.#add(await fileCandidates(this.#engine, files)));
  }

  #addSaved() {
    const storage = new AnswerStorage(this.#form.dataset.storageKey || "atlas-quiz-answers");
    const candidate = savedCandidate(this.#engine, storage.load(), this.#form.dataset.version);
    if (candidate === null) {
      this.#say("No answers are saved in this browser yet: take the quiz first, then come back.");
      return;
    }
    this.#enqueue(() => this.#add([candidate]));
  }

  /** Opens a team link: its results replace the team. */
  #openTeamLink(fragment) {
    this.#enqueue(async () => {
      this.#members = [];
      await this.#add(addressCandidates(this.#engine, fragment), { fromLink: true });
    });
  }

  /**
   * Checks `candidates` with the engine and adds those that are new and valid, then scores the
   * team. What was not added is listed with its reason. Resolves to the number added, or null
   * when the engine could not check them.
   */
  async #add(candidates, { fromLink = false } = {}) {
    if (!(await this.#ready())) return null;
    // A page that showed a team already must not look "ready" while the new one is worked out.
    this.#elements.results.dataset.state = "scoring";
    this.#say(`Checking ${plural(candidates.length, "result", "results")}…`);
    const checked = await Promise.all(candidates.map((candidate) => candidate.check()));
    if (this.#disposed) return null;
    const problems = [];
    let added = 0;
    checked.forEach((outcome, index) => {
      const { name, origin, source } = candidates[index];
      if (outcome.reason) {
        problems.push({ origin, reason: outcome.reason });
        return;
      }
      const key = JSON.stringify(outcome.answers);
      const same = this.#members.find((member) => member.key === key);
      if (same) {
        problems.push({ origin, reason: `The same answers as “${same.name}”: a duplicate, not added twice.`, duplicate: true });
      } else if (this.#members.length >= this.#maxTeam) {
        problems.push({ origin, reason: `The page compares at most ${this.#maxTeam} results at once.` });
      } else {
        const fallback = `Result ${this.#members.length + 1}`;
        const given = (name ?? "").trim().slice(0, this.#maxName).trim();
        this.#members.push({ name: given || fallback, answers: outcome.answers, origin: source ?? origin, key });
        added += 1;
      }
    });
    this.#showProblems(problems);
    await this.#score();
    const notAdded = problems.length ? ` ${plural(problems.length, "entry was", "entries were")} not added: see “Not added” below.` : "";
    const verb = fromLink ? "opened from the link" : "added";
    this.#say(`${plural(added, "result", "results")} ${verb}; ${plural(this.#members.length, "result", "results")} compared.${notAdded}`);
    return added;
  }

  async #remove(index) {
    const [removed] = this.#members.splice(index, 1);
    if (!removed) return;
    await this.#score();
    this.#say(`“${removed.name}” was removed; ${plural(this.#members.length, "result", "results")} compared.`);
  }

  async #clear() {
    this.#members = [];
    this.#showProblems([]);
    await this.#score();
    this.#elements.links.value = "";
    this.#say("Every result was removed.");
  }

  #rename(index, input) {
    const member = this.#members[index];
    if (!member) return;
    const name = input.value.trim().slice(0, this.#maxName).trim();
    if (!name) {
      input.value = member.name;
      this.#say("A result needs a name; its name was kept.");
      return;
    }
    member.name = name;
    input.value = name;
    input.closest("li")?.querySelector("button[data-remove]")?.setAttribute("aria-label", `Remove ${name}`);
    // The list stays as it is: rebuilding it would take the focus away from where the visitor is.
    this.#enqueue(() => this.#show({ list: false }));
  }

  #showProblems(problems) {
    const { problems: list, problemsSection } = this.#elements;
    list.replaceChildren(
      ...problems.map(({ origin, reason, duplicate }) =>
        element("li", { "data-duplicate": duplicate ?? false }, element("strong", {}, origin), `: ${reason}`),
      ),
    );
    problemsSection.hidden = problems.length === 0;
  }

  // ---- Scoring and showing -------------------------------------------------------------------

  async #score() {
    const results = this.#elements.results;
    if (this.#members.length === 0) {
      this.#reply = null;
      await this.#show();
      return;
    }
    results.dataset.state = "scoring";
    results.setAttribute("aria-busy", "true");
    let reply;
    try {
      reply = await this.#engine.request("score-team", {
        team: this.#members.map(({ name, answers }) => ({ name, answers })),
      });
    } catch {
      reply = { ok: false, error: this.#failureText() };
    }
    if (this.#disposed) return;
    results.removeAttribute("aria-busy");
    if (!reply.ok) {
      this.#say(reply.error);
      results.dataset.state = this.#reply ? "ready" : "empty";
      return;
    }
    this.#reply = reply;
    await this.#show();
  }

  /** The team fragment of the results on show (without '#'), or null. */
  #teamFragment() {
    if (this.#reply === null) return null;
    return teamFragment(this.#reply.people.map((person, index) => ({ name: this.#members[index].name, share: person.share })));
  }

  /** Shows the team on show, and (with `list`) the list of results compared. */
  async #show({ list = true } = {}) {
    const names = await this.#names;
    const { results, members, membersSection } = this.#elements;
    const people = this.#members.map((member) => member.name);
    if (list) {
      members.replaceChildren(...this.#members.map((member, index) => this.#memberItem(member, index)));
      membersSection.hidden = this.#members.length === 0;
    }
    // A team link in the address bar that is no longer the team on show would reopen another.
    if (isTeamFragment(location.hash.slice(1)) && location.hash.slice(1) !== this.#teamFragment()) {
      showShareLink(location.pathname + location.search);
    }
    if (this.#reply === null) {
      results.replaceChildren();
      results.removeAttribute("aria-labelledby");
      results.dataset.state = "empty";
      return;
    }
    const fragment = this.#teamFragment();
    const share =
      fragment.length <= TEAM_LINK_LIMIT
        ? { href: new URL(`#${fragment}`, location.href).href }
        : { tooLong: fragment.length, limit: TEAM_LINK_LIMIT };
    renderTeam(results, names, this.#reply, people, share);
    results.dataset.state = "ready";
  }

  #memberItem(member, index) {
    const id = `team-member-${index}`;
    return element(
      "li",
      {},
      element("label", { for: id }, `Name of result ${index + 1}`),
      " ",
      element("input", { id, type: "text", value: member.name, maxlength: this.#maxName, "data-member": index, autocomplete: "off" }),
      " ",
      element("span", { class: "atlas-team__origin" }, `from ${member.origin}`),
      " ",
      element("button", { type: "button", class: "md-button atlas-team__remove", "data-remove": index, "aria-label": `Remove ${member.name}` }, "Remove"),
    );
  }

  // ---- The team's link, exports and print --------------------------------------------------

  #resultsClick(event) {
    const target = event.target instanceof Element ? event.target : null;
    const link = target?.closest("a.atlas-team-share-link");
    if (link && event.button === 0 && !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)) {
      // The page shows this team already: the link only goes into the address bar (to bookmark
      // or copy). Left to Material's instant navigation, the click would re-fetch the page.
      event.preventDefault();
      event.stopPropagation();
      showShareLink(link.href);
      return;
    }
    const action = target?.closest("button[data-action]")?.dataset.action;
    if (!action || this.#reply === null) return;
    const people = this.#members.map((member) => member.name);
    if (action === "copy") this.#copyLink();
    else if (action === "export-json") {
      offerDownload(teamJSON(this.#reply, people), TEAM_JSON_FILE);
      this.#shareStatus(`Saved as ${TEAM_JSON_FILE}.`);
    } else if (action === "export-csv") {
      this.#names.then((names) => {
        const csv = teamCSV(this.#reply, people, (id) => names.capabilityName(id), (id, level) => names.levelLabel(id, level));
        offerDownload(csv, TEAM_CSV_FILE, "text/csv");
        this.#shareStatus(`Saved as ${TEAM_CSV_FILE}.`);
      });
    } else if (action === "print") window.print();
  }

  #shareStatus(text) {
    const status = this.#elements.results.querySelector(".atlas-team__share-status");
    if (status) status.textContent = text;
  }

  async #copyLink() {
    const link = this.#elements.results.querySelector("a.atlas-team-share-link");
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.href);
      this.#shareStatus("Link copied.");
    } catch {
      // No clipboard (permission, an older browser): the link goes into the address bar instead.
      showShareLink(link.href);
      this.#shareStatus("The link is now in the address bar: copy it from there.");
    }
  }
}
