import type { ModelResponse } from "../api/types";
import { deleteJob } from "../api/client";
import { useJob } from "../hooks/useJob";
import { navigate } from "../router";
import { DeleteButton } from "./DeleteButton";
import { ErrorBoundary } from "./ErrorBoundary";
import { JobProgress } from "./JobProgress";
import { ResultView } from "./ResultView";

/** One job from upload to explanation: its state while it waits, its error in words, or its answer. */
export function JobView({
  jobId,
  audioUrl,
  fileName,
  models = [],
}: {
  jobId: string;
  audioUrl: string | null;
  fileName: string | null;
  /** The installed models, so the answer can say how far its model is to be trusted. */
  models?: ModelResponse[];
}) {
  const { job, visualization, error, visualizationError } = useJob(jobId);
  const name = job?.fileName ?? fileName ?? jobId;
  return (
    <div className="job" data-testid="job" data-status={job?.status ?? "unknown"}>
      <h2 className="job-title">
        {name} <span className="muted small">job {jobId}</span>
      </h2>
      {job && <DeleteButton what="this job" onDelete={() => deleteJob(jobId)} onDeleted={() => navigate("/history")} />}
      <JobProgress status={job?.status ?? null} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {job?.status === "failed" && (
        <p className="error" role="alert">
          The clip could not be classified: {job.error?.message ?? "no reason was given"}
          {job.error?.code ? <span className="muted"> ({job.error.code})</span> : null}
        </p>
      )}
      {job?.status === "succeeded" && job.result && (
        <ErrorBoundary>
          <ResultView
            result={job.result}
            visualization={visualization}
            visualizationError={visualizationError}
            audioUrl={audioUrl}
            model={models.find((m) => m.name === (job.result?.model ?? job.model)) ?? null}
          />
        </ErrorBoundary>
      )}
    </div>
  );
}
