// The playground: instant highlights and score while typing, then the coach's findings as
// they stream in. Offsets are asked for in UTF-16 code units, so every start/end from the
// API slices this page's JavaScript strings directly. User text only ever enters the page
// as text nodes, never as markup.

const TYPING_PAUSE_MS = 250;
const $ = (id) => document.getElementById(id);
let running = null; // the AbortController of the coach request in flight

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function debounce(fn, waitMs) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), waitMs);
  };
}

function draftRequest(extra = {}) {
  const body = { text: $("draft").value, format: $("format").value, offset_unit: "utf16", ...extra };
  if ($("keep-thread").checked) body.exclude = [];
  return body;
}

async function postJson(path, body, signal) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await problemOf(response);
  return response;
}

async function problemOf(response) {
  try {
    const problem = await response.json();
    return new Error(problem.detail || problem.title || `HTTP ${response.status}`);
  } catch {
    return new Error(`HTTP ${response.status}`);
  }
}

// Server-sent events from a fetch body: blank-line separated blocks of `event:`/`data:`.
async function* readEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer = (buffer + value).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) yield { name, data: JSON.parse(data.join("\n")) };
    }
  }
}

// `text` with spans marked: spans may overlap, so the text is cut at every span boundary
// and each piece gets the class and title of the spans covering it.
function renderMarked(container, text, spans) {
  container.replaceChildren();
  const cuts = new Set([0, text.length]);
  for (const span of spans) {
    cuts.add(span.start);
    cuts.add(span.end);
  }
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= from && s.end >= to && s.start < s.end);
    const piece = text.slice(from, to);
    if (!covering.length) {
      container.append(piece);
      continue;
    }
    const marked = covering.find((s) => s.tag === "mark");
    const node = element(marked ? "mark" : "span", piece, (marked || covering[0]).className);
    node.title = covering.map((s) => s.title).filter(Boolean).join("\n");
    container.append(node);
  }
}

const refreshInstant = debounce(async () => {
  const body = draftRequest();
  if (!body.text.trim()) {
    renderMarked($("preview"), "", []);
    $("score").textContent = "–";
    return;
  }
  try {
    const [highlights, score] = await Promise.all([
      postJson("/v1/highlights", body).then((r) => r.json()),
      postJson("/v1/score", body).then((r) => r.json()),
    ]);
    if (body.text !== $("draft").value) return; // typed on since: a newer answer is coming
    showHighlights(body.text, highlights);
    showScore(score);
  } catch (error) {
    $("preview").replaceChildren(element("span", error.message, "error"));
  }
}, TYPING_PAUSE_MS);

function showHighlights(text, answer) {
  const spans = answer.highlights.map((h) => ({
    start: h.start, end: h.end, tag: "mark", className: h.kind, title: `${h.label}: ${h.why}`,
  }));
  for (const part of answer.meta.input.excluded) {
    spans.push({ start: part.start, end: part.end, className: "excluded", title: `left out: ${part.kind}` });
  }
  renderMarked($("preview"), text, spans);
}

function showScore(answer) {
  $("score").textContent = answer.score;
  const { words, sentences, reading_grade: grade } = answer.readability;
  $("readability").textContent = `${words} words, ${sentences} sentences, reading grade ${grade}`;
  $("advice").replaceChildren(...answer.advice.map((line) => element("li", line)));
}

function clearFindings() {
  for (const id of ["progress", "warnings", "changes", "questions", "provenance"]) $(id).replaceChildren();
  $("rewrite").replaceChildren();
}

function addWarning(warning) {
  const item = element("li");
  item.append(element("span", warning.barrier, "label"), ` “${warning.evidence}” — ${warning.why} `);
  item.append(element("em", `Instead: ${warning.instead}`));
  $("warnings").append(item);
}

function addQuestion(question) {
  const item = element("li", `${question.text} `);
  item.append(element("span", question.purpose, "label"));
  if (!question.open) item.append(element("span", " (closed)", "muted"));
  $("questions").append(item);
}

