// The quiz page's "Keep the quiz available offline" switch (generator/templates/quiz.md.j2). On,
// it registers the site's service worker (`sw.js`, made by generator/offline.py from
// service-worker.js), which keeps a copy of the site and the scoring engine in a cache; off, it
// unregisters that worker and deletes the copy. Off by default, and it keeps no setting of its
// own: the switch shows whether the site's service worker is registered.
//
// `data-state` on the switch's element says where it stands: "off", "saving", "checking" (the
// worker makes sure its copy is complete), "on", "removing", "failed" or "unavailable" (no service workers in this browser, or `mkdocs serve`'s preview,
// which has no `sw.js`: the build writes the copy's size in place of the page's placeholder).

const CHECK = "atlas-offline-check";

let mounted = null;

/** Starts the switch in `element` (once per element; a new page's switch replaces the last). */
export function mountOfflineSwitch(element) {
  if (mounted?.element === element) return;
  mounted?.dispose();
  mounted = new OfflineSwitch(element);
}

/** Resolves with the worker's state once it is one of `states`. */
function reached(worker, states, signal) {
  return new Promise((resolve) => {
    const check = () => {
      if (!states.includes(worker.state)) return;
      worker.removeEventListener("statechange", check);
      resolve(worker.state);
    };
    worker.addEventListener("statechange", check, { signal });
    check();
  });
}

function failureText(reason) {
  return `The quiz could not be saved for offline use: ${reason}. Nothing of it was kept.`;
}

function errorText(error) {
  return String(error?.message ?? error ?? "unknown error").replace(/\.$/, "");
}

class OfflineSwitch {
  #aborter = new AbortController();
  #input;
  #status;
  #size;
  #script;
  #scope;
  /** Numbers each turn of the switch: a later turn makes an earlier one stop where it is. */
  #turn = 0;
  /** Registrations whose updates are followed. */
  #followed = new WeakSet();
  /** Whether a check was asked of the active worker and its answer is awaited. */
  #checking = false;
  /** Why saving failed, as the service worker told, for the next failure it explains. */
  #failure = null;
  /** The tenth of the files saved last announced. */
  #announced = -1;

  constructor(element) {
    this.element = element;
    this.#input = element.querySelector("input[type=checkbox]");
    this.#status = element.querySelector("[role=status]");
    this.#size = element.dataset.size ?? "";
    element.hidden = false;
    if (!/^[0-9]/.test(this.#size)) {
      this.#unavailable("Offline use is not available in this preview; the built site offers it.");
    } else if (!("serviceWorker" in navigator) || !("caches" in window)) {
      this.#unavailable("This browser cannot keep the quiz available offline.");
    } else {
      this.#start();
    }
  }

  dispose() {
    this.#aborter.abort();
    this.#turn += 1;
  }

  #unavailable(text) {
    this.#input.disabled = true;
    this.#set("unavailable", text);
  }

