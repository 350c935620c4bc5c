import { getTrainingRuns } from "../api/client";
import { useFetch } from "../hooks/useFetch";
import { dateTime } from "../lib/format";
import { epochsOf, metricNames } from "../lib/trainingMetrics";
import { EpochChart } from "./EpochChart";

export function TrainingRuns() {
  const { data, error, loading } = useFetch(getTrainingRuns);
  return (
    <section className="panel" data-testid="training-runs">
      <header className="panel-head">
        <h3>Training runs</h3>
      </header>
      {loading && <p className="status-line">Loading…</p>}
      {error && <p className="error">{error}</p>}
      {data && data.length === 0 && (
        <p className="empty">No training runs recorded yet. When the API lists them, each appears here with its loss and accuracy per epoch.</p>
      )}
      {data?.map((run) => {
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
