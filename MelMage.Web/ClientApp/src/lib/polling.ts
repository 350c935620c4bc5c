import { ApiError } from "../api/ApiError";

// Polling with exponential backoff: quick at first (most clips finish in a second or two), then slower so a long
// queue is not hammered.

export interface Backoff {
  initialMs: number;
  factor: number;
  maxMs: number;
}

export const jobBackoff: Backoff = { initialMs: 250, factor: 1.6, maxMs: 3000 };

/** The delay after `attempt` polls (0-based). */
export function backoffDelay(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * Math.pow(backoff.factor, attempt));
}

/** Errors worth another try: the network or a proxy/API that is momentarily down. */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504);
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export interface PollOptions<T> {
  backoff?: Backoff;
  signal?: AbortSignal;
  /** Consecutive transient failures tolerated before giving up. */
  maxTransientFailures?: number;
  onUpdate?: (value: T) => void;
  sleep?: Sleep;
}

/** Calls `fetchOnce` until `isDone` says so, reporting every answer; the delay grows only while nothing changes. */
export async function pollUntil<T>(
  fetchOnce: (signal?: AbortSignal) => Promise<T>,
  isDone: (value: T) => boolean,
  options: PollOptions<T> = {},
): Promise<T> {
  const backoff = options.backoff ?? jobBackoff;
  const wait = options.sleep ?? sleep;
  const maxFailures = options.maxTransientFailures ?? 5;
  let attempt = 0;
  let failures = 0;
  let last: string | undefined;
  for (;;) {
    let value: T | undefined;
    try {
      value = await fetchOnce(options.signal);
      failures = 0;
    } catch (error) {
      if (!isTransient(error) || ++failures > maxFailures) throw error;
    }
    if (value !== undefined) {
      options.onUpdate?.(value);
      if (isDone(value)) return value;
      const now = JSON.stringify(value);
      // A change (queued → processing, or a batch's count moving) restarts the quick polls.
      if (now !== last) attempt = 0;
      last = now;
    }
    await wait(backoffDelay(backoff, attempt++), options.signal);
  }
}
