import type { TrainingRun } from "../api/types";

// Issue 3 defines the training-run metrics; until then read any per-epoch list of numbers the API sends.

export type EpochRecord = Record<string, number>;

function asEpochList(value: unknown): EpochRecord[] | null {
  if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== "object" || value[0] === null) return null;
  return value.map((entry, i) => {
    const record: EpochRecord = {};
    for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
      if (typeof v === "number" && Number.isFinite(v)) record[k] = v;
    }
    if (record.epoch === undefined) record.epoch = i + 1;
    return record;
  });
}

/** The run's per-epoch metrics, wherever the API put them: `epochs`, `metrics`, `metrics.epochs` or `metrics.history`. */
export function epochsOf(run: TrainingRun): EpochRecord[] {
  const metrics = typeof run.metrics === "string" ? safeParse(run.metrics) : run.metrics;
  const nested = metrics && typeof metrics === "object" ? (metrics as Record<string, unknown>) : {};
  return asEpochList(run.epochs) ?? asEpochList(metrics) ?? asEpochList(nested.epochs) ?? asEpochList(nested.history) ?? [];
}

/** Metric names split by kind, so losses and accuracies get a chart each. */
export function metricNames(epochs: EpochRecord[]): { losses: string[]; accuracies: string[] } {
  const names = new Set(epochs.flatMap((e) => Object.keys(e)));
  names.delete("epoch");
  const all = [...names].sort();
  return { losses: all.filter((n) => /loss/i.test(n)), accuracies: all.filter((n) => /acc/i.test(n)) };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
