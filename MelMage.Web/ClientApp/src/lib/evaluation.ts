import type { EvaluationSummary, ModelEvaluation, ModelResponse } from "../api/types";
import { labelText } from "./labels";

// What the models view and the classify page say about a model's evaluation report.

export interface Confusion {
  truth: string;
  predicted: string;
  count: number;
}

/** Classes by accuracy, best first; ties by label, so the order is stable. */
export function sortedByAccuracy(perClass: ModelEvaluation["perClass"]): ModelEvaluation["perClass"] {
  return [...perClass].sort((a, b) => b.accuracy - a.accuracy || a.label.localeCompare(b.label));
}

/** The largest off-diagonal cells of the confusion matrix: what the model mistakes for what, most often first. */
export function topConfusions(labels: string[], confusion: number[][], limit = 8): Confusion[] {
  const cells: Confusion[] = [];
  confusion.forEach((row, r) =>
    row.forEach((count, c) => {
      if (r !== c && count > 0) cells.push({ truth: labels[r], predicted: labels[c], count });
    }),
  );
  cells.sort((a, b) => b.count - a.count || a.truth.localeCompare(b.truth) || a.predicted.localeCompare(b.predicted));
  return cells.slice(0, limit);
}

/** "crow → rooster 4×" */
export function confusionText(c: Confusion): string {
  return `${labelText(c.truth)} → ${labelText(c.predicted)} ${c.count}×`;
}

/** "90.0 % ± 2.0 %" */
export function meanSd(mean: number, sd: number): string {
  return `${(mean * 100).toFixed(1)} % ± ${(sd * 100).toFixed(1)} %`;
}

/** What a person should read next to an answer: how often this model is right, and how that was measured. */
export function headline(summary: EvaluationSummary | null): string {
  if (!summary) return "not evaluated";
  const planned = summary.foldsPlanned ?? 0;
  if (planned > summary.folds) {
    // A cross-validation still being run fold by fold: say how much of it stands behind the number.
    const value = summary.folds > 1 ? meanSd(summary.mean, summary.sd) : `${(summary.mean * 100).toFixed(1)} %`;
    return `${value} accuracy (${summary.folds} of ${planned} cross-validation folds so far)`;
  }
  const how = summary.folds > 1 ? `${summary.folds}-fold cross-validation` : "held-out test";
  return `${meanSd(summary.mean, summary.sd)} accuracy (${how})`;
}

/** The model a request without a choice gets: the one marked default, else the first listed. */
export function defaultModel(models: ModelResponse[]): ModelResponse | null {
  return models.find((m) => m.isDefault) ?? models[0] ?? null;
}

/** Each row's share of its true class (0 for an empty row), for colouring cells by how a class's clips were spread. */
export function rowShares(confusion: number[][]): number[][] {
  return confusion.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (total > 0 ? v / total : 0));
  });
}

/** How often an answer of `label` was right in the report's test folds: the confusion matrix's column for it. */
export interface AnswerRecord {
  label: string;
  /** Test clips the model answered with `label`. */
  answered: number;
  /** Of those, the clips that were `label`. */
  right: number;
}

/** The report's record for answers of `label`; null when the report has no such class. */
export function answerRecord(report: ModelEvaluation, label: string): AnswerRecord | null {
  const i = report.labels.indexOf(label);
  if (i < 0) return null;
  const answered = report.confusion.reduce((sum, row) => sum + (row[i] ?? 0), 0);
  return { label, answered, right: report.confusion[i]?.[i] ?? 0 };
}

/** "When esc50 answered “dog” in its evaluation's test folds, it was right 33 of 39 times (84.6 %)." */
export function answerRecordText(model: string, record: AnswerRecord): string {
  const said = `“${labelText(record.label)}”`;
  if (record.answered === 0) return `${model} never answered ${said} in its evaluation's test folds.`;
  const share = ((record.right / record.answered) * 100).toFixed(1);
  const times = record.answered === 1 ? "time" : "times";
  return `When ${model} answered ${said} in its evaluation's test folds, it was right ${record.right} of ${record.answered} ${times} (${share} %).`;
}

/** "washing machine" for a report's untested classes; null when every class was tested. */
export function untestedText(report: ModelEvaluation): string | null {
  const untested = report.untested ?? [];
  if (untested.length === 0) return null;
  const names = untested.map(labelText).join(", ");
  const [whose, them] = untested.length === 1 ? ["All its clips come", "it"] : ["Each has all its clips", "them"];
  return (
    `Not tested: ${names}. ${whose} from one source recording, and the folds keep each recording in one fold, ` +
    `so every fold trained on ${them} and none could test ${them}.`
  );
}
