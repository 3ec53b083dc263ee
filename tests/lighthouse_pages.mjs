// Lighthouse over several pages in one Chrome: tests/test_lighthouse.py runs this once for every
// page it scores, instead of one `lighthouse` process (and one Chrome) per page.
//
//   node tests/lighthouse_pages.mjs '{"chromePath": ..., "chromeFlags": [...],
//                                    "categories": [...], "urls": [...]}'
//
// prints `{url: report}` as JSON, each report being Lighthouse's own result (the `lhr`) for the
// categories asked, or `{"runtimeError": {"message": ...}}` for a page Lighthouse could not run.

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const { chromePath, chromeFlags, categories, urls } = JSON.parse(process.argv[2]);
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
const reports = {};
try {
  for (const url of urls) {
    try {
      const result = await lighthouse(url, {
        port: chrome.port,
        logLevel: "error",
        onlyCategories: categories,
        // The categories scored here read no screenshot.
        disableFullPageScreenshot: true,
      });
      reports[url] = result?.lhr ?? { runtimeError: { message: "Lighthouse returned no report" } };
    } catch (error) {
      reports[url] = { runtimeError: { message: String(error?.stack ?? error) } };
    }
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(reports));