  #start() {
    this.#script = new URL(this.element.dataset.serviceWorker, location.href);
    this.#scope = new URL("./", this.#script);
    const signal = this.#aborter.signal;
    this.#input.addEventListener("change", () => (this.#input.checked ? this.#turnOn() : this.#turnOff()), {
      signal,
    });
    navigator.serviceWorker.addEventListener("message", (event) => this.#heard(event), { signal });
    navigator.serviceWorker.startMessages();
    this.#showCurrent();
  }

  #set(state, text) {
    this.element.dataset.state = state;
    this.#status.textContent = text;
  }

  /** The site's service worker registration, or null. */
  async #registration() {
    const registration = await navigator.serviceWorker.getRegistration(this.#scope.href);
    return registration?.scope === this.#scope.href ? registration : null;
  }

  async #showCurrent() {
    const turn = this.#turn;
    const registration = await this.#registration();
    if (turn !== this.#turn) return;
    this.#input.checked = registration !== null;
    if (registration === null) this.#set("off", "");
    else await this.#follow(registration, turn);
  }

  async #turnOn() {
    const turn = ++this.#turn;
    this.#failure = null;
    this.#announced = -1;
    this.#set("saving", "Saving the offline copy…");
    let registration;
    try {
      registration = await navigator.serviceWorker.register(this.#script.href, { scope: this.#scope.href });
    } catch (error) {
      if (turn === this.#turn) await this.#giveUp(errorText(error), turn);
      return;
    }
    if (turn === this.#turn) await this.#follow(registration, turn);
  }

  async #turnOff() {
    const turn = ++this.#turn;
    this.#checking = false;
    this.#set("removing", "Removing the offline copy…");
    await this.#remove();
    if (turn === this.#turn) this.#set("off", "The offline copy was removed from this browser.");
  }

  /** Unregisters the service worker and deletes every cache of the site's copy. */
  async #remove() {
    const registration = await this.#registration();
    if (registration !== null) {
      const installing = registration.installing ?? registration.waiting;
      await registration.unregister();
      // A worker still saving could otherwise put files in a cache after it was deleted.
      if (installing) await reached(installing, ["installed", "activated", "redundant"], this.#aborter.signal);
    }
    const prefix = `atlas-offline ${this.#scope.pathname} `;
    for (const name of await caches.keys()) {
      if (name.startsWith(prefix)) await caches.delete(name);
    }
  }

  async #giveUp(reason, turn) {
    this.#checking = false;
    await this.#remove();
    if (turn !== this.#turn) return;
    this.#input.checked = false;
    this.#set("failed", failureText(this.#failure ?? reason));
  }

  /** Follows the registration's worker until its copy is complete, and its later updates. */
  async #follow(registration, turn) {
    if (!this.#followed.has(registration)) {
      this.#followed.add(registration);
      registration.addEventListener("updatefound", () => this.#untilActive(registration, this.#turn), {
        signal: this.#aborter.signal,
      });
    }
    await this.#untilActive(registration, turn);
  }

  async #untilActive(registration, turn) {
    const worker = registration.installing ?? registration.waiting;
    if (worker) {
      const updating = registration.active !== null;
      if (!updating) this.#set("saving", "Saving the offline copy…");
      const state = await reached(worker, ["activated", "redundant"], this.#aborter.signal);
      if (turn !== this.#turn) return;
      if (state === "redundant") {
        const reason = this.#failure ?? "the service worker stopped";
        if (!updating) {
          await this.#giveUp(reason, turn);
          return;
        }
        // The previous copy is complete and goes on serving.
        this.#set("on", `The offline copy could not be updated (${reason}); the previous one is kept.`);
        return;
      }
    }
    if (registration.active === null) return;
    if (this.element.dataset.state !== "on") this.element.dataset.state = "checking";
    this.#checking = true;
    registration.active.postMessage({ type: CHECK });
  }

  #heard(event) {
    const source = event.source;
    const message = event.data;
    if (!(source instanceof ServiceWorker) || source.scriptURL !== this.#script.href || !message) return;
    if (message.type === "atlas-offline-progress") {
      const tenth = Math.floor((message.saved * 10) / message.total);
      if (this.element.dataset.state === "saving" && tenth !== this.#announced) {
        this.#announced = tenth;
        this.#status.textContent = `Saving the offline copy: ${message.saved} of ${message.total} files…`;
      }
    } else if (message.type === "atlas-offline-failed") {
      this.#failure = message.reason;
      if (this.#checking) this.#giveUp(message.reason, this.#turn);
      // The worker's end may have been seen first, without its reason.
      else if (this.element.dataset.state === "failed") this.#status.textContent = failureText(message.reason);
    } else if (message.type === "atlas-offline-ready" && this.#checking) {
      this.#checking = false;
      this.element.dataset.version = message.version;
      this.#set("on", `Available offline: a copy of the site and the scoring engine (${this.#size}) is kept in this browser.`);
    }
  }
}
