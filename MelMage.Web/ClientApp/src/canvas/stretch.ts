import type { Grid } from "../api/visualization";

/** A map resampled onto another grid by bilinear interpolation between cell centres. The API sends Grad-CAM at a
 * quarter of the spectrogram's resolution per axis (it is computed at 1/32 anyway); stretched, it overlays smoothly. */
export function stretchGrid(grid: Grid, rows: number, cols: number): Grid {
  if (grid.rows === rows && grid.cols === cols) return grid;
  const bytes = new Uint8Array(rows * cols);
  const sy = grid.rows / rows;
  const sx = grid.cols / cols;
  for (let r = 0; r < rows; r++) {
    const y = Math.min(grid.rows - 1, Math.max(0, (r + 0.5) * sy - 0.5));
    const y0 = Math.floor(y);
    const y1 = Math.min(grid.rows - 1, y0 + 1);
    const fy = y - y0;
    for (let c = 0; c < cols; c++) {
      const x = Math.min(grid.cols - 1, Math.max(0, (c + 0.5) * sx - 0.5));
      const x0 = Math.floor(x);
      const x1 = Math.min(grid.cols - 1, x0 + 1);
      const fx = x - x0;
      const top = grid.bytes[y0 * grid.cols + x0] * (1 - fx) + grid.bytes[y0 * grid.cols + x1] * fx;
      const bottom = grid.bytes[y1 * grid.cols + x0] * (1 - fx) + grid.bytes[y1 * grid.cols + x1] * fx;
      bytes[r * cols + c] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { shape: [rows, cols], rows, cols, min: grid.min, max: grid.max, bytes };
}
