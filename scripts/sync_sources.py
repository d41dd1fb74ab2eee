"""Regenerate a treaty's source-key registry from a sourced reference record.

Usage: python scripts/sync_sources.py RECORD.md OUT.yaml [--prefix N] [--extra EXTRA.yaml]

The record's source list (its "Sources" section) has lines like
``- S44 https://... — "title" (publisher, date)`` or ``- N1 Title https://...``, sometimes
several keys on one line separated by `` ; ``. Each key becomes an entry with its URLs and its
description. ``--prefix`` keeps only keys starting with it (one record may serve several
treaties); ``--extra`` adds hand-kept keys (same shape) for facts the record does not hold;
``--keep`` keeps the keys of an existing registry that the record does not hold (sourced later).

Each key evidencing one case gets ``case:`` (legal and institutional keys get none), so that
a test can hold treaty steps to legal and institutional sources. Where the source list has
headings (``### Kazakhstan 2022`` … ``### Legal and institutional``) they say it; otherwise a
key cited in the record's procedure rules (its first ``## `` section) is institutional, and one
cited only further on is filed under the first case (table row or ``###`` section) citing it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

KEY = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9.\-]*(?: \d+)?) (?P<rest>https?://.*)$")
TITLED = re.compile(r"^(?P<key>[A-Z]+\d+[a-z]?) (?P<title>(?!https?://)[^=].*?) (?P<urls>https?://.*)$")
URL = re.compile(r"https?://\S+")


def parse(record: str) -> dict[str, dict]:
    sources: dict[str, dict] = {}
    in_list = False
    for line in record.splitlines():
        if line.startswith("## ") and "Sources" in line:
            in_list = True
            continue
        if not in_list or not line.startswith("- "):
            continue
        for part in re.split(r" ?; (?=[A-Z][A-Za-z0-9.\-]* https?://)", line[2:]):
            match = KEY.match(part.strip())
            if not match:
                titled = TITLED.match(part.strip())
                if titled:
                    urls = URL.findall(titled["urls"])
                    sources[titled["key"]] = {"title": titled["title"].strip(), "urls": urls}
                continue
            rest = match["rest"]
            title = ""
            if " — " in rest:
                rest, title = rest.split(" — ", 1)
            urls = URL.findall(rest)
            title = title.strip() or re.sub(URL, "", rest).strip(" ;,()") or urls[0]
            sources[match["key"]] = {"title": title, "urls": urls}
    return sources


INSTITUTIONAL = re.compile(r"legal|institution", re.IGNORECASE)
CITED = re.compile(r"\[([^\]]+)\]")


def cases_of(record: str, keys: list[str]) -> dict[str, str]:
    """key -> the case it evidences (keys not listed are legal or institutional)."""
    lines = record.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("## ") and "Sources" in line), len(lines))
    headed, heading = {}, None
    for line in lines[start:]:
        if line.startswith("### "):
            heading = line[4:].strip()
        elif line.startswith("- ") and heading is not None:
            for key in keys:
                if re.match(rf"- {re.escape(key)} |.*; {re.escape(key)} ", line):
                    headed[key] = heading
    if headed:
        return {k: h for k, h in headed.items() if not INSTITUTIONAL.search(h)}
    rules, filed, section, case = set(), {}, 0, None
    for line in lines[:start]:
        if line.startswith("## "):
            section += 1
            case = None
        if line.startswith("### "):
            case = line[4:].strip()
        cited = {k.strip() for group in CITED.findall(line) for k in re.split(r"[,;]", group)}
        if section <= 1:
            rules |= cited
            continue
        row = re.match(r"\| *([A-Z][A-Za-z0-9]*-\d+[a-z]?) *\|", line)  # a case's row id, e.g. A4-2
        where = f"{row[1]} ({case})" if row else case
        for key in cited:
            filed.setdefault(key, where)
    return {k: filed[k] for k in keys if k in filed and k not in rules and filed[k]}


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("record")
    parser.add_argument("out")
    parser.add_argument("--prefix", default="")
    parser.add_argument("--extra")
    parser.add_argument("--keep", action="store_true", help="keep OUT's keys that the record does not hold")
    args = parser.parse_args(argv[1:])
    record = Path(args.record).read_text(encoding="utf-8")
    sources = {k: v for k, v in parse(record).items() if k.startswith(args.prefix)}
    for key, case in cases_of(record, list(sources)).items():
        sources[key]["case"] = case
    if args.keep and Path(args.out).exists():
        kept = yaml.safe_load(Path(args.out).read_text(encoding="utf-8")) or {}
        sources.update({k: v for k, v in kept.items() if k not in sources})
    if args.extra:
        sources.update(yaml.safe_load(Path(args.extra).read_text(encoding="utf-8")))
    header = (
        f"# Source keys from {Path(args.record).name}"
        f"{' and ' + Path(args.extra).name if args.extra else ''}"
        f"{', and keys sourced since (kept with --keep)' if args.keep else ''} "
        "(generated by scripts/sync_sources.py; edit only the keys the record does not hold).\n"
    )
    body = yaml.safe_dump(sources, allow_unicode=True, sort_keys=False, width=200)
    Path(args.out).write_text(header + body, encoding="utf-8")
    print(f"{len(sources)} source keys written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
