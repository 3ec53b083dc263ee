// Which engine a quiz or team form gets, so that Python never starts twice for one page load: the
// one boot.js started from the page's <head>, or the one a quiz or team page left behind when the
// visitor moved on by Material's instant navigation (`parkEngine`), when it loads the same files;
// otherwise a new one. At most one engine is alive at a time.
//
// A parked engine stays alive while the visitor reads other pages (an idle Pyodide worker holds
// some 50-100 MB), so that coming back to the quiz costs nothing; one that fails while parked is
// let go at once.

import { EngineClient } from "./engine-client.mjs";

/** The engine waiting for the next form: `{key, engine, stopWatching}`, or null. */
let parked = null;

function keyOf(config) {
  return JSON.stringify(config);
}

/**
 * Keeps a loading or ready engine for the next form of the same files; stops any engine parked
 * before.
 */
export function parkEngine(config, engine) {
  const before = unpark();
  if (before !== null && before.engine !== engine) before.engine.terminate();
  const entry = { key: keyOf(config), engine, stopWatching: () => {} };
  parked = entry;
  entry.stopWatching = engine.watch({
    onState: (state) => {
      // A failed or stopped engine has no worker left to keep; nothing will take it over.
      if ((state === "failed" || state === "stopped") && parked === entry) unpark();
    },
  });
}

/** The parked entry, no longer parked (or null). */
function unpark() {
  const found = parked;
  parked = null;
  found?.stopWatching();
  return found;
}

/** The engine boot.js started, taken over (once) and parked; see boot.js. */
function adoptBooted() {
  const boot = globalThis.atlasQuizBoot;
  if (boot === undefined) return;
  delete globalThis.atlasQuizBoot;
  parkEngine(boot.config, EngineClient.adopt(boot));
}

/** The engine for a form of `config`'s files: the parked one if it loads them and is alive,
 *  else a new one (stopping the parked one). */
export function takeEngine(config) {
  adoptBooted();
  const found = unpark();
  if (found !== null) {
    const alive = found.engine.state === "loading" || found.engine.state === "ready";
    if (alive && found.key === keyOf(config)) return found.engine;
    found.engine.terminate();
  }
  return EngineClient.supported ? EngineClient.start(config) : EngineClient.unsupported();
}
