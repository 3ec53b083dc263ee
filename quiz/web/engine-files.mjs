// The scoring engine's files, downloaded by its worker (worker.mjs) itself, so that every way a
// download can go wrong is told at once and by its cause. Left to itself, Pyodide 314 cannot tell
// it: when its WebAssembly cannot be had (blocked, missing, sent as another type) `loadPyodide`
// logs a warning and never settles, and a missing standard library ends in "Program terminated
// with exit(1)". Here each file is checked for its HTTP status, its type or JSON, and its digest
// where the build gave one; a download that receives nothing for a while is called stalled; and
// Pyodide is handed the very responses (`handOver`), so that nothing is downloaded twice.

/**
 * How long the downloads may receive nothing at all before they are called stalled. Bytes that
 * arrive on any of them count, so a slow connection passes however long the files take, and so
 * does a request queued behind the others. 30 seconds outlasts what a working but poor
 * connection goes quiet for (TCP's retransmission backoff waits 1, 2, 4, 8 seconds… between
 * attempts, and a mobile network can take as long to come back after a drop), while a visitor
 * whose download has really stopped is told within half a minute instead of never.
 */
export const STALL_SECONDS = 30;
/** Download progress is reported at most this often. The page's progress bar follows each
 *  report; its status line, which screen readers read out, says the numbers less often
 *  (engine-progress.mjs). */
export const PROGRESS_INTERVAL_MS = 250;

/** The stall bound in milliseconds: `setting` (seconds, a test's `data-stall-seconds`) when it is
 *  a number from 1 to STALL_SECONDS, else STALL_SECONDS. A page can only shorten it. */
export function stallMilliseconds(setting) {
  const seconds = Number(setting);
  return (Number.isFinite(seconds) && seconds >= 1 && seconds <= STALL_SECONDS ? seconds : STALL_SECONDS) * 1000;
}

/** The last segment of `url`'s path: the name a visitor can look for. */
export function fileName(url) {
  return new URL(url).pathname.split("/").filter(Boolean).at(-1) ?? url;
}

/** "3.1": bytes in megabytes with one decimal. */
function megabytes(bytes) {
  return (bytes / 1_000_000).toFixed(1);
}

/** The visitor-facing text of the download's progress (it follows "Loading the scoring engine:
 *  step 1 of 4, "). */
export function progressText(received, expected) {
  const done = expected ? `${megabytes(received)} of ${megabytes(expected)}` : `${megabytes(received)}`;
  return `downloading Python (${done} MB${expected ? "" : " so far"})`;
}

/** Whether `data` (bytes) has the Subresource Integrity digest `integrity` ("sha256-…"); true
 *  when this browser cannot compute it (no `crypto.subtle` outside a secure context, where the
 *  files could be changed on the way anyway). */
export async function matchesDigest(data, integrity) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return true;
  const algorithms = { sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" };
  // An integrity value may list several digests: one that matches is enough, as for the browser.
  for (const token of integrity.trim().split(/\s+/)) {
    const [name, expected] = [token.slice(0, token.indexOf("-")), token.slice(token.indexOf("-") + 1)];
    if (!Object.hasOwn(algorithms, name)) continue;
    const digest = new Uint8Array(await subtle.digest(algorithms[name], data));
    if (btoa(String.fromCharCode(...digest)) === expected) return true;
  }
  return false;
}

/** A download's failure, told to the visitor as it is. */
class DownloadError extends Error {}

function networkError(what) {
  return new DownloadError(
    `${what} could not be downloaded (the connection failed, or something such as a browser ` +
      "extension or a firewall blocked it)",
  );
}

function checkStatus(response, what) {
  if (response.status === 404) throw new DownloadError(`${what} is missing on the server (HTTP 404)`);
  if (!response.ok) throw new DownloadError(`${what} could not be downloaded (HTTP ${response.status})`);
}

function checkJSON(text, what) {
  try {
    JSON.parse(text);
  } catch {
    const looks = /^\s*</.test(text) ? "the server sent a web page instead" : "it is cut short or garbled";
    throw new DownloadError(`${what} is not valid JSON (${looks})`);
  }
}

