// The jobs this browser submitted, newest first, for the history page when the API does not list jobs itself.

const key = "melmage.recentJobs";
const limit = 50;

export interface RecentJob {
  id: string;
  fileName: string;
  submittedAt: string;
}

export function readRecentJobs(storage: Pick<Storage, "getItem"> = localStorage): RecentJob[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((j): j is RecentJob => typeof j?.id === "string") : [];
  } catch {
    return [];
  }
}

export function rememberJob(job: RecentJob, storage: Pick<Storage, "getItem" | "setItem"> = localStorage): void {
  const rest = readRecentJobs(storage).filter((j) => j.id !== job.id);
  storage.setItem(key, JSON.stringify([job, ...rest].slice(0, limit)));
}
