import { getModelEvaluation } from "../api/client";
import type { ModelEvaluation, ModelResponse } from "../api/types";
import { useFetch } from "../hooks/useFetch";
import { confusionText, meanSd, topConfusions, untestedText } from "../lib/evaluation";
import { percent } from "../lib/format";
import { ClassAccuracyBars } from "./ClassAccuracyBars";
import { ConfusionHeatmap } from "./ConfusionHeatmap";

/** One installed model and how well it did: protocol, folds, per-class accuracy, confusion matrix, common mistakes. */
export function ModelEvaluationView({ model }: { model: ModelResponse }) {
  return (
    <section className="panel model-eval" data-testid="model-eval" data-model={model.name}>
      <header className="panel-head">
        <h2>
          {model.name} {model.isDefault && <span className="badge">default</span>}{" "}
          <span className="muted small">
            {model.version} · {model.labels.length} classes
          </span>
        </h2>
        {model.evaluation && (
          <p className="headline" data-testid="headline">
            {meanSd(model.evaluation.mean, model.evaluation.sd)}
            {(model.evaluation.foldsPlanned ?? 0) > model.evaluation.folds && (
              <span className="muted small" data-testid="partial">
                {" "}
                ({model.evaluation.folds} of {model.evaluation.foldsPlanned} folds so far)
              </span>
            )}
          </p>
        )}
      </header>
      {model.evaluation ? (
        <Report model={model} />
      ) : (
        <p className="empty" data-testid="not-evaluated">
          This model is not evaluated: it ships no evaluation report, so there is no measured accuracy to show.
        </p>
      )}
    </section>
  );
}

function Report({ model }: { model: ModelResponse }) {
  const { data, error, loading } = useFetch((signal) => getModelEvaluation(model, signal), model.version);
  if (loading) return <p className="status-line">Loading the evaluation…</p>;
  if (error || !data) return <p className="error">{error ?? "No evaluation"}</p>;
  return <ReportBody report={data} />;
}

function ReportBody({ report }: { report: ModelEvaluation }) {
  const confusions = topConfusions(report.labels, report.confusion);
  const untested = untestedText(report);
  return (
    <div className="report">
      <p data-testid="protocol">
        <strong>Protocol.</strong> {report.protocol}
      </p>
      {report.command && (
        <p className="muted small">
          <code>{report.command}</code>
        </p>
      )}
      <div className="report-grid">
        <div>
          <h3>Folds</h3>
          <table className="results folds" data-testid="folds">
            <thead>
              <tr>
                <th>test fold</th>
                <th className="num">accuracy</th>
                <th className="num">clips</th>
              </tr>
            </thead>
            <tbody>
              {report.folds.map((f) => (
                <tr key={f.fold}>
                  <td>fold {f.fold}</td>
                  <td className="num">{percent(f.accuracy)}</td>
                  <td className="num">{f.clips}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>mean ± sd</th>
                <td className="num" data-testid="mean-sd" colSpan={2}>
                  {meanSd(report.mean, report.sd)}
                </td>
              </tr>
              {report.balancedAccuracy != null && (
                <tr>
                  <th>balanced accuracy</th>
                  <td className="num" colSpan={2}>
                    {percent(report.balancedAccuracy)}
                  </td>
                </tr>
              )}
              {report.groups?.map((g) => (
                <tr key={g.name} data-testid="group">
                  <th>{g.name}</th>
                  <td className="num">{percent(g.accuracy)}</td>
                  <td className="num muted">{g.clips != null && `${Math.round(g.accuracy * g.clips)} / ${g.clips}`}</td>
                </tr>
              ))}
            </tfoot>
          </table>
          <h3>Most common confusions</h3>
          {confusions.length === 0 ? (
            <p className="empty">None: every test clip was answered right.</p>
          ) : (
            <ol className="confusions" data-testid="top-confusions">
              {confusions.map((c) => (
                <li key={`${c.truth}>${c.predicted}`}>{confusionText(c)}</li>
              ))}
            </ol>
          )}
        </div>
        <div>
          <h3>Confusion matrix</h3>
          <ConfusionHeatmap labels={report.labels} confusion={report.confusion} />
        </div>
      </div>
      <h3>Accuracy per class</h3>
      <ClassAccuracyBars perClass={report.perClass} />
      {untested && (
        <p className="muted small" data-testid="untested">
          {untested}
        </p>
      )}
    </div>
  );
}
