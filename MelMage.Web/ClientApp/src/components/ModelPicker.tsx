import type { ModelResponse } from "../api/types";
import { headline } from "../lib/evaluation";

/** Which installed model classifies the next upload; each option says how well it did in evaluation. */
export function ModelPicker({
  models,
  value,
  onChange,
  disabled,
}: {
  models: ModelResponse[];
  value: string | null;
  onChange: (name: string) => void;
  disabled?: boolean;
}) {
  const chosen = models.find((m) => m.name === value) ?? null;
  return (
    <div className="model-picker">
      <label>
        Model{" "}
        <select data-testid="model-picker" value={value ?? ""} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
          {models.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name} — {m.labels.length} classes{m.isDefault ? " (default)" : ""}
            </option>
          ))}
        </select>
      </label>{" "}
      {chosen && (
        <span className="muted small" data-testid="picker-headline">
          {headline(chosen.evaluation)}
        </span>
      )}
    </div>
  );
}
