import { describe, expect, it } from "vitest";
import { clientToken } from "./clientToken";

const random = (bytes: Uint8Array) => bytes.map(() => Math.floor(Math.random() * 256));

function memory(): Pick<Storage, "getItem" | "setItem"> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe("clientToken", () => {
  it("makes a 48-hex-digit token once and keeps it", () => {
    const storage = memory();
    const first = clientToken(storage, random);
    expect(first).toMatch(/^[0-9a-f]{48}$/);
    expect(clientToken(storage, random)).toBe(first);
  });

  it("differs between browsers", () => {
    expect(clientToken(memory(), random)).not.toBe(clientToken(memory(), random));
  });

  it("replaces a stored value that is not a token", () => {
    const storage = memory();
    storage.setItem("melmage.clientToken", "x");
    expect(clientToken(storage, random)).toMatch(/^[0-9a-f]{48}$/);
  });
});
