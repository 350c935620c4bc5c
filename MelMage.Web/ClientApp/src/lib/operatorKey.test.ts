import { describe, expect, it } from "vitest";
import { forgetOperatorKey, readOperatorKey, saveOperatorKey } from "./operatorKey";

function memory(): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

describe("operatorKey", () => {
  it("is absent until saved, trimmed when saved, gone when forgotten", () => {
    const storage = memory();
    expect(readOperatorKey(storage)).toBeNull();
    saveOperatorKey("  abc123  ", storage);
    expect(readOperatorKey(storage)).toBe("abc123");
    forgetOperatorKey(storage);
    expect(readOperatorKey(storage)).toBeNull();
  });

  it("saving blank removes a stored key", () => {
    const storage = memory();
    saveOperatorKey("abc", storage);
    saveOperatorKey("   ", storage);
    expect(readOperatorKey(storage)).toBeNull();
  });
});
