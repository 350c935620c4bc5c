import type { JobStatus } from "../api/types";

const steps: { status: JobStatus | "uploaded"; label: string }[] = [
  { status: "uploaded", label: "Uploaded" },
  { status: "queued", label: "Queued" },
  { status: "processing", label: "Processing" },
  { status: "succeeded", label: "Done" },
];

const order: Record<JobStatus, number> = { queued: 1, processing: 2, succeeded: 3, failed: 3 };

/** queued → processing → done, with the current step pulsing while the page polls. */
export function JobProgress({ status }: { status: JobStatus | null }) {
  const reached = status ? order[status] : 0;
  return (
    <ol className="steps" aria-label="job progress" data-testid="job-progress">
      {steps.map((s, i) => {
        const failed = status === "failed" && i === 3;
        const state = failed ? "failed" : i < reached || (i === reached && status === "succeeded") ? "done" : i === reached ? "current" : "todo";
        return (
          <li key={s.status} className={`step ${state}`}>
            {failed ? "Failed" : s.label}
          </li>
        );
      })}
    </ol>
  );
}
