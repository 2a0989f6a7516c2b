import sys
from collections import Counter

from verdicts import load

lang = sys.argv[1]
priv, out = load(lang)
print(len(out), "judged of", len(priv))
c: Counter[tuple[str, str]] = Counter()
for k, o in out.items():
    p = priv[k]
    dis = p["_top"] not in p["_accepted"]
    kind = ("dis" if dis else "ctl") + "-" + ("real" if p["_source"] == "real" else "wr")
    acc = set(o["acceptable"])
    old = set(p["_accepted"])
    c[kind, "n"] += 1
    c[kind, "old label acceptable"] += bool(acc & old)
    c[kind, "top acceptable"] += p["_top"] in acc
    c[kind, "best==top"] += o["best"] == p["_top"]
    c[kind, "best in old"] += o["best"] in old
    c[kind, "none"] += o["best"] is None
for kind in sorted({k for k, _ in c}):
    print(kind, {m: c[kind, m] for (k, m) in c if k == kind})
