/** A model card is free-form JSON: nested objects become definition lists, everything else is printed as is. */
export function CardValue({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">–</span>;
  if (Array.isArray(value)) {
    return value.every((v) => typeof v !== "object" || v === null) ? <span>{value.join(", ")}</span> : <pre>{JSON.stringify(value, null, 2)}</pre>;
  }
  if (typeof value === "object") {
    return (
      <dl className="card-fields">
        {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>
              <CardValue value={v} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span>{String(value)}</span>;
}