/** `pieces` (byte arrays) as one. */
function joined(pieces) {
  const whole = new Uint8Array(pieces.reduce((total, piece) => total + piece.byteLength, 0));
  let offset = 0;
  for (const piece of pieces) {
    whole.set(piece, offset);
    offset += piece.byteLength;
  }
  return whole;
}

/**
 * The downloads of one start of the engine. Each method starts one download and resolves to its
 * content; the first failure (or a stall) also rejects `failed`, which `race` lets every other
 * wait end on. `stop()` ends the stall watch. `onProgress({received, expected})` is told the bytes
 * read so far and the total of the downloads that say their size (0 while one does not).
 */
export class EngineDownloads {
  #stallMs;
  #onProgress;
  #fetch;
  #pending = new Set();
  #stallTimer = 0;
  #progressTimer = 0;
  #received = 0;
  #expected = 0;
  #sizesKnown = true;
  #stopped = false;
  #reject;
  #idle = [];
  /** Rejects with the first failure of any download; never resolves. */
  failed;

  constructor({ stallMs = STALL_SECONDS * 1000, onProgress = () => {}, fetch = globalThis.fetch.bind(globalThis) } = {}) {
    this.#stallMs = stallMs;
    this.#onProgress = onProgress;
    this.#fetch = fetch;
    this.failed = new Promise((_, reject) => {
      this.#reject = reject;
    });
    this.failed.catch(() => {});
  }

  /** `promise`, or the first download failure if that comes first. */
  race(promise) {
    return Promise.race([promise, this.failed]);
  }

  /** Resolves once no download is pending (at once when none is); never after a failure. */
  whenIdle() {
    if (this.#pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Ends the stall watch and the progress reports (the downloads themselves go on). */
  stop() {
    this.#stopped = true;
    this.#idle = [];
    clearTimeout(this.#stallTimer);
    clearTimeout(this.#progressTimer);
  }

  /** The text of the JSON document at `url`, checked against `integrity` (by the browser). */
  jsonText(url, what, integrity = "") {
    return this.#track(what, async () => {
      const text = await (await this.#get(url, what, integrity)).text();
      checkJSON(text, what);
      return text;
    });
  }

  /** The module at `url`, imported (Pyodide's own import of the same URL then finds it loaded). */
  module(url, what) {
    return this.#track(what, () =>
      import(url).catch(() => {
        throw new Error(`${what} could not be downloaded or run`);
      }),
    );
  }

  /**
   * The response to `url` for Pyodide, as the network gave it (so that the WebAssembly compiles
   * while it downloads, and the browser's cache of compiled code applies on the next visit: a
   * response rebuilt in JavaScript would be compiled again every time), while a copy of its body
   * is counted for progress and, when `integrity` is given, checked against it. A changed file
   * fails the start as soon as its download ends. It may have been compiled by then: the digest
   * guards against a damaged or stale copy, not against the host, which serves the scripts that
   * load it too. `type` is the Content-Type the file must be sent with.
   */
  stream(url, what, { integrity = "", type = "" } = {}) {
    return new Promise((resolve, reject) => {
      this.#track(what, async () => {
        const response = await this.#get(url, what, "");
        const sent = (response.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
        if (type && sent !== type) {
          throw new DownloadError(`${what} was sent as ${sent || "an unnamed type"}, not as ${type}`);
        }
        this.#expect(response);
        const copy = response.clone();
        resolve(response);
        // The download stays pending (watched for stalls) until its end.
        await this.#count(copy, what, integrity);
      }).catch(reject); // after `resolve`, the failure reaches the start through `failed`
    });
  }

  async #count(response, what, integrity) {
    const reader = response.body.getReader();
    const pieces = [];
    for (;;) {
      let step;
      try {
        step = await reader.read();
      } catch {
        throw new DownloadError(`${what} could not be downloaded (the connection broke off)`);
      }
      if (step.done) break;
      this.#arrived(step.value.byteLength);
      if (integrity) pieces.push(step.value);
    }
    if (integrity && !(await matchesDigest(joined(pieces), integrity))) {
      throw new DownloadError(`${what} did not match its checksum (the file on the server was changed)`);
    }
  }

