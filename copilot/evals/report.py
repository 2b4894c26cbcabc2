"""Eval reports: report.json (everything), report.html (one file, side by side), junit.xml."""

from __future__ import annotations

import difflib
import html
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.table import Table

from copilot.evals.compare import flatten, run_name

HEADLINE_PREFIXES = (
    "scores.",
    "labels.micro.",
    "labels.macro.",
    "judge.",
    "passed",
    "errors",
    "reasks",
)


def headline_metrics(runs: list[dict[str, Any]]) -> list[str]:
    names = {m for run in runs for m in flatten(run["metrics"]) if m.startswith(HEADLINE_PREFIXES)}
    return sorted(names)


def print_table(runs: list[dict[str, Any]], console: Console) -> None:
    for task in sorted({r["task"] for r in runs}):
        task_runs = [r for r in runs if r["task"] == task]
        table = Table(title=f"{task} ({task_runs[0]['metrics']['cases']} cases)")
        table.add_column("metric")
        for run in task_runs:
            table.add_column(run_name(run), justify="right")
        for metric in headline_metrics(task_runs):
            values = [flatten(r["metrics"]).get(metric) for r in task_runs]
            table.add_row(metric, *("-" if v is None else f"{v:g}" for v in values))
        console.print(table)


def print_comparison(comparisons: list[dict[str, Any]], console: Console) -> None:
    for comparison in comparisons:
        table = Table(title=f"{comparison['run']} vs baseline {comparison['baseline']}")
        for column in ("metric", "before", "now", "delta", "", "cases +/-/=", "sign p"):
            table.add_column(column, justify="left" if column == "metric" else "right")
        for metric, d in comparison["deltas"].items():
            if d["verdict"] != "same" and metric.startswith(HEADLINE_PREFIXES):
                style = {"better": "green", "worse": "red"}.get(d["verdict"], "")
                table.add_row(
                    metric,
                    f"{d['before']:g}",
                    f"{d['now']:g}",
                    f"{d['delta']:+g}",
                    d["verdict"],
                    *_paired_cells(comparison, metric),
                    style=style,
                )
        console.print(table)
        for flip in comparison["flips"]:
            console.print("  " + ", ".join(f"{k}={v}" for k, v in flip.items()))


def _paired_cells(comparison: dict[str, Any], metric: str) -> tuple[str, str]:
    """Cases better/worse/same on a grader, and the sign-test p of that split."""
    paired = comparison.get("paired", {}).get(metric.removeprefix("scores."))
    if paired is None or not metric.startswith("scores."):
        return "", ""
    return f"{paired['better']}/{paired['worse']}/{paired['same']}", f"{paired['sign_test_p']:g}"


def write_json(report: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")


def write_junit(runs: list[dict[str, Any]], path: Path) -> None:
    suites = ET.Element("testsuites")
    for run in runs:
        failures = sum(not c["passed"] for c in run["cases"])
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=run_name(run),
            tests=str(len(run["cases"])),
            failures=str(failures),
        )
        for case in run["cases"]:
            element = ET.SubElement(suite, "testcase", classname=run_name(run), name=case["id"])
            if not case["passed"]:
                failed = [
                    f"{n}: {s['explanation']}" for n, s in case["scores"].items() if not s["passed"]
                ]
                failure = ET.SubElement(
                    element, "failure", message=case.get("error") or "; ".join(failed)[:500]
                )
                failure.text = "\n".join(failed) or (case.get("error") or "")
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)


