"""Blind adjudication batches: rows where the CV top-1 disagrees with the label (+ controls)."""

import glob
import json
import random
import sys
from pathlib import Path

from verdicts import write_kb

lang = sys.argv[1]
# Round 2 (argv[3] == "2"): the refit's dump after round 1; rows round 1 judged are left out;
# every disagreement at p_right >= 0.45 and 4% of the agreements at 0.45 <= p_right < 0.95.
ROUND = sys.argv[3] if len(sys.argv) > 3 else "1"
suffix = "" if ROUND == "1" else ROUND
dump = f"/tmp/cv_{lang}{suffix}.jsonl"
out = Path("/work/adjudicate") / f"{lang}{suffix}"
done: set[str] = set()
if ROUND != "1":
    first = Path("/work/adjudicate") / lang / "private.jsonl"
    done = {json.loads(x)["q"] for x in first.read_text(encoding="utf-8").splitlines()}
out.mkdir(exist_ok=True)
write_kb(out, lang)
# where each question lives
files = sorted(glob.glob(f"/work/main/tests/data/faq_*_{lang}.jsonl"))
if lang == "en":
    files += [
        "/work/main/tests/data/faq_tuning_real.jsonl",
        "/work/main/tests/data/faq_heldout_real.jsonl",
        "/work/main/tests/data/faq_heldout_real2.jsonl",
        *sorted(glob.glob("/work/main/tests/data/faq_eval_*.jsonl")),
    ]
else:
    files += ["/work/main/tests/data/faq_heldout_fr.jsonl"]
where = {}
for fn in files:
    for n, line in enumerate(Path(fn).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            r = json.loads(line)
            where.setdefault(r["q"], []).append((fn, n))
rows = [json.loads(line) for line in Path(dump).read_text(encoding="utf-8").splitlines()]
rng = random.Random(20261207)
pick = []
for r in rows:
    if not r["accepted"] or r["source"] == "probe" or r["q"] in done:
        continue
    wrong = r["top"] not in r["accepted"]
    if ROUND != "1":
        if (wrong and r["p_right"] >= 0.45) or (
            not wrong and 0.45 <= r["p_right"] < 0.95 and rng.random() < 0.04
        ):
            pick.append(r)
    elif r["source"] == "real":
        if wrong or rng.random() < 0.25:
            pick.append(r)
    elif (wrong and r["p_right"] >= 0.8) or (
        not wrong and 0.8 <= r["p_right"] < 0.95 and rng.random() < 0.06
    ):
        pick.append(r)
rng.shuffle(pick)
items = []
for k, r in enumerate(pick, 1):
    cands = sorted(set(r["accepted"]) | set(r["top3"]))
    rng.shuffle(cands)
    items.append(
        {
            "key": f"{lang}{suffix}-{k:03d}",
            "q": r["q"],
            "candidates": cands,
            "_where": where.get(r["q"]),
            "_accepted": r["accepted"],
            "_top": r["top"],
            "_p": r["p_right"],
            "_source": r["source"],
        }
    )
nb = int(sys.argv[2])
with open(out / "private.jsonl", "w") as f:
    for it in items:
        f.write(json.dumps(it, ensure_ascii=False) + "\n")
for b in range(nb):
    with open(out / f"batch{b + 1}.jsonl", "w") as f:
        for it in items[b::nb]:
            f.write(
                json.dumps(
                    {k: v for k, v in it.items() if not k.startswith("_")}, ensure_ascii=False
                )
                + "\n"
            )
print(
    len(items),
    sum(1 for it in items if it["_top"] not in it["_accepted"]),
    "disagreements;",
    sum(1 for it in items if not it["_where"]),
    "unmapped",
)