  /** The response to `url`, with a reason a visitor understands when there is none. */
  async #get(url, what, integrity) {
    let response;
    try {
      response = await this.#fetch(url, integrity ? { integrity } : {});
    } catch {
      // With `integrity`, the browser refuses a file whose digest differs, an error page
      // included, as a network error: a second look without it tells which it was.
      if (integrity) await this.#secondLook(url, what);
      throw networkError(what);
    } finally {
      this.#arrived(0);
    }
    checkStatus(response, what);
    return response;
  }

  /** Throws why the JSON document at `url` failed its integrity check. */
  async #secondLook(url, what) {
    let text;
    try {
      const response = await this.#fetch(url, { cache: "no-store" });
      checkStatus(response, what);
      text = await response.text();
    } catch (error) {
      if (error instanceof DownloadError) throw error;
      throw networkError(what);
    }
    checkJSON(text, what);
    throw new DownloadError(`${what} did not match its checksum (the file on the server was changed)`);
  }

  /** Runs `work` as one pending download: its failure fails them all. */
  async #track(what, work) {
    const token = { what };
    this.#pending.add(token);
    this.#arrived(0);
    try {
      return await work();
    } catch (error) {
      this.#fail(error);
      throw error;
    } finally {
      this.#pending.delete(token);
      this.#arrived(0);
      if (this.#pending.size === 0 && !this.#stopped) {
        clearTimeout(this.#progressTimer);
        for (const resolve of this.#idle.splice(0)) resolve();
      }
    }
  }

  #fail(error) {
    this.#reject(error);
    this.stop();
  }

  #expect(response) {
    // Content-Length counts the bytes sent, which are not the bytes read when they were compressed.
    const length = Number(response.headers.get("Content-Length"));
    const encoding = response.headers.get("Content-Encoding");
    if (length > 0 && (!encoding || encoding === "identity")) this.#expected += length;
    else this.#sizesKnown = false;
  }

  /** Something happened on the downloads (`bytes` more arrived): the stall watch starts over. */
  #arrived(bytes) {
    if (this.#stopped) return;
    clearTimeout(this.#stallTimer);
    if (this.#pending.size > 0) this.#stallTimer = setTimeout(() => this.#stalled(), this.#stallMs);
    if (bytes === 0) return;
    this.#received += bytes;
    this.#progressTimer ||= setTimeout(() => {
      this.#progressTimer = 0;
      if (!this.#stopped) this.#onProgress({ received: this.#received, expected: this.#sizesKnown ? this.#expected : 0 });
    }, PROGRESS_INTERVAL_MS);
  }

  #stalled() {
    const waiting = [...new Set([...this.#pending].map((token) => token.what))].join(", ");
    const got = this.#received > 0 ? `, after ${megabytes(this.#received)} MB` : "";
    this.#fail(
      new Error(
        `the download stalled: nothing arrived for ${this.#stallMs / 1000} seconds while waiting for ` +
          `${waiting}${got}`,
      ),
    );
  }
}

/**
 * Makes `scope.fetch` answer a GET of each URL of `responses` (URL → promise of a Response) with
 * that response, once, instead of downloading it again: Pyodide 314 offers no way to be given
 * its WebAssembly or its standard library, and fetches both itself. Returns the function that
 * puts the browser's own `fetch` back.
 */
export function handOver(responses, scope = globalThis) {
  const browserFetch = scope.fetch;
  const waiting = new Map(responses);
  scope.fetch = function fetch(input, init) {
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : String(input), scope.location?.href).href;
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    if (method === "GET" && waiting.has(url)) {
      const response = waiting.get(url);
      waiting.delete(url);
      return response;
    }
    return browserFetch.call(scope, input, init);
  };
  return () => {
    scope.fetch = browserFetch;
  };
}
