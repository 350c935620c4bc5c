import { getModels } from "../api/client";
import { JobView } from "../components/JobView";
import { useFetch } from "../hooks/useFetch";

/** A job opened from a batch or the history: the full explanation, without the audio (the API does not serve it). */
export function JobPage({ jobId }: { jobId: string }) {
  // The installed models, so the answer says how far its model is to be trusted.
  const models = useFetch(getModels);
  return (
    <section className="page">
      <JobView jobId={jobId} audioUrl={null} fileName={null} models={models.data ?? []} />
    </section>
  );
}
