import { useMemo, useState } from "react";
import type { BatchResultItem } from "../api/types";
import { percent } from "../lib/format";
import { labelIcon, labelText } from "../lib/labels";
import { sortRows, toggleSort, type Sort, type SortKey } from "../lib/sortRows";
import { Link, navigate } from "../router";

const columns: { key: SortKey; title: string }[] = [
  { key: "file", title: "File" },
  { key: "label", title: "Top label" },
  { key: "confidence", title: "Confidence" },
  { key: "status", title: "Status" },
];

/** Results, sortable by any column; a row opens that clip's full explanation. */
export function BatchTable({ rows }: { rows: BatchResultItem[] }) {
  const [sort, setSort] = useState<Sort>({ key: "file", direction: "asc" });
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  return (
    <table className="results" data-testid="batch-table">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} aria-sort={sort.key === c.key ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}>
              <button type="button" className="link" onClick={() => setSort(toggleSort(sort, c.key))}>
                {c.title} {sort.key === c.key ? (sort.direction === "asc" ? "▲" : "▼") : ""}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => {
          const top = r.top[0];
          return (
            <tr key={r.jobId} className="clickable" onClick={() => navigate(`/jobs/${encodeURIComponent(r.jobId)}`)}>
              <td>
                <Link to={`/jobs/${encodeURIComponent(r.jobId)}`}>{r.fileName}</Link>
              </td>
              <td>
                {top ? `${labelIcon(top.label)} ${labelText(top.label)}` : r.silent ? "🔇 silent" : r.error ? <span className="error-text">{r.error.message}</span> : "…"}
              </td>
              <td className="num">{top ? percent(top.confidence) : ""}</td>
              <td>{r.status}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
