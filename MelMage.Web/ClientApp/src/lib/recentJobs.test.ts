import { describe, expect, it } from "vitest";
import { readRecentJobs, rememberJob } from "./recentJobs";

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
}

describe("recent jobs", () => {
  it("keeps the newest first without duplicates, at most 50", () => {
    const storage = memoryStorage();
    for (let i = 0; i < 60; i++) rememberJob({ id: `job${i}`, fileName: `f${i}.wav`, submittedAt: "" }, storage);
    rememberJob({ id: "job30", fileName: "again.wav", submittedAt: "" }, storage);
    const jobs = readRecentJobs(storage);
    expect(jobs).toHaveLength(50);
    expect(jobs[0]).toMatchObject({ id: "job30", fileName: "again.wav" });
    expect(jobs[1].id).toBe("job59");
    expect(jobs.filter((j) => j.id === "job30")).toHaveLength(1);
  });

  it("survives garbage in storage", () => {
    const storage = memoryStorage();
    storage.setItem("melmage.recentJobs", "{not json");
    expect(readRecentJobs(storage)).toEqual([]);
  });
});
