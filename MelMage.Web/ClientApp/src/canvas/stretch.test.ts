import { describe, expect, it } from "vitest";
import type { Grid } from "../api/visualization";
import { stretchGrid } from "./stretch";

const grid = (rows: number, cols: number, bytes: number[]): Grid => ({ rows, cols, shape: [rows, cols], min: 0, max: 1, bytes: Uint8Array.from(bytes) });

describe("stretchGrid", () => {
  it("returns a grid already of the target size unchanged", () => {
    const g = grid(1, 2, [0, 255]);
    expect(stretchGrid(g, 1, 2)).toBe(g);
  });

  it("keeps the value range and fills the target shape", () => {
    const s = stretchGrid(grid(2, 2, [0, 100, 200, 255]), 8, 8);
    expect(s.shape).toEqual([8, 8]);
    expect(s.bytes.length).toBe(64);
    expect(s.min).toBe(0);
    expect(s.max).toBe(1);
  });

  it("holds the edge values and interpolates linearly between cell centres", () => {
    // 1 × 2 → 1 × 8: target centres map to source x = -0.375, -0.125, 0.125, …, 1.375.
    const s = stretchGrid(grid(1, 2, [0, 200]), 1, 8);
    expect(Array.from(s.bytes)).toEqual([0, 0, 25, 75, 125, 175, 200, 200]);
  });

  it("maps the API's 32 × 108 heatmap onto the 128 × 431 spectrogram", () => {
    const bytes = Array.from({ length: 32 * 108 }, (_, i) => (i % 108 === 50 && Math.floor(i / 108) === 10 ? 255 : 0));
    const s = stretchGrid(grid(32, 108, bytes), 128, 431);
    expect(s.rows).toBe(128);
    expect(s.cols).toBe(431);
    // The hot source cell (row 10, col 50) lands around row 41.5, column 200.
    let best = 0;
    for (let i = 1; i < s.bytes.length; i++) if (s.bytes[i] > s.bytes[best]) best = i;
    expect(Math.abs(Math.floor(best / 431) - 41.5)).toBeLessThanOrEqual(2);
    expect(Math.abs((best % 431) - 200)).toBeLessThanOrEqual(3);
  });
});
