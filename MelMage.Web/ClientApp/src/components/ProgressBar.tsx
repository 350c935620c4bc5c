import type { BatchResponse } from "../api/types";
import { percent } from "../lib/format";

export function ProgressBar({ batch }: { batch: BatchResponse }) {
  const progress = Math.max(0, Math.min(1, batch.progress));
  return (
    <div className="progress-wrap">
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)} data-testid="batch-progress">
        <div className="progress-fill" style={{ width: `${progress * 100}%` }} />
        <span className="progress-text">{percent(progress, 0)}</span>
      </div>
      <p className="muted small">
        {batch.succeeded} done · {batch.failed} failed · {batch.processing} processing · {batch.queued} queued — of {batch.total}
      </p>
    </div>
  );
}
