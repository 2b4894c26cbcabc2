"""How well a cue file's rewrite_reason cues cover what a rewrite must change, per split:
the share of the rewrites dataset's must-go phrases a highlight overlaps, the drafts
needing a change that get any highlight, and the drafts needing none that get none.

    .venv/bin/python evals/highlight_coverage.py prompts/cues/v3.yaml [more files]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from copilot.cues import CueAnalyzer, CueSpec
from copilot.evals.cases import RewriteCase, load_cases

DATASETS = Path(__file__).resolve().parent / "datasets"


def coverage(analyzer: CueAnalyzer, cases: list[RewriteCase]) -> str:
    phrases = covered = needing = flagged = clean = left_alone = 0
    for case in cases:
        text = case.input.text
        hits = analyzer.find(text, kind="rewrite_reason")
        if not case.expect.should_change:
            clean += 1
            left_alone += not hits
            continue
        needing += 1
        flagged += bool(hits)
        for phrase in case.expect.must_not_survive:
            start = text.index(phrase)
            end = start + len(phrase)
            phrases += 1
            covered += any(h.start < end and start < h.end for h in hits)
    return (
        f"must-go phrases highlighted {covered}/{phrases}; drafts needing a change "
        f"highlighted {flagged}/{needing}; drafts needing none left alone {left_alone}/{clean}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cue_files", nargs="+", type=Path)
    args = parser.parse_args()
    cases = [c for c in load_cases(DATASETS, "rewrites") if isinstance(c, RewriteCase)]
    for path in args.cue_files:
        analyzer = CueAnalyzer(CueSpec.model_validate(yaml.safe_load(path.read_text("utf-8"))))
        for split in ("dev", "test"):
            print(f"{path} {split}: {coverage(analyzer, [c for c in cases if c.split == split])}")


if __name__ == "__main__":
    main()
