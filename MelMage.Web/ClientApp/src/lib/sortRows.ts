import type { BatchResultItem } from "../api/types";

export type SortKey = "file" | "label" | "confidence" | "status";
export type SortDirection = "asc" | "desc";

export interface Sort {
  key: SortKey;
  direction: SortDirection;
}

function topOf(row: BatchResultItem) {
  return row.top.length > 0 ? row.top[0] : null;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function compare(a: BatchResultItem, b: BatchResultItem, key: SortKey): number {
  switch (key) {
    case "file":
      return collator.compare(a.fileName, b.fileName);
    case "label":
      return collator.compare(topOf(a)?.label ?? "\uffff", topOf(b)?.label ?? "\uffff");
    case "confidence":
      return (topOf(a)?.confidence ?? -1) - (topOf(b)?.confidence ?? -1);
    case "status":
      return collator.compare(a.status, b.status);
  }
}

/** A sorted copy; ties keep file-name order so the table does not shuffle as results arrive. */
export function sortRows(rows: readonly BatchResultItem[], sort: Sort): BatchResultItem[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b, sort.key) || collator.compare(a.fileName, b.fileName));
}

/** Clicking the sorted column flips it; another column starts with the order people expect of it. */
export function toggleSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: key === "confidence" ? "desc" : "asc" };
}

export function csvFileName(batchId: string, when: Date): string {
  const stamp = when.toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return `melmage-batch-${batchId.slice(0, 8)}-${stamp}.csv`;
}