_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
th{background:#f3f3f3}.num{text-align:right}.pass{color:#137333}.fail{color:#b3261e}
.case{border-top:2px solid #888;margin-top:2em}.cols{display:flex;gap:1em}.col{flex:1;min-width:0}
pre{white-space:pre-wrap;background:#f8f8f8;padding:6px}ins{background:#d7f5dd;text-decoration:none}
del{background:#fbd9d7}.small{font-size:12px;color:#555}
"""


def _esc(value: Any) -> str:
    return html.escape(str(value))


def _diff_html(before: str, after: str) -> str:
    """Word-level diff of the input and a rewrite: removed words struck, added words marked."""
    old, new = before.split(" "), after.split(" ")
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f"<del>{_esc(' '.join(old[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{_esc(' '.join(new[b1:b2]))}</ins>")
        if op == "equal":
            parts.append(_esc(" ".join(old[a1:a2])))
    return " ".join(parts)


def _output_html(case: dict[str, Any]) -> str:
    if case["output"] is None:
        return f"<p class='fail'>{_esc(case['error'])}</p>"
    out, parts = case["output"], []
    source = case["input"].get("text", "")
    for rewrite in out.get("rewrites", []):
        parts.append(f"<pre>{_diff_html(source, rewrite['text'])}</pre>")
        parts += [
            f"<div class='small'>{_esc(c['reason'])}: “{_esc(c['original'])}” → “{_esc(c['replacement'])}”</div>"
            for c in rewrite["changes"]
        ]
    parts += [
        f"<div>{'' if q['open'] else '[closed] '}{_esc(q['text'])} <span class='small'>({_esc(q['purpose'])})</span></div>"
        for q in out.get("questions", [])
    ]
    parts += [
        f"<div><b>{_esc(w['barrier'])}</b> ({_esc(w['severity'])}): “{_esc(w['evidence'])}”</div>"
        for w in out.get("warnings", [])
    ]
    return "".join(parts) or "<p class='small'>(nothing)</p>"


def _scores_html(case: dict[str, Any]) -> str:
    rows = "".join(
        f"<div class='{'pass' if s['passed'] else 'fail'} small'>{_esc(n)} = {s['value']:.2f}: {_esc(s['explanation'])}</div>"
        for n, s in case["scores"].items()
    )
    checks = {k: v for k, v in case["checks"].items() if v}
    return rows + f"<div class='small'>checks: {_esc(json.dumps(checks))}</div>"


def _metrics_table(
    runs: list[dict[str, Any]], metrics_of: Callable[[dict[str, Any]], dict[str, Any]]
) -> str:
    views = [{"metrics": metrics_of(run)} for run in runs]
    rows = [
        f"<table><tr><th>metric</th>{''.join(f'<th>{_esc(run_name(r))}</th>' for r in runs)}</tr>"
    ]
    for metric in headline_metrics(views):
        cells = [flatten(view["metrics"]).get(metric) for view in views]
        rows.append(
            f"<tr><td>{_esc(metric)}</td>"
            + "".join(f"<td class='num'>{'-' if v is None else f'{v:g}'}</td>" for v in cells)
            + "</tr>"
        )
    return "".join(rows) + "</table>"


def write_html(runs: list[dict[str, Any]], comparisons: list[dict[str, Any]], path: Path) -> None:
    body = ["<h1>copilot eval</h1>"]
    for task in sorted({r["task"] for r in runs}):
        task_runs = [r for r in runs if r["task"] == task]
        body.append(f"<h2>{_esc(task)}</h2>")
        body.append(_metrics_table(task_runs, lambda run: run["metrics"]))
        for split in ("dev", "test"):
            if all(split in r["metrics"].get("splits", {}) for r in task_runs):
                body.append(f"<h3>{_esc(task)}: {split} split only</h3>")
                body.append(
                    _metrics_table(task_runs, lambda run, s=split: run["metrics"]["splits"][s])
                )
    for comparison in comparisons:
        body.append(f"<h3>{_esc(comparison['run'])} vs {_esc(comparison['baseline'])}</h3><table>")
        body.append(
            "<tr><th>metric</th><th>before</th><th>now</th><th>delta</th>"
            "<th>cases better/worse/same</th><th>sign-test p</th></tr>"
        )
        body += [
            f"<tr><td>{_esc(m)}</td><td class='num'>{d['before']:g}</td><td class='num'>{d['now']:g}</td>"
            f"<td class='num {'pass' if d['verdict'] == 'better' else 'fail' if d['verdict'] == 'worse' else ''}'>"
            f"{d['delta']:+g}</td>"
            + "".join(f"<td class='num'>{cell}</td>" for cell in _paired_cells(comparison, m))
            + "</tr>"
            for m, d in comparison["deltas"].items()
            if d["verdict"] != "same"
        ]
        body.append("</table>")
    for task in sorted({r["task"] for r in runs}):
        task_runs = [r for r in runs if r["task"] == task]
        for index, case in enumerate(task_runs[0]["cases"]):
            body.append(
                f"<div class='case'><h3>{_esc(case['id'])} <span class='small'>{_esc(case['split'])} · {_esc(' '.join(case['tags']))}</span></h3>"
            )
            body.append(
                f"<pre>{_esc(json.dumps(case['input'], indent=1, ensure_ascii=False))}</pre>"
            )
            body.append(f"<p class='small'>{_esc(case['notes'])}</p><div class='cols'>")
            for run in task_runs:
                run_case = run["cases"][index]
                verdict = "pass" if run_case["passed"] else "fail"
                body.append(
                    f"<div class='col'><h4>{_esc(run_name(run))} <span class='{verdict}'>{verdict}</span></h4>"
                )
                body.append(_output_html(run_case) + _scores_html(run_case) + "</div>")
            body.append("</div></div>")
    page = f"<!doctype html><meta charset='utf-8'><title>copilot eval</title><style>{_CSS}</style>{''.join(body)}"
    path.write_text(page, "utf-8")
