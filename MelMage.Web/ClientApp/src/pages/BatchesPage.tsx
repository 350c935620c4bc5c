import { BatchRun } from "../components/BatchRun";
import { BatchUpload } from "../components/BatchUpload";
import { navigate } from "../router";

/** Many files at once: upload, watch the progress, read and download the results. The batch id is in the address, so
 * a batch can be reopened later. */
export function BatchesPage({ batchId }: { batchId: string | null }) {
  return (
    <section className="page">
      <h1>Classify many files</h1>
      {batchId ? (
        <BatchRun key={batchId} batchId={batchId} />
      ) : (
        <BatchUpload onAccepted={(id) => navigate(`/batches/${encodeURIComponent(id)}`)} />
      )}
    </section>
  );
}
