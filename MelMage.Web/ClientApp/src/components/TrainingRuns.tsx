import { useState } from "react";
import { ApiError } from "../api/ApiError";
import { getTrainingRuns } from "../api/client";
import type { TrainingRun } from "../api/types";
import { useFetch } from "../hooks/useFetch";
import { dateTime } from "../lib/format";
import { forgetOperatorKey, readOperatorKey } from "../lib/operatorKey";
import { epochsOf, metricNames } from "../lib/trainingMetrics";
import { EpochChart } from "./EpochChart";
import { OperatorKeyForm } from "./OperatorKeyForm";

type Loaded = { runs: TrainingRun[] } | { refused: string };

/** Training runs are an operator view: refused without the operator key, they ask for it. */
async function load(signal: AbortSignal): Promise<Loaded> {
  try {
    return { runs: await getTrainingRuns(signal) };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return { refused: e.detail ?? e.title };
    throw e;
  }
}

export function TrainingRuns() {
  const [attempt, setAttempt] = useState(0);
  const { data, error, loading } = useFetch(load, String(attempt));
  const runs = data && "runs" in data ? data.runs : null;
  return (
    <section className="panel" data-testid="training-runs">
      <header className="panel-head">
        <h3>Training runs</h3>
        {readOperatorKey() && (
          <button
            className="link"
            onClick={() => {
              forgetOperatorKey();
              setAttempt((a) => a + 1);
            }}
          >
            forget operator key
          </button>
        )}
      </header>
      {loading && <p className="status-line">Loading…</p>}
      {error && <p className="error">{error}</p>}
      {data && "refused" in data && (
        <OperatorKeyForm reason={`Training runs are for operators. ${data.refused}`} onSaved={() => setAttempt((a) => a + 1)} />
      )}
      {runs && runs.length === 0 && (
        <p className="empty">No training runs recorded yet. When the API lists them, each appears here with its loss and accuracy per epoch.</p>
      )}
      {runs?.map((run) => {
        const epochs = epochsOf(run);
        const { losses, accuracies } = metricNames(epochs);
        return (
          <article key={run.id} className="card">
            <h4>
              {run.modelVersion ?? run.id} <span className="muted small">{run.status} · {dateTime(run.finishedAt ?? run.startedAt ?? run.createdAt)}</span>
            </h4>
            {run.error && <p className="error">{run.error}</p>}
            {epochs.length === 0 ? (
              <p className="muted">No per-epoch metrics recorded.</p>
            ) : (
              <div className="charts">
                {losses.length > 0 && <EpochChart title="Loss" epochs={epochs} names={losses} format={(v) => v.toFixed(2)} />}
                {accuracies.length > 0 && <EpochChart title="Accuracy" epochs={epochs} names={accuracies} format={(v) => `${(v <= 1 ? v * 100 : v).toFixed(0)}%`} />}
              </div>
            )}
          </article>
        );
      })}
    </section>
  );
}
