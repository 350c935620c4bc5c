import type { Grid } from "../api/visualization";

// Maps become RGBA pixels at their own resolution (one pixel per value); the browser scales the canvas. Rows are
// flipped so that row 0 — the lowest frequency — is at the bottom, as spectrograms are read.

/** Strongest the Grad-CAM overlay gets, so the spectrogram stays visible beneath the hottest regions. */
export const overlayOpacity = 0.8;

export function gridToRgba(grid: Grid, table: Uint8ClampedArray): Uint8ClampedArray {
  const { rows, cols, bytes } = grid;
  const out = new Uint8ClampedArray(rows * cols * 4);
  for (let r = 0; r < rows; r++) {
    const src = r * cols;
    const dst = (rows - 1 - r) * cols * 4;
    for (let c = 0; c < cols; c++) {
      const t = bytes[src + c] * 4;
      const o = dst + c * 4;
      out[o] = table[t];
      out[o + 1] = table[t + 1];
      out[o + 2] = table[t + 2];
      out[o + 3] = 255;
    }
  }
  return out;
}

/** The spectrogram in `baseTable` with a heatmap on the same grid blended over it: the heat colour's weight is the
 * heat value itself, so cold regions show the spectrogram untouched. */
export function overlayRgba(base: Grid, baseTable: Uint8ClampedArray, heat: Grid, heatTable: Uint8ClampedArray): Uint8ClampedArray {
  if (heat.rows !== base.rows || heat.cols !== base.cols) {
    throw new Error(`Heatmap ${heat.rows}×${heat.cols} does not match the spectrogram ${base.rows}×${base.cols}`);
  }
  const out = gridToRgba(base, baseTable);
  const { rows, cols } = base;
  for (let r = 0; r < rows; r++) {
    const src = r * cols;
    const dst = (rows - 1 - r) * cols * 4;
    for (let c = 0; c < cols; c++) {
      const h = heat.bytes[src + c];
      const a = (h / 255) * overlayOpacity;
      const t = h * 4;
      const o = dst + c * 4;
      out[o] = out[o] * (1 - a) + heatTable[t] * a;
      out[o + 1] = out[o + 1] * (1 - a) + heatTable[t + 1] * a;
      out[o + 2] = out[o + 2] * (1 - a) + heatTable[t + 2] * a;
    }
  }
  return out;
}

/** Puts pixels of a rows × cols map on a canvas of exactly that size. */
export function putPixels(canvas: HTMLCanvasElement, pixels: Uint8ClampedArray, cols: number, rows: number): void {
  canvas.width = cols;
  canvas.height = rows;
  const context = canvas.getContext("2d");
  if (!context) return;
  context.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, cols, rows), 0, 0);
}

/** Which value of a map lies under a pointer at (x, y) in a box of width × height (row 0 at the bottom). */
export function cellAt(grid: Pick<Grid, "rows" | "cols">, x: number, y: number, width: number, height: number) {
  const col = Math.min(grid.cols - 1, Math.max(0, Math.floor((x / width) * grid.cols)));
  const rowFromTop = Math.min(grid.rows - 1, Math.max(0, Math.floor((y / height) * grid.rows)));
  return { row: grid.rows - 1 - rowFromTop, col };
}
