import { getJob, listRecentJobs } from "../api/client";
import type { JobResponse } from "../api/types";
import { useFetch } from "../hooks/useFetch";
import { dateTime, percent } from "../lib/format";
import { labelIcon, labelText } from "../lib/labels";
import { readRecentJobs } from "../lib/recentJobs";
import { Link, navigate } from "../router";

interface Recent {
  jobs: JobResponse[];
  /** Whether the list came from the API (the jobs sent with this browser's client token) or from what the browser
   * remembers itself. */
  fromApi: boolean;
}

async function loadRecent(signal: AbortSignal): Promise<Recent> {
  const listed = await listRecentJobs(50, signal);
  if (listed) return { jobs: listed, fromApi: true };
  const mine = readRecentJobs();
  const settled = await Promise.allSettled(mine.map((j) => getJob(j.id, signal)));
  const jobs = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  return { jobs, fromApi: false };
}

export function RecentJobs() {
  const { data, error, loading } = useFetch(loadRecent);
  return (
    <section className="panel">
      <header className="panel-head">
        <h3>Recent jobs</h3>
        <span className="muted small">sent from this browser</span>
      </header>
      {loading && <p className="status-line">Loading…</p>}
      {error && <p className="error">{error}</p>}
      {data && data.jobs.length === 0 && <p className="empty">No jobs yet — classify a sound and it appears here.</p>}
      {data && data.jobs.length > 0 && (
        <table className="results" data-testid="recent-jobs">
          <thead>
            <tr>
              <th>When</th>
              <th>File</th>
              <th>Answer</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {data.jobs.map((j) => {
              const top = j.result?.top[0];
              return (
                <tr key={j.id} className="clickable" onClick={() => navigate(`/jobs/${encodeURIComponent(j.id)}`)}>
                  <td>{dateTime(j.createdAt)}</td>
                  <td>
                    <Link to={`/jobs/${encodeURIComponent(j.id)}`}>{j.fileName ?? j.id}</Link>
                  </td>
                  <td>
                    {top ? `${labelIcon(top.label)} ${labelText(top.label)} ${percent(top.confidence)}` : j.result?.silent ? "🔇 silent" : (j.error?.message ?? "")}
                  </td>
                  <td>{j.status}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
