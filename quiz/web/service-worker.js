// The site's service worker, installed only when a visitor turns on "Keep the quiz available
// offline" on the quiz page (offline.mjs). The build writes it as `sw.js` at the site's root,
// after one line it adds above: `OFFLINE_COPY = {version, files: {address: integrity}}`, every
// file of the site the copy keeps and the hash of them all (generator/offline.py).
//
// - Install: every file is fetched, checked against its digest and put in a cache named after the
//   version; one failure fails the install, the half-made cache is deleted, and the version in
//   use (if any) goes on serving. A new deploy is a new `sw.js`, so the browser installs it on the
//   next visit, and the new cache replaces the old one as a whole once it is complete.
// - Fetch: a GET of the site goes to the network first, so a visitor online always gets the site
//   as deployed now; only when the network fails does the copy answer. A page answered from the
//   copy gets its later files (and its workers' files) from the copy too, so one page never
//   mixes two versions; its next navigation or reload tries the network first again. Requests
//   outside the site, and other methods, are left alone.
// - Messages: "atlas-offline-check" from a page makes the worker make sure its copy is complete
//   (filling it again if a page deleted it); the worker tells every page of the site how saving
//   goes ("atlas-offline-progress"), and how it ended ("atlas-offline-ready", "-failed").
//
// It fetches nothing but the site's own files, and stores nothing but its cache.

const SCOPE = new URL("./", self.location.href);
// Caches belong to the origin, which other sites may share (user.github.io/other/): the name
// says which site and which version a cache is.
const CACHE_PREFIX = `atlas-offline ${SCOPE.pathname} `;
const CACHE_NAME = CACHE_PREFIX + OFFLINE_COPY.version;
const FILES = new Map(
  Object.entries(OFFLINE_COPY.files).map(([address, integrity]) => [new URL(address, SCOPE).href, integrity]),
);

/** Clients (pages and their workers) answered from the copy: they keep getting it. */
const fromCopy = new Set();

/** The check under way, if any: one at a time. */
let filling = null;

async function tell(message) {
  const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const page of pages) page.postMessage({ ...message, version: OFFLINE_COPY.version });
}

function errorText(error) {
  return String(error?.message ?? error ?? "unknown error").replace(/\.$/, "");
}

/** One file from the network, as the site serves it now, checked against its digest. */
async function download(url, integrity) {
  let response;
  try {
    // "no-cache": the browser's HTTP cache may answer only once the server confirms its copy.
    response = await fetch(url, { cache: "no-cache", integrity });
  } catch (error) {
    // With `integrity`, a file that is not the one listed fails as a network error does.
    const why = errorText(error);
    throw new Error(`${new URL(url).pathname} could not be downloaded as this version lists it (${why})`);
  }
  if (!response.ok) throw new Error(`${new URL(url).pathname} could not be downloaded (HTTP ${response.status})`);
  // A redirected response cannot answer a navigation: keep the body and headers only.
  return response.redirected ? new Response(response.body, response) : response;
}

/** Fetches every file into a fresh cache of this version; all or nothing. */
async function fill() {
  await caches.delete(CACHE_NAME);
  const cache = await caches.open(CACHE_NAME);
  const total = FILES.size;
  let saved = 0;
  try {
    await Promise.all(
      [...FILES].map(async ([url, integrity]) => {
        await cache.put(url, await download(url, integrity));
        saved += 1;
        tell({ type: "atlas-offline-progress", saved, total });
      }),
    );
  } catch (error) {
    await caches.delete(CACHE_NAME);
    // Told before the install fails: the browser stops a worker whose install failed.
    await tell({ type: "atlas-offline-failed", reason: errorText(error) });
    throw error;
  }
}

/** Whether the cache of this version holds every file. */
async function complete() {
  if (!(await caches.has(CACHE_NAME))) return false;
  const held = new Set((await (await caches.open(CACHE_NAME)).keys()).map((request) => request.url));
  return [...FILES.keys()].every((url) => held.has(url));
}

/** Makes sure the copy is complete, filling it if not, and says so. */
function check() {
  filling ??= (async () => {
    try {
      if (!(await complete())) await fill();
      tell({ type: "atlas-offline-ready" });
    } catch {
      // fill() has said why.
    } finally {
      filling = null;
    }
  })();
  return filling;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      await fill();
      // The copy is complete: it replaces the previous version's at once.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "atlas-offline-check") event.waitUntil(check());
});

/** The copy of a request's file, or undefined. Pages are kept at their folder's address. */
async function fromTheCopy(request) {
  const cache = await caches.open(CACHE_NAME);
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  const found = await cache.match(url.href, { ignoreVary: true });
  if (found || !url.pathname.endsWith("/index.html")) return found;
  return cache.match(new URL("./", url).href, { ignoreVary: true });
}

async function answer(event) {
  const { request, clientId, resultingClientId } = event;
  // A navigation (a reload too) starts a new page, which goes to the network first again.
  if (request.mode !== "navigate" && fromCopy.has(clientId)) {
    const copy = await fromTheCopy(request);
    if (copy) {
      if (resultingClientId) fromCopy.add(resultingClientId);
      return copy;
    }
  }
  try {
    return await fetch(request);
  } catch (error) {
    const copy = await fromTheCopy(request);
    if (!copy) throw error;
    if (resultingClientId) fromCopy.add(resultingClientId);
    return copy;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  event.respondWith(answer(event));
});
