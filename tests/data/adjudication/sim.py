import json
import sys
from pathlib import Path

from verdicts import load

lang = sys.argv[1]
priv, out = load(lang, by="q")
rows = [
    json.loads(line)
    for line in Path(f"/tmp/cv_{lang}.jsonl").read_text(encoding="utf-8").splitlines()
]


def curve(rows, newlab):
    for src in ["real", "written"]:
        ins = [r for r in rows if r["source"] == src and r["accepted"]]
        res = []
        for t in [0.95, 0.94, 0.93, 0.92, 0.9, 0.88, 0.85, 0.8]:
            n = len(ins)
            right = wrong = 0
            for r in ins:
                acc = set(r["accepted"])
                if newlab and r["q"] in priv and priv[r["q"]]["key"] in out:
                    o = out[priv[r["q"]]["key"]]
                    acc = set(o["acceptable"]) | ({o["other"]} if o.get("other") else set())
                    if not acc:
                        n -= 1
                        continue
                if r["p_right"] >= t:
                    if r["top"] in acc:
                        right += 1
                    else:
                        wrong += 1
            res.append(f"{t}:{right / n:.1%}/{wrong / n:.2%}")
        print(src, "new" if newlab else "old", " ".join(res))


curve(rows, False)
curve(rows, True)
