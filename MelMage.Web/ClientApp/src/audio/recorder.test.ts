import { describe, expect, it } from "vitest";
import { concatChunks, measureLevel } from "./recorder";

describe("recorder helpers", () => {
  it("measures RMS and peak of a chunk", () => {
    const level = measureLevel(Float32Array.from([0.5, -0.5, 0.5, -1]));
    expect(level.peak).toBe(1);
    expect(level.rms).toBeCloseTo(Math.sqrt((0.25 * 3 + 1) / 4), 6);
    expect(measureLevel(new Float32Array(0))).toEqual({ rms: 0, peak: 0 });
  });

  it("joins chunks in order", () => {
    expect(Array.from(concatChunks([Float32Array.from([1, 2]), Float32Array.from([3])]))).toEqual([1, 2, 3]);
  });
});
