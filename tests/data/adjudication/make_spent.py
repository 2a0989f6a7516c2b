"""Round 1's selection for spent held-out sets that join the rows (heldout41-43): they were never
in the fit, so the shipped fit's own answers are out of sample (no cross-validation needed).
Every in-scope disagreement at confidence >= 0.8 and 6% of the agreements at 0.8-0.95."""

import json
import random
import sys
from pathlib import Path

from verdicts import write_kb

from bot.faq.answer import answer
from bot.faq.index import get_index

lang = sys.argv[1]
sets = sys.argv[2:]
out = Path("/work/adjudicate") / f"{lang}s"
out.mkdir(exist_ok=True)
write_kb(out, lang)
index = get_index(lang)
rng = random.Random(20261207)
items = []
for n in sets:
    fn = f"/work/main/tests/data/faq_heldout{n}_{lang}.jsonl"
    for k, line in enumerate(Path(fn).read_text(encoding="utf-8").splitlines(), 1):
        r = json.loads(line)
        if not (r.get("in_scope") and r.get("expect")):
            continue
        a = answer(r["q"], index)
        ranked = [x.id for x in (a.entry, a.runner_up) if x] + [x.id for x in a.suggestions]
        if not ranked:
            continue
        accepted = [r["expect"], *(r.get("also") or [])]
        top, p = ranked[0], a.confidence
        wrong = top not in accepted
        if (wrong and p >= 0.8) or (not wrong and 0.8 <= p < 0.95 and rng.random() < 0.06):
            cands = sorted(set(accepted) | set(ranked[:3]))
            rng.shuffle(cands)
            items.append(
                {
                    "q": r["q"],
                    "candidates": cands,
                    "_where": [[fn, k]],
                    "_accepted": accepted,
                    "_top": top,
                    "_p": round(p, 4),
                    "_source": r.get("source", "written"),
                }
            )
rng.shuffle(items)
with (
    (out / "private.jsonl").open("w", encoding="utf-8") as f,
    (out / "batch1.jsonl").open("w", encoding="utf-8") as b,
):
    for i, it in enumerate(items, 1):
        it = {"key": f"{lang}s-{i:03d}", **it}
        f.write(json.dumps(it, ensure_ascii=False) + "\n")
        b.write(
            json.dumps({k: v for k, v in it.items() if not k.startswith("_")}, ensure_ascii=False)
            + "\n"
        )
print(len(items), sum(it["_top"] not in it["_accepted"] for it in items), "disagreements")
