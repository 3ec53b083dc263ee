// Loaded on every page of the site. Does nothing unless the page has `form#quiz` (or the team
// page's `form#team`, which loads team.mjs the same way); there, it loads
// the quiz's code (quiz.mjs), which takes over the scoring engine boot.js started from the
// page's <head>, or starts it when the page came by instant navigation. Material's instant navigation
// swaps pages without reloading scripts, so this runs on each `document$` emission and makes sure
// that at most one quiz (and one worker) is alive. A quiz or team page left for any other page
// parks its engine (engine-handover.mjs), so that coming back, or going on to the other of the
// two, finds Python running instead of starting it again; only a full page load starts afresh.

let current = null;
/** The team page on show (`form#team`): `{form, team, left}`, or null. */
let currentTeam = null;

/** The team page ("Compare results") loads team.mjs, as a quiz page loads quiz.mjs. Run before
 *  the quiz's own start, so that an engine the team page leaves is parked for the quiz. */
function initTeam() {
  const form = document.querySelector("form#team");
  if (currentTeam !== null && currentTeam.form !== form) {
    currentTeam.left = true;
    currentTeam.team?.dispose({ keepEngine: true });
    currentTeam = null;
  }
  if (form === null || currentTeam !== null) return;
  const entry = { form, team: null, left: false };
  currentTeam = entry;
  import("./team.mjs").then(
    ({ mountTeam }) => {
      if (!entry.left) entry.team = mountTeam(form);
    },
    () => {
      if (entry.left) return;
      form.dataset.engine = "failed";
      const status = document.getElementById("team-engine-status");
      if (status) status.textContent = "This page's script could not be loaded. Reload the page to try again.";
    },
  );
}

function init() {
  initTeam();
  const offline = document.getElementById("quiz-offline");
  if (offline !== null) import("./offline.mjs").then(({ mountOfflineSwitch }) => mountOfflineSwitch(offline), () => {});
  const form = document.querySelector("form#quiz");
  if (current !== null && current.form !== form) {
    current.left = true;
    // Whatever page follows (Material also re-fetches the quiz page itself on an in-page
    // navigation), the engine waits for the next quiz or team page instead of stopping.
    current.quiz?.dispose({ keepEngine: true });
    current = null;
  }
  if (form === null || current !== null) return;
  const entry = { form, quiz: null, left: false };
  current = entry;
  import("./quiz.mjs").then(
    ({ mountQuiz }) => {
      if (!entry.left) entry.quiz = mountQuiz(form);
    },
    () => {
      if (entry.left) return;
      form.dataset.engine = "failed";
      const status = document.getElementById("quiz-engine-status");
      if (status) {
        status.textContent =
          "The quiz's script could not be loaded, so answers cannot be scored. Reload the page to try again.";
      }
    },
  );
}

if (typeof globalThis.document$?.subscribe === "function") {
  globalThis.document$.subscribe(() => init());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init, { once: true });
} else {
  init();
}
