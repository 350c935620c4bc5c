import { describe, expect, it } from "vitest";
import { magma } from "../lib/colorScale";
import { confusionRgba, matrixCellAt } from "./drawConfusion";

describe("drawConfusion", () => {
  it("colours each cell by its share, row 0 on top", () => {
    const pixels = confusionRgba([[1, 0], [0.5, 0.5]], magma.table);
    expect(Array.from(pixels.slice(0, 4))).toEqual(Array.from(magma.table.slice(255 * 4, 256 * 4)));
    expect(Array.from(pixels.slice(4, 8))).toEqual(Array.from(magma.table.slice(0, 4)));
    expect(pixels[2 * 4 * 2 - 1]).toBe(255);
  });

  it("finds the cell under the pointer, clamped to the matrix", () => {
    expect(matrixCellAt(10, 0, 0, 200, 200)).toEqual({ row: 0, col: 0 });
    expect(matrixCellAt(10, 35, 199, 200, 200)).toEqual({ row: 9, col: 1 });
    expect(matrixCellAt(10, 250, -5, 200, 200)).toEqual({ row: 0, col: 9 });
  });
});
