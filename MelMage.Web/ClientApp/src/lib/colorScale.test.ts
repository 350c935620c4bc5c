import { describe, expect, it } from "vitest";
import { buildScale, cssColor, grey, heat, magma, viridis } from "./colorScale";

const rgb = (table: Uint8ClampedArray, i: number) => [table[i * 4], table[i * 4 + 1], table[i * 4 + 2], table[i * 4 + 3]];
const luminance = (table: Uint8ClampedArray, i: number) => 0.2126 * table[i * 4] + 0.7152 * table[i * 4 + 1] + 0.0722 * table[i * 4 + 2];

describe("colour scales", () => {
  it("hit the first and last anchors exactly and are opaque", () => {
    const s = buildScale("t", [[10, 20, 30], [200, 100, 0]]);
    expect(rgb(s.table, 0)).toEqual([10, 20, 30, 255]);
    expect(rgb(s.table, 255)).toEqual([200, 100, 0, 255]);
  });

  it("interpolate linearly between anchors", () => {
    expect(rgb(grey.table, 128)).toEqual([128, 128, 128, 255]);
  });

  it("get brighter from low to high, so larger values read as brighter", () => {
    for (const scale of [magma, viridis, heat, grey]) {
      expect(luminance(scale.table, 255)).toBeGreaterThan(luminance(scale.table, 128));
      expect(luminance(scale.table, 128)).toBeGreaterThan(luminance(scale.table, 0));
    }
  });

  it("need two anchors", () => {
    expect(() => buildScale("x", [[0, 0, 0]])).toThrow();
  });
});

describe("cssColor", () => {
  it("prints the table entry", () => {
    expect(cssColor(grey, 255)).toBe("rgb(255, 255, 255)");
    expect(cssColor(grey, 300)).toBe("rgb(255, 255, 255)");
  });
});
