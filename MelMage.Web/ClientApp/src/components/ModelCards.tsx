import { getModels } from "../api/client";
import { useFetch } from "../hooks/useFetch";
import { dateTime } from "../lib/format";
import { CardValue } from "./CardValue";

/** The models the workers have loaded, with their cards (data, protocol, accuracy) as the model ships them. */
export function ModelCards() {
  const { data, error, loading } = useFetch(getModels);
  return (
    <section className="panel" data-testid="models">
      <header className="panel-head">
        <h3>Installed models</h3>
      </header>
      {loading && <p className="status-line">Loading…</p>}
      {error && <p className="error">{error}</p>}
      {data && data.length === 0 && <p className="empty">No worker has registered a model yet.</p>}
      {data?.map((m) => (
        <article key={m.name} className="card">
          <h4>
            {m.name} · {m.version}{" "}
            <span className="muted small">
              {m.isDefault ? "default · " : ""}
              {m.labels.length} classes · last seen {dateTime(m.lastSeenAt)}
            </span>
          </h4>
          {m.card ? <CardValue value={m.card} /> : <p className="muted">This model has no card.</p>}
        </article>
      ))}
    </section>
  );
}
