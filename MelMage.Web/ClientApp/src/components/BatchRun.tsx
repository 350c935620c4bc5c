import { useEffect, useState } from "react";
import { batchCsvUrl, deleteBatch, getBatch, getBatchResults } from "../api/client";
import type { BatchResponse, BatchResultItem } from "../api/types";
import { errorText } from "../lib/format";
import { pollUntil } from "../lib/polling";
import { csvFileName } from "../lib/sortRows";
import { Link, navigate } from "../router";
import { BatchTable } from "./BatchTable";
import { DeleteButton } from "./DeleteButton";
import { ProgressBar } from "./ProgressBar";

const isDone = (b: BatchResponse) => b.succeeded + b.failed >= b.total;
/** How often the results table is refreshed while results arrive; the counts are polled more often. */
const resultsRefreshMs = 1500;

export function BatchRun({ batchId }: { batchId: string }) {
  const [batch, setBatch] = useState<BatchResponse | null>(null);
  const [rows, setRows] = useState<BatchResultItem[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    let fetchedAt = 0;
    let finishedSeen = -1;
    /** Fetches the rows when more jobs have finished since the last fetch, at most every resultsRefreshMs. */
    const refresh = async (b: BatchResponse) => {
      const finished = b.succeeded + b.failed;
      if (finished === finishedSeen || Date.now() - fetchedAt < resultsRefreshMs) return;
      fetchedAt = Date.now();
      const fetched = await getBatchResults(batchId, abort.signal);
      finishedSeen = finished;
      setRows(fetched);
    };
    const run = async () => {
      try {
        await pollUntil((s) => getBatch(batchId, s), isDone, {
          signal: abort.signal,
          backoff: { initialMs: 400, factor: 1.4, maxMs: 2500 },
          onUpdate: (b) => {
            setBatch(b);
            // A missed intermediate refresh only delays the table; the final one below reports its errors.
            if (!isDone(b)) void refresh(b).catch(() => undefined);
          },
        });
        setRows(await getBatchResults(batchId, abort.signal));
      } catch (e) {
        if (!abort.signal.aborted) setError(errorText(e));
      }
    };
    void run();
    return () => abort.abort();
  }, [batchId]);

  const done = batch ? isDone(batch) : false;
  return (
    <div className="batch-run" data-testid="batch-run" data-done={done}>
      <p>
        <Link to="/batches">← another batch</Link> <span className="muted small">batch {batchId}</span>
      </p>
      {batch && <ProgressBar batch={batch} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p>
          <a className="button primary" href={batchCsvUrl(batchId)} download={csvFileName(batchId, new Date())} data-testid="csv">
            ⬇ Download CSV
          </a>{" "}
          <DeleteButton what="this batch" onDelete={() => deleteBatch(batchId)} onDeleted={() => navigate("/batches")} />
        </p>
      )}
      {rows.length > 0 && <BatchTable rows={rows} />}
    </div>
  );
}
