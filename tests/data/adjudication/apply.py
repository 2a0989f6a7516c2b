"""Write the blind adjudication's verdicts into the rows' files (label_review records it)."""

import json
import sys
from collections import defaultdict
from pathlib import Path

from verdicts import load

lang = sys.argv[1]
priv, out = load(lang)
assert set(out) == set(priv), (len(out), len(priv))
by_file = defaultdict(dict)
for k, o in out.items():
    for fn, n in priv[k]["_where"]:
        by_file[fn][n] = o


def _join(r, new):
    return (r["label_review"] + " | " + new) if r.get("label_review") else new


changed = unchanged = uncovered = 0
NOTE = "blind adjudication 2026-12-07 (candidates: old label + CV top-3, shuffled; docs/faq.md)"
for fn, lines in by_file.items():
    text = Path(fn).read_text(encoding="utf-8").splitlines()
    for n, o in lines.items():
        r = json.loads(text[n - 1])
        old = [r.get("expect"), *(r.get("also") or [])]
        best = o["best"] or o.get("other")
        acc = list(dict.fromkeys([x for x in [best, *o["acceptable"], o.get("other")] if x]))
        if not best:
            r["label_before"] = {"expect": r.get("expect"), "also": r.get("also") or []}
            r["expect"] = None
            r["also"] = []
            r["uncovered"] = True
            r["label_review"] = _join(r, f"{NOTE}: no candidate answers it ({o.get('note', '')})")
            uncovered += 1
        elif set(acc) == set(x for x in old if x) and acc[0] == r.get("expect"):
            unchanged += 1
            continue
        else:
            r["label_before"] = {"expect": r.get("expect"), "also": r.get("also") or []}
            r["expect"] = acc[0]
            r["also"] = acc[1:]
            r["label_review"] = _join(r, NOTE + (f": {o['note']}" if o.get("note") else ""))
            changed += 1
        text[n - 1] = json.dumps(r, ensure_ascii=False)
    Path(fn).write_text("\n".join(text) + "\n", encoding="utf-8")
print("changed", changed, "unchanged", unchanged, "uncovered", uncovered)
