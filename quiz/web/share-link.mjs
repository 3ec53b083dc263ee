// A result's share link lives in the address bar's fragment: `#v=<question-set version>&<question>=<value>…`
// (made and read by the engine, quiz/answers.py).

/** The share link's fragment (without '#') when the page's URL carries one, otherwise null. */
export function shareFragment() {
  const fragment = location.hash.slice(1);
  return fragment.includes("=") ? fragment : null;
}

/** The page's URL with `fragment`. */
export function shareURL(fragment) {
  const url = new URL(location.href);
  url.hash = fragment;
  return url.href;
}

/** Puts `href` in the address bar (to bookmark or copy) without navigating. */
export function showShareLink(href) {
  history.replaceState(history.state, "", href);
}

/** Takes a share link's fragment out of the address bar, if there is one. */
export function dropShareFragment() {
  if (shareFragment() !== null) showShareLink(location.pathname + location.search);
}
