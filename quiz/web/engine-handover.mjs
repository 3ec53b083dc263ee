// Which engine a quiz form gets, so that Python never starts twice for one page: the one boot.js
// started from the quiz page's <head>, or the one a quiz page that Material's instant navigation
// replaced left behind (`parkEngine`), when it loads the same files; otherwise a new one. At
// most one engine is alive at a time.

import { EngineClient } from "./engine-client.mjs";

/** The engine waiting for the next quiz form: `{key, engine}`, or null. */
let parked = null;

function keyOf(config) {
  return JSON.stringify(config);
}

/**
 * Keeps a loading or ready engine for the next quiz form of the same files; stops any engine
 * parked before.
 */
export function parkEngine(config, engine) {
  if (parked !== null && parked.engine !== engine) parked.engine.terminate();
  parked = { key: keyOf(config), engine };
}

/** The engine boot.js started, taken over (once) and parked; see boot.js. */
function adoptBooted() {
  const boot = globalThis.atlasQuizBoot;
  if (boot === undefined) return;
  delete globalThis.atlasQuizBoot;
  parkEngine(boot.config, EngineClient.adopt(boot));
}

/** The engine for a quiz form of `config`'s files: the parked one if it loads them and is alive,
 *  else a new one (stopping the parked one). */
export function takeEngine(config) {
  adoptBooted();
  const found = parked;
  parked = null;
  if (found !== null) {
    const alive = found.engine.state === "loading" || found.engine.state === "ready";
    if (alive && found.key === keyOf(config)) return found.engine;
    found.engine.terminate();
  }
  return EngineClient.supported ? EngineClient.start(config) : EngineClient.unsupported();
}
