import { describe, expect, it } from "vitest";
import { ApiError } from "../api/ApiError";
import { backoffDelay, isTransient, pollUntil, type Backoff } from "./polling";

const backoff: Backoff = { initialMs: 100, factor: 2, maxMs: 500 };

/** Records the delays instead of waiting them. */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

function sequence<T>(values: (T | Error)[]) {
  let i = 0;
  return async () => {
    const v = values[Math.min(i++, values.length - 1)];
    if (v instanceof Error) throw v;
    return v;
  };
}

describe("backoffDelay", () => {
  it("grows geometrically up to the cap", () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(backoff, a))).toEqual([100, 200, 400, 500, 500]);
  });
});

describe("pollUntil", () => {
  it("stops at the first finished answer and reports every answer", async () => {
    const { delays, sleep } = recordingSleep();
    const seen: string[] = [];
    const result = await pollUntil(sequence(["queued", "queued", "processing", "succeeded"]), (s) => s === "succeeded", {
      backoff,
      sleep,
      onUpdate: (s) => seen.push(s),
    });
    expect(result).toBe("succeeded");
    expect(seen).toEqual(["queued", "queued", "processing", "succeeded"]);
    // Backs off while nothing changes; a change (queued → processing) restarts the quick polls.
    expect(delays).toEqual([100, 200, 100]);
  });

  it("keeps backing off up to the cap while nothing changes", async () => {
    const { delays, sleep } = recordingSleep();
    await pollUntil(sequence([1, 1, 1, 1, 1, 1, 2]), (v) => v === 2, { backoff, sleep });
    expect(delays).toEqual([100, 200, 400, 500, 500, 500]);
  });

  it("retries transient failures and gives up after too many in a row", async () => {
    const { sleep } = recordingSleep();
    const down = new ApiError(503, "unavailable", null);
    await expect(pollUntil(sequence([down, down, "done"]), (v) => v === "done", { backoff, sleep, maxTransientFailures: 2 })).resolves.toBe("done");
    await expect(pollUntil(sequence([down, down, down, "done"]), (v) => v === "done", { backoff, sleep, maxTransientFailures: 2 })).rejects.toBe(down);
  });

  it("fails at once on an error the client caused", async () => {
    const { sleep } = recordingSleep();
    const missing = new ApiError(404, "Unknown job", "There is no job with id x.");
    await expect(pollUntil(sequence([missing]), () => true, { backoff, sleep })).rejects.toBe(missing);
  });

  it("stops when aborted", async () => {
    const abort = new AbortController();
    const polled = pollUntil(async () => "queued", () => false, { backoff: { initialMs: 10_000, factor: 1, maxMs: 10_000 }, signal: abort.signal });
    abort.abort(new Error("left the page"));
    await expect(polled).rejects.toThrow("left the page");
  });
});

describe("isTransient", () => {
  it("treats network and gateway errors as transient, client errors not", () => {
    expect(isTransient(new ApiError(0, "offline", null))).toBe(true);
    expect(isTransient(new ApiError(502, "bad gateway", null))).toBe(true);
    expect(isTransient(new ApiError(400, "bad", null))).toBe(false);
    expect(isTransient(new Error("x"))).toBe(false);
  });
});
