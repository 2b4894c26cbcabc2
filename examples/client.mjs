// Every endpoint from JavaScript with fetch (Node 18+ or a browser), the stream included.
//
//   node examples/client.mjs [http://127.0.0.1:8000]
//
// Start a server first (`make serve`, or `COPILOT_MODEL=fake .venv/bin/copilot serve` for
// no model at all). Offsets are asked for in UTF-16 code units, JavaScript's own string
// indices, so text.slice(start, end) gives each quote; the script checks every one.

const BASE_URL = process.argv[2] ?? process.env.BASE_URL ?? "http://127.0.0.1:8000";
const EMAIL_HTML =
  "<p>Hi Marc \u{1F44B}, your team has been dragging this out. Sign by Friday or the " +
  "10% discount is gone. I'll wing the call.</p><p>Best,<br>Sam</p>" +
  "<blockquote>On Mon, Nov 30, Marc wrote:<br>Can we talk next week?</blockquote>";
const NOTES = "Renewal call with Dana Ortiz (COO) on March 3; routing usage fell 30% after their merger.";
const email = { text: EMAIL_HTML, format: "html", offset_unit: "utf16" };

function check(start, end, expected) {
  const found = EMAIL_HTML.slice(start, end);
  if (found !== expected) throw new Error(`offsets ${start}:${end} give ${found}, not ${expected}`);
}

async function post(path, body) {
  const response = await fetch(BASE_URL + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  // Errors are RFC 9457 problem+json: `detail` says what to fix.
  if (!response.ok) throw new Error(`${path}: ${response.status} ${(await response.json()).detail}`);
  const answer = await response.json();
  console.log(`${path}: prompt ${answer.meta.prompt.id}@v${answer.meta.prompt.version}, model ${answer.meta.model}`);
  return answer;
}

// Server-sent events from a fetch body: blocks of `event:`/`data:` lines, a blank line after each.
async function* events(path, body) {
  const response = await fetch(BASE_URL + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...body, stream: true }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${(await response.json()).detail}`);
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
      const name = block.match(/^event: ?(.*)$/m)?.[1] ?? "message";
      const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).replace(/^ /, ""));
      if (data.length) yield { name, data: JSON.parse(data.join("\n")) };
    }
  }
}

console.log("ready:", await (await fetch(`${BASE_URL}/readyz`)).json());
const prompts = await (await fetch(`${BASE_URL}/v1/prompts`)).json();
console.log("prompts:", prompts.prompts.map((p) => p.id).join(", "));

for (const h of (await post("/v1/highlights", email)).highlights) {
  check(h.start, h.end, h.quote);
  console.log(`  ${h.label}: ${h.quote}`);
}
const score = await post("/v1/score", email);
console.log(`  score ${score.score}, reading grade ${score.readability.reading_grade}`);

const { rewrites } = await post("/v1/rewrites", email);
for (const change of rewrites[0]?.changes ?? []) {
  check(change.start, change.end, change.original);
  console.log(`  ${change.reason}: ${change.original} -> ${change.replacement}`);
}
for (const w of (await post("/v1/barriers", email)).warnings) {
  check(w.start, w.end, w.evidence);
  console.log(`  ${w.barrier}: ${w.evidence}`);
}
for (const q of (await post("/v1/questions", { context: NOTES, count: 3 })).questions) {
  console.log(`  ${q.purpose}: ${q.text}`);
}
const coach = await post("/v1/coach", { ...email, context: NOTES });
console.log(`  coach: ${coach.warnings.length} warnings, ${coach.questions.length} questions`);

console.log("/v1/coach, streamed:");
for await (const event of events("/v1/coach", { ...email, context: NOTES })) {
  if (event.name === "error") throw new Error(`stream failed: ${event.data.detail}`);
  if (event.name === "highlights") event.data.highlights.forEach((h) => check(h.start, h.end, h.quote));
  console.log(`  event ${event.name}`);
}
