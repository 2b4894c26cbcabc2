#!/usr/bin/env bash
# Rebuild every committed report under evals/reports from the recordings (replay only:
# no model is called) after a grader or dataset change. Run from the repository root;
# add a line here when a report is added.
set -euo pipefail
run() { .venv/bin/copilot eval --thresholds /dev/null "$@" >/dev/null; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run --judge rewrite_judge@stable --out evals/reports/baseline
base=evals/reports/baseline/report.json
# Candidates are compared with the version that was stable when they were evaluated.
run --prompt questions@1 --out "$tmp/questions-v1"
run --prompt questions@2 --baseline "$tmp/questions-v1/report.json" --out evals/reports/questions-candidate-v2
questions_v2=evals/reports/questions-candidate-v2/report.json # stable until questions@7
run --prompt rewrites@1 --judge rewrite_judge@stable --out "$tmp/rewrites-v1"
rewrites_v1="$tmp/rewrites-v1/report.json" # stable until rewrites@7
run --prompt rewrites@2 --judge rewrite_judge@stable --baseline "$rewrites_v1" --out evals/reports/rewrites-candidate-v2
run --prompt rewrites@3 --judge rewrite_judge@stable --baseline "$rewrites_v1" --out evals/reports/rewrites-candidate-v3
run --prompt questions@3 --baseline "$questions_v2" --out evals/reports/questions-candidate-v3
run --prompt questions@4 --baseline "$questions_v2" --out evals/reports/questions-candidate-v4
run --prompt questions@5 --baseline "$questions_v2" --out evals/reports/questions-candidate-v5
run --prompt questions@6 --baseline "$questions_v2" --out evals/reports/questions-candidate-v6
run --prompt questions@7 --baseline "$questions_v2" --out evals/reports/questions-candidate-v7
run --prompt rewrites@5 --baseline "$rewrites_v1" --out evals/reports/rewrites-candidate-v5
run --prompt rewrites@6 --baseline "$rewrites_v1" --out evals/reports/rewrites-candidate-v6
run --prompt rewrites@7 --judge rewrite_judge@stable --baseline "$rewrites_v1" --out evals/reports/rewrites-candidate-v7
rewrites_v7=evals/reports/rewrites-candidate-v7/report.json # stable until rewrites@9
run --prompt rewrites@8 --judge rewrite_judge@stable --baseline "$rewrites_v7" --out evals/reports/rewrites-candidate-v8
run --prompt rewrites@9 --judge rewrite_judge@stable --baseline "$rewrites_v7" --out evals/reports/rewrites-candidate-v9
run --prompt barriers@1 --out "$tmp/barriers-v1"
run --prompt barriers@4 --baseline "$tmp/barriers-v1/report.json" --out evals/reports/barriers-candidate-v4
run --prompt barriers@5 --baseline "$tmp/barriers-v1/report.json" --out evals/reports/barriers-candidate-v5
run --prompt barriers@6 --baseline "$base" --out evals/reports/barriers-candidate-v6
rm -f evals/reports/*/junit.xml # CI writes its own; the committed reports are json and html
