import type { LabelConfidence } from "../api/types";
import { percent } from "../lib/format";
import { labelIcon, labelText } from "../lib/labels";

export function TopPredictions({ top }: { top: LabelConfidence[] }) {
  return (
    <ol className="top3" data-testid="top3">
      {top.map((p, i) => (
        <li key={p.label} className={i === 0 ? "first" : undefined}>
          <span className="icon" aria-hidden>
            {labelIcon(p.label)}
          </span>
          <span className="label">{labelText(p.label)}</span>
          <span className="bar" aria-hidden>
            <span style={{ width: `${Math.max(0.5, p.confidence * 100)}%` }} />
          </span>
          <span className="value">{percent(p.confidence)}</span>
        </li>
      ))}
    </ol>
  );
}
