import { describe, expect, it } from "vitest";
import type { Grid } from "../api/visualization";
import { grey } from "../lib/colorScale";
import { cellAt, gridToRgba, overlayOpacity, overlayRgba } from "./paint";

const grid = (rows: number, cols: number, bytes: number[]): Grid => ({ rows, cols, shape: [rows, cols], min: 0, max: 1, bytes: Uint8Array.from(bytes) });

describe("gridToRgba", () => {
  it("puts row 0 (the lowest band) at the bottom of the picture", () => {
    const pixels = gridToRgba(grid(2, 2, [0, 0, 255, 255]), grey.table);
    // First pixel row of the image is grid row 1 (white), the last is grid row 0 (black).
    expect(Array.from(pixels.slice(0, 4))).toEqual([255, 255, 255, 255]);
    expect(Array.from(pixels.slice(8, 12))).toEqual([0, 0, 0, 255]);
  });
});

describe("overlayRgba", () => {
  it("leaves the base untouched where the heat is zero and blends towards the heat colour where it is high", () => {
    const base = grid(1, 2, [128, 128]);
    const heatTable = new Uint8ClampedArray(256 * 4).fill(0);
    heatTable.set([255, 0, 0, 255], 255 * 4);
    const pixels = overlayRgba(base, grey.table, grid(1, 2, [0, 255]), heatTable);
    expect(Array.from(pixels.slice(0, 3))).toEqual([128, 128, 128]);
    expect(pixels[4]).toBe(Math.round(128 * (1 - overlayOpacity) + 255 * overlayOpacity));
    expect(pixels[5]).toBe(Math.round(128 * (1 - overlayOpacity)));
  });

  it("refuses a heatmap on another grid", () => {
    expect(() => overlayRgba(grid(1, 2, [0, 0]), grey.table, grid(2, 1, [0, 0]), grey.table)).toThrow(/does not match/);
  });
});

describe("cellAt", () => {
  it("maps the top-left corner to the highest row and clamps at the edges", () => {
    const g = { rows: 128, cols: 431 };
    expect(cellAt(g, 0, 0, 862, 256)).toEqual({ row: 127, col: 0 });
    expect(cellAt(g, 861.9, 255.9, 862, 256)).toEqual({ row: 0, col: 430 });
    expect(cellAt(g, 2000, -5, 862, 256)).toEqual({ row: 127, col: 430 });
  });
});
