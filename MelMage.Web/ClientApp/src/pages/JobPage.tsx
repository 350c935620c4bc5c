import { JobView } from "../components/JobView";

/** A job opened from a batch or the history: the full explanation, without the audio (the API does not serve it). */
export function JobPage({ jobId }: { jobId: string }) {
  return (
    <section className="page">
      <JobView jobId={jobId} audioUrl={null} fileName={null} />
    </section>
  );
}
