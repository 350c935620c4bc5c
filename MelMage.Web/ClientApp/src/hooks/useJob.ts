import { useEffect, useState } from "react";
import { getJob, getVisualization } from "../api/client";
import type { JobResponse } from "../api/types";
import type { Visualization } from "../api/visualization";
import { errorText } from "../lib/format";
import { pollUntil } from "../lib/polling";

export interface JobState {
  job: JobResponse | null;
  visualization: Visualization | null;
  /** Why the job or its drawings could not be fetched (a failed job carries its own reason in job.error). */
  error: string | null;
  visualizationError: string | null;
}

/** Performance marks: fetching, decoding and drawing a full answer is measured as "melmage:answer-drawn". */
export const visualizationRequested = "melmage:visualization-requested";
export const answerDrawn = "melmage:answer-drawn";

const isFinished = (job: JobResponse) => job.status === "succeeded" || job.status === "failed";

/** Follows a job until it finishes, then fetches what the page draws for it. */
export function useJob(jobId: string | null): JobState {
  const [state, setState] = useState<JobState>({ job: null, visualization: null, error: null, visualizationError: null });

  useEffect(() => {
    setState({ job: null, visualization: null, error: null, visualizationError: null });
    if (!jobId) return;
    const abort = new AbortController();
    const run = async () => {
      try {
        const job = await pollUntil((signal) => getJob(jobId, signal), isFinished, {
          signal: abort.signal,
          onUpdate: (j) => setState((s) => ({ ...s, job: j })),
        });
        // A silent recording has nothing to draw: the answer says it is silent.
        if (job.status !== "succeeded" || job.result?.silent) return;
        try {
          performance.mark(visualizationRequested);
          const visualization = await getVisualization(jobId, abort.signal);
          setState((s) => ({ ...s, visualization }));
        } catch (e) {
          if (!abort.signal.aborted) setState((s) => ({ ...s, visualizationError: errorText(e) }));
        }
      } catch (e) {
        if (!abort.signal.aborted) setState((s) => ({ ...s, error: errorText(e) }));
      }
    };
    void run();
    return () => abort.abort();
  }, [jobId]);

  return state;
}
