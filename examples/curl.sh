#!/usr/bin/env bash
# Every endpoint with curl. Start a server first (`make serve`, or with no model at all:
# `COPILOT_MODEL=fake .venv/bin/copilot serve`), then: bash examples/curl.sh
# BASE_URL picks another server. Each call fails the script on a non-2xx answer.
set -euo pipefail
BASE_URL=${BASE_URL:-http://127.0.0.1:8000}
post() { curl -fsS -H 'Content-Type: application/json' -d "$2" "$BASE_URL$1"; echo; }

DRAFT='Your team has been dragging this out. Sign by Friday or the 10% discount is gone.'
NOTES='Renewal call with Dana Ortiz (COO) on March 3; routing usage fell 30% after their merger.'

echo "== GET /healthz, /readyz, /v1/prompts"
curl -fsS "$BASE_URL/healthz"; echo
curl -fsS "$BASE_URL/readyz"; echo
curl -fsS "$BASE_URL/v1/prompts"; echo

echo "== instant, no model: POST /v1/highlights and /v1/score"
post /v1/highlights "{\"text\": \"$DRAFT\"}"
post /v1/score "{\"text\": \"$DRAFT\"}"

echo "== HTML email, thread and signature left out, offsets for JavaScript (utf16)"
post /v1/highlights '{"format": "html", "offset_unit": "utf16",
  "text": "<p>Hi Marc \ud83d\udc4b, your team has been dragging this out.</p><p>Best,<br>Sam</p><blockquote>Can we talk next week?</blockquote>"}'

echo "== model endpoints: POST /v1/rewrites, /v1/questions, /v1/barriers, /v1/coach"
post /v1/rewrites "{\"text\": \"$DRAFT\"}"
post /v1/questions "{\"context\": \"$NOTES\", \"count\": 3}"
post /v1/barriers "{\"text\": \"I haven't read their file, so I'll wing it.\"}"
post /v1/coach "{\"text\": \"$DRAFT\", \"context\": \"$NOTES\"}"

echo "== streamed: server-sent events as they come (-N: no buffering)"
curl -fsS -N -H 'Content-Type: application/json' \
  -d "{\"text\": \"$DRAFT\", \"context\": \"$NOTES\", \"stream\": true}" "$BASE_URL/v1/coach"
