// This browser's opaque client token: made up once, kept in localStorage, sent with every request (X-Client-Token).
// The API stores only its hash on the jobs and batches sent with it, and lists a browser's history by it. It is not
// a password: anyone who knows a job's id can read or delete that job.

const key = "melmage.clientToken";

export const clientTokenHeader = "X-Client-Token";

export function clientToken(
  storage: Pick<Storage, "getItem" | "setItem"> = localStorage,
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const existing = storage.getItem(key);
  if (existing && /^[0-9a-f]{32,128}$/.test(existing)) return existing;
  const token = Array.from(random(new Uint8Array(24)), (b) => b.toString(16).padStart(2, "0")).join("");
  storage.setItem(key, token);
  return token;
}
