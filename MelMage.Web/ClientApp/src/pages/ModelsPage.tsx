import { getModels } from "../api/client";
import { ModelEvaluationView } from "../components/ModelEvaluationView";
import { useFetch } from "../hooks/useFetch";

/** Every installed model with its evaluation, so a person can see how far to trust each. */
export function ModelsPage() {
  const { data, error, loading } = useFetch(getModels);
  return (
    <section className="page" data-testid="models-page">
      <h1>Models and how well they do</h1>
      {loading && <p className="status-line">Loading…</p>}
      {error && <p className="error">{error}</p>}
      {data && data.length === 0 && <p className="empty">No worker has installed a model yet.</p>}
      {data?.map((m) => <ModelEvaluationView key={m.name} model={m} />)}
    </section>
  );
}
