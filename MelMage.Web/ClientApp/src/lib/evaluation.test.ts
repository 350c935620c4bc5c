import { describe, expect, it } from "vitest";
import type { ModelEvaluation, ModelResponse } from "../api/types";
import {
  answerRecord,
  answerRecordText,
  confusionText,
  defaultModel,
  headline,
  meanSd,
  rowShares,
  sortedByAccuracy,
  topConfusions,
  untestedText,
} from "./evaluation";

describe("evaluation", () => {
  it("sorts classes best first, ties by label", () => {
    const sorted = sortedByAccuracy([
      { label: "rain", accuracy: 0.8, clips: 40 },
      { label: "dog", accuracy: 0.95, clips: 40 },
      { label: "crow", accuracy: 0.8, clips: 40 },
    ]);
    expect(sorted.map((c) => c.label)).toEqual(["dog", "crow", "rain"]);
  });

  it("lists the largest off-diagonal cells, never the diagonal", () => {
    const labels = ["crow", "rooster", "rain"];
    const confusion = [
      [30, 4, 1],
      [2, 38, 0],
      [0, 0, 40],
    ];
    const top = topConfusions(labels, confusion, 2);
    expect(top).toEqual([
      { truth: "crow", predicted: "rooster", count: 4 },
      { truth: "rooster", predicted: "crow", count: 2 },
    ]);
    expect(confusionText(top[0])).toBe("crow → rooster 4×");
  });

  it("says mean ± sd and how it was measured", () => {
    expect(meanSd(0.905, 0.021)).toBe("90.5 % ± 2.1 %");
    expect(headline({ protocol: "p", mean: 0.9, sd: 0.02, balancedAccuracy: 0.9, folds: 5 })).toBe(
      "90.0 % ± 2.0 % accuracy (5-fold cross-validation)",
    );
    expect(headline(null)).toBe("not evaluated");
    // A cross-validation with only some folds finished says so instead of passing for a whole one.
    expect(headline({ protocol: "p", mean: 0.825, sd: 0, balancedAccuracy: 0.8, folds: 1, foldsPlanned: 5 })).toBe(
      "82.5 % accuracy (1 of 5 cross-validation folds so far)",
    );
    expect(headline({ protocol: "p", mean: 0.85, sd: 0.035, balancedAccuracy: 0.8, folds: 2, foldsPlanned: 5 })).toBe(
      "85.0 % ± 3.5 % accuracy (2 of 5 cross-validation folds so far)",
    );
  });

  it("normalises rows to shares, leaving empty rows at zero", () => {
    expect(rowShares([[3, 1], [0, 0]])).toEqual([[0.75, 0.25], [0, 0]]);
  });

  it("takes the model marked default, else the first", () => {
    const m = (name: string, isDefault: boolean) => ({ name, isDefault }) as ModelResponse;
    expect(defaultModel([m("esc10", false), m("esc50", true)])?.name).toBe("esc50");
    expect(defaultModel([m("esc10", false)])?.name).toBe("esc10");
    expect(defaultModel([])).toBeNull();
  });

  const report = (confusion: number[][], untested: string[] | null = null) =>
    ({ labels: ["crow", "rooster", "washing_machine"], confusion, untested }) as ModelEvaluation;

  it("counts how often an answer of a class was right: its column, not its row", () => {
    // Rows are the truth: 2 crows were heard as roosters, 1 rooster as a crow.
    const r = report([
      [30, 2, 0],
      [1, 38, 0],
      [0, 0, 0],
    ]);
    expect(answerRecord(r, "rooster")).toEqual({ label: "rooster", answered: 40, right: 38 });
    expect(answerRecord(r, "crow")).toEqual({ label: "crow", answered: 31, right: 30 });
    expect(answerRecord(r, "dog")).toBeNull();
    expect(answerRecordText("esc50", answerRecord(r, "rooster")!)).toBe(
      "When esc50 answered “rooster” in its evaluation's test folds, it was right 38 of 40 times (95.0 %).",
    );
    expect(answerRecordText("esc50", answerRecord(r, "washing_machine")!)).toBe(
      "esc50 never answered “washing machine” in its evaluation's test folds.",
    );
    expect(answerRecordText("m", { label: "crow", answered: 1, right: 0 })).toBe(
      "When m answered “crow” in its evaluation's test folds, it was right 0 of 1 time (0.0 %).",
    );
  });

  it("names the classes no fold could test, and says nothing when every class was tested", () => {
    expect(untestedText(report([], ["washing_machine"]))).toBe(
      "Not tested: washing machine. All its clips come from one source recording, and the folds keep each recording " +
        "in one fold, so every fold trained on it and none could test it.",
    );
    expect(untestedText(report([], ["crow", "washing_machine"]))).toMatch(/^Not tested: crow, washing machine\. Each has .* trained on them/);
    expect(untestedText(report([]))).toBeNull();
    expect(untestedText(report([], []))).toBeNull();
  });
});
