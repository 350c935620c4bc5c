import type { ModelEvaluation } from "../api/types";
import { sortedByAccuracy } from "../lib/evaluation";
import { percent } from "../lib/format";
import { labelIcon, labelText } from "../lib/labels";

/** Accuracy of every class over all test folds, best first, with its clip count: 2 / 6 is not 33 / 99. */
export function ClassAccuracyBars({ perClass }: { perClass: ModelEvaluation["perClass"] }) {
  return (
    <ol className="class-bars" data-testid="class-bars">
      {sortedByAccuracy(perClass).map((c) => (
        <li key={c.label} data-accuracy={c.accuracy}>
          <span className="icon" aria-hidden>
            {labelIcon(c.label)}
          </span>
          <span className="label">{labelText(c.label)}</span>
          <span className="bar" aria-hidden>
            <span style={{ width: `${Math.max(0.5, c.accuracy * 100)}%` }} />
          </span>
          <span className="value">{percent(c.accuracy)}</span>
          <span className="count muted" title="test clips of this class answered right, of all its test clips">
            {Math.round(c.accuracy * c.clips)} / {c.clips}
          </span>
        </li>
      ))}
    </ol>
  );
}
