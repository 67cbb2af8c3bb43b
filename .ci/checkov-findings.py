"""Compares checkov's findings on synthesized templates with the accepted list.

    checkov-findings.py CHECKOV_JSON ACCEPTED_YAML

CHECKOV_JSON is `checkov -o json` over folders of `ballast synth` output; a finding is
named `<check id> <stack>/<logical id>` (the stack from the template's file name). ACCEPTED_YAML
lists entries `{check, resources: [<stack>/<logical id>, …] or all, reason}`. Exits 1 when a
check fails that no entry accepts, or when an entry (or one of its resources) no longer fails:
a stale acceptance would hide the same finding coming back later.
"""
import json
import sys
from pathlib import Path

import yaml


def findings(report):
    """(passed count, failed count, set of (check, stack/resource)) of a checkov JSON report."""
    reports = report if isinstance(report, list) else [report]
    failed = set()
    passed = 0
    failures = 0
    for part in reports:
        results = part.get("results", {})
        passed += len(results.get("passed_checks", []))
        for check in results.get("failed_checks", []):
            failures += 1
            stack = Path(check["file_path"]).name.removesuffix(".template.json")
            logical_id = check["resource"].split(".", 1)[-1]
            failed.add((check["check_id"], f"{stack}/{logical_id}"))
    return passed, failures, failed


def main():
    report = json.loads(Path(sys.argv[1]).read_text() or "{}")
    accepted = yaml.safe_load(Path(sys.argv[2]).read_text())["accepted"]
    passed, failures, failed = findings(report)
    problems = []
    covered = set()
    for entry in accepted:
        check, resources, reason = entry.get("check"), entry.get("resources"), entry.get("reason", "")
        if not check or resources is None or not reason.strip():
            problems.append(f"accepted entry {entry}: needs check, resources and a reason")
            continue
        matching = {finding for finding in failed if finding[0] == check}
        if resources == "all":
            if not matching:
                problems.append(f"stale: {check} (all) no longer fails anywhere; remove the entry")
            covered |= matching
            continue
        for resource in resources:
            if (check, resource) in matching:
                covered.add((check, resource))
            else:
                problems.append(f"stale: {check} on {resource} no longer fails; remove it from the entry")
    for check, resource in sorted(failed - covered):
        problems.append(f"not accepted: {check} fails on {resource}: fix the synthesizer or accept it with a reason")
    print(
        f"checkov: {passed} checks pass and {failures} fail ({len(failed)} distinct findings); "
        f"{len(accepted)} accepted entries; {len(problems)} problems"
    )
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
