// The confusion matrix as a heatmap: one pixel per cell (the browser scales the canvas), row 0 at the top as a
// matrix is read, coloured by the share of the true class's clips that landed in the cell.

/** RGBA pixels of an n × n matrix of shares in [0, 1], through a 256-entry RGBA colour table. */
export function confusionRgba(shares: number[][], table: Uint8ClampedArray): Uint8ClampedArray {
  const n = shares.length;
  const out = new Uint8ClampedArray(n * n * 4);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const t = Math.round(Math.min(1, Math.max(0, shares[r][c] ?? 0)) * 255) * 4;
      const o = (r * n + c) * 4;
      out[o] = table[t];
      out[o + 1] = table[t + 1];
      out[o + 2] = table[t + 2];
      out[o + 3] = 255;
    }
  }
  return out;
}

/** The cell under a pointer at (x, y) in a box of width × height showing an n × n matrix (row 0 at the top). */
export function matrixCellAt(n: number, x: number, y: number, width: number, height: number): { row: number; col: number } {
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
  return { row: clamp((y / height) * n), col: clamp((x / width) * n) };
}