// The draft as sent with each change shown as deleted words and the words that replace them.
function showRewrite(sent, rewrite) {
  const box = $("rewrite");
  box.replaceChildren();
  let at = 0;
  for (const change of [...rewrite.changes].sort((a, b) => a.start - b.start)) {
    box.append(sent.slice(at, change.start), element("del", change.original));
    box.append(element("ins", change.replacement));
    at = change.end;
  }
  box.append(sent.slice(at));
  if (!rewrite.changes.length) box.append(element("p", rewrite.summary || "No change needed.", "muted"));
  $("changes").replaceChildren(
    ...rewrite.changes.map((c) => {
      const item = element("li");
      item.append(element("span", c.reason, "label"), ` “${c.original}” → “${c.replacement}”`);
      return item;
    }),
  );
  if (rewrite.score) {
    $("changes").append(element("li", `score ${rewrite.score.before} → ${rewrite.score.after}`, "muted"));
  }
}

// Sections the answer left empty say so, rather than looking unfinished.
function markEmpty() {
  for (const id of ["warnings", "questions"]) {
    if (!$(id).children.length) $(id).append(element("li", "none found", "muted"));
  }
  if (!$("rewrite").childNodes.length) $("rewrite").append(element("p", "No rewrite.", "muted"));
}

function showProvenance(meta) {
  const ref = (p) => `${p.id}@v${p.version} (${p.sha256.slice(0, 12)})`;
  const rows = [
    ["prompt", ref(meta.prompt)],
    ["parts", meta.pieces.map(ref).join(", ") || "–"],
    ["model", meta.model],
    ["model calls", String(meta.checks.model_calls)],
    ["tokens", `${meta.usage.prompt_tokens} in, ${meta.usage.completion_tokens} out`],
    ["time", `${(meta.latency_ms / 1000).toFixed(1)} s`],
    ["offsets", meta.input.offset_unit],
  ];
  $("provenance").replaceChildren(...rows.flatMap(([k, v]) => [element("dt", k), element("dd", v)]));
}

async function coach() {
  running?.abort();
  running = new AbortController();
  const sent = $("draft").value;
  const body = draftRequest({ stream: true });
  if ($("context").value.trim()) body.context = $("context").value;
  clearFindings();
  $("coach").disabled = true;
  $("stop").disabled = false;
  $("status").textContent = "asking the model…";
  try {
    const response = await postJson("/v1/coach", body, running.signal);
    for await (const event of readEvents(response)) {
      if (event.name === "highlights") showHighlights(sent, event.data);
      else if (event.name === "progress") {
        const p = event.data;
        $("progress").append(element("li", `${p.prompt}${p.step ? ` (${p.step})` : ""} answered at ${(p.elapsed_ms / 1000).toFixed(1)} s`));
      } else if (event.name === "warning") addWarning(event.data);
      else if (event.name === "rewrite") showRewrite(sent, event.data);
      else if (event.name === "question") addQuestion(event.data);
      else if (event.name === "result") {
        markEmpty();
        showProvenance(event.data.meta);
        showScore(event.data.score);
        $("status").textContent = `done in ${(event.data.meta.latency_ms / 1000).toFixed(1)} s`;
      } else if (event.name === "error") throw new Error(event.data.detail);
    }
  } catch (error) {
    $("status").textContent = error.name === "AbortError" ? "stopped" : "";
    if (error.name !== "AbortError") $("status").append(element("span", error.message, "error"));
  } finally {
    $("coach").disabled = false;
    $("stop").disabled = true;
  }
}

async function describeService() {
  try {
    const ready = await fetch("/readyz").then((r) => r.json());
    $("service").textContent = `service ${ready.status}${ready.reason ? `: ${ready.reason}` : ""}`;
  } catch {
    $("service").textContent = "the service did not answer /readyz";
  }
}

for (const id of ["draft", "format", "keep-thread"]) $(id).addEventListener("input", refreshInstant);
$("coach").addEventListener("click", coach);
$("stop").addEventListener("click", () => running?.abort());
describeService();
