#!/usr/bin/env python3
"""Compares finished cross-validations clip by clip, from the run.json files their folds leave under runs/.

    eng/compare-runs.py runs/A [runs/B ...]      (python3's standard library only; run from the repository root)

For each run: every fold's hits answered once and (in brackets) with the test-time shifts, the totals, the mean and
sample sd of the fold accuracies, the class-balanced accuracy (mean of per-class recalls), ESC-10's classes and the
others apart, and what the shifts did: how many answers they changed, how many they turned from wrong to right and
from right to wrong, and the two-sided sign test of those two counts (p: how likely a split at least this lopsided is
if each changed answer were a coin toss), and the same pooled over all the runs given. Runs over the same classes
that kept their softmaxes (since 2026-12-05) are also averaged into one ensemble, as if served together. For the second and later runs: how many clips they answer as the first run
does, and the per-class differences in hits. docs/training.md and docs/models.md quote these numbers; the service and
the tests never run this script.
"""
import csv
import glob
import json
import math
import os
import statistics
import sys

ESC10 = {"dog", "rooster", "rain", "sea_waves", "crackling_fire", "crying_baby", "sneezing", "clock_tick",
         "helicopter", "chainsaw"}


def sign_test(a, b):
    n, k = a + b, min(a, b)
    if n == 0:
        return 1.0
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n)


def categories(data):
    """ESC-50's target number -> category name, from the metadata of the folder a run trained on."""
    with open(os.path.join(data, "meta", "esc50.csv"), newline="") as f:
        return {int(row["target"]): row["category"] for row in csv.DictReader(f)}


def load(run):
    """Fold tuples (fold, hits once, hits with shifts, clips) and clip -> (true, once, with shifts) as category names."""
    folds, answers = [], {}
    for path in sorted(glob.glob(os.path.join(run, "fold*", "run.json"))):
        doc = json.load(open(path))
        names = categories(doc["options"]["dataDirectory"])
        # A class subset numbers its classes 0..K-1 in ESC-50's order; the true class is also the file name's suffix.
        subset = sorted({int(p["fileName"].rsplit("-", 1)[1].split(".")[0]) for p in doc["testPredictions"]})
        label = (lambda i: names[subset[i]]) if doc["options"].get("classes") else (lambda i: names[i])
        preds = [{**p, "target": label(p["target"]), "predicted": label(p["predicted"]),
                  "predictedWithShifts": label(p.get("predictedWithShifts", p["predicted"]))}
                 for p in doc["testPredictions"]]
        shifted = [p.get("predictedWithShifts", p["predicted"]) for p in preds]
        folds.append((doc["options"]["testFold"],
                      sum(p["target"] == p["predicted"] for p in preds),
                      sum(p["target"] == s for p, s in zip(preds, shifted)),
                      len(preds)))
        for p, s in zip(preds, shifted):
            answers[p["fileName"]] = (p["target"], p["predicted"], s)
    return folds, answers


def summary(answers, which):
    per = {}
    for target, *said in answers.values():
        hits, n = per.get(target, (0, 0))
        per[target] = (hits + (said[which] == target), n + 1)
    esc10 = [v for c, v in per.items() if c in ESC10]
    other = [v for c, v in per.items() if c not in ESC10]
    return per, statistics.mean(h / n for h, n in per.values()), esc10, other


def main(runs):
    first, pooled = None, [0, 0, 0]
    for run in runs:
        folds, answers = load(run)
        if not folds:
            print(f"{run}: no finished folds")
            continue
        print(f"== {run}: " + ", ".join(f"fold {f} {a}/{n} ({b})" for f, a, b, n in folds))
        for which, what in ((0, "answered once"), (1, "with shifts")):
            per, balanced, esc10, other = summary(answers, which)
            accs = [(f[1 + which]) / f[3] for f in folds]
            sd = statistics.stdev(accs) if len(accs) > 1 else 0.0
            line = (f"  {what:14s} {sum(h for h, _ in per.values())}/{len(answers)}  "
                    f"mean {100 * statistics.mean(accs):.1f} % ± {100 * sd:.1f} %  class-balanced {100 * balanced:.1f} %")
            if esc10 and other:
                line += (f"  ESC-10's classes {sum(h for h, _ in esc10)}/{sum(n for _, n in esc10)}"
                         f"  others {sum(h for h, _ in other)}/{sum(n for _, n in other)}"
                         f" (at zero: {sum(1 for h, _ in other if h == 0)} of {len(other)})")
            print(line)
        changed = sum(once != shifted for _, once, shifted in answers.values())
        gained = sum(shifted == t != once for t, once, shifted in answers.values())
        lost = sum(once == t != shifted for t, once, shifted in answers.values())
        print(f"  shifts changed {changed} answers: wrong -> right {gained}, right -> wrong {lost}, "
              f"net {gained - lost:+d}, sign test p = {sign_test(gained, lost):.2f}")
        pooled = [pooled[0] + changed, pooled[1] + gained, pooled[2] + lost]
        if first is None:
            first = (run, answers)
            continue
        base_run, base = first
        common = sorted(set(base) & set(answers))
        agree = sum(base[k][1] == answers[k][1] for k in common)
        print(f"  answers as {base_run} does: {agree}/{len(common)}")
        a, *_ = summary({k: base[k] for k in common}, 0)
        b, *_ = summary({k: answers[k] for k in common}, 0)
        diffs = sorted(((b[c][0] - a[c][0], c) for c in a if b[c][0] != a[c][0]), key=lambda d: (-d[0], d[1]))
        if diffs:
            print("  hits per class against it: " + ", ".join(f"{n} {d:+d}" for d, n in diffs))
    if len(runs) > 1:
        ensemble(runs)
        changed, gained, lost = pooled
        print(f"== all {len(runs)} runs: shifts changed {changed} answers: wrong -> right {gained}, right -> wrong {lost}, "
              f"net {gained - lost:+d}, sign test p = {sign_test(gained, lost):.2g}")


def ensemble(runs):
    """The runs' softmaxes averaged per clip (runs since 2026-12-05 keep them): what serving them together would answer."""
    for key, what in (("probabilities", "answered once"), ("probabilitiesWithShifts", "with shifts")):
        summed, targets, count = {}, {}, {}
        for run in runs:
            seen = {}
            for path in glob.glob(os.path.join(run, "fold*", "run.json")):
                for p in json.load(open(path))["testPredictions"]:
                    if key in p:
                        seen[p["fileName"]] = p
            if not seen:
                return
            for name, p in seen.items():
                previous = summed.get(name)
                summed[name] = p[key] if previous is None else [x + y for x, y in zip(previous, p[key])]
                targets[name] = p["target"]
                count[name] = count.get(name, 0) + 1
        if len({len(v) for v in summed.values()}) != 1:
            return  # runs over different class sets do not average
        common = [n for n in summed if count[n] == len(runs)]
        per = {}
        for name in common:
            scores = summed[name]
            hits, n = per.get(targets[name], (0, 0))
            per[targets[name]] = (hits + (max(range(len(scores)), key=scores.__getitem__) == targets[name]), n + 1)
        print(f"== the {len(runs)} runs as one ensemble, {what}: {sum(h for h, _ in per.values())}/{len(common)}, "
              f"class-balanced {100 * statistics.mean(h / n for h, n in per.values()):.1f} %")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
