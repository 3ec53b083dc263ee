// The bare page's script: start the worker at once; record when Pyodide is ready; then, for the
// submit baseline, install the same quiz package and time `Engine.score` round trips.
const bench = (window.__bench ??= { posts: [], replies: [] });
const config = JSON.parse(document.getElementById("bench-config").textContent);
const absolute = (path) => new URL(path, location.href).href;
const params = new URLSearchParams({
  index: absolute(config.pyodide),
  stdlib: absolute(config.stdlib),
  lock: absolute(config.lock),
});
bench.workerStartedAt = performance.now();
const worker = new Worker(new URL(`bare-worker.mjs?${params}`, import.meta.url), { type: "module" });

let nextId = 1;
const pending = new Map();
worker.addEventListener("message", ({ data }) => {
  if (data.type === "ready") {
    bench.readyAt = performance.now();
    document.getElementById("state").textContent = "Pyodide ready.";
  } else if (data.type === "failed") {
    bench.failed = data.message;
  } else {
    pending.get(data.id)?.(data);
    pending.delete(data.id);
  }
});

function request(message) {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ ...message, id });
  });
}

let spec = null;

bench.loadQuiz = async () => {
  spec = await (await fetch(absolute(config.spec))).json();
  const reply = await request({
    type: "quiz",
    package: absolute(config.package),
    integrity: config.integrity,
    spec: absolute(config.spec),
  });
  return reply.steps;
};

/** The answers of submit `round`: option (round + question index) of each question. */
function answers(round) {
  const result = {};
  const questions = [spec.business_kind_question, ...spec.questions];
  questions.forEach((question, index) => {
    result[question.id] = question.options[(round + index) % question.options.length].value;
  });
  return result;
}

bench.scoreMany = async (count) => {
  const samples = [];
  for (let round = 0; round < count; round++) {
    const start = performance.now();
    const reply = await request({ type: "score", answers: answers(round) });
    const parsed = JSON.parse(reply.reply);
    const end = performance.now();
    if (!parsed.ok) throw new Error(parsed.error);
    samples.push({ roundTrip: end - start, python: reply.pythonMs });
  }
  return samples;
};
