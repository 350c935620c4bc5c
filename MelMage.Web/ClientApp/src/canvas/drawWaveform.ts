/** Draws min/max envelopes (one pair per bucket, in [-1, 1]) as one vertical stroke per pixel column. */
export function drawWaveform(canvas: HTMLCanvasElement, min: Float32Array, max: Float32Array, color: string): void {
  const context = canvas.getContext("2d");
  if (!context) return;
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const mid = height / 2;
  context.fillStyle = color;
  const n = min.length;
  for (let x = 0; x < width; x++) {
    const from = Math.floor((x * n) / width);
    const to = Math.max(from + 1, Math.floor(((x + 1) * n) / width));
    let lo = 1;
    let hi = -1;
    for (let i = from; i < to && i < n; i++) {
      if (min[i] < lo) lo = min[i];
      if (max[i] > hi) hi = max[i];
    }
    if (hi < lo) continue;
    const top = mid - hi * mid;
    const bottom = mid - lo * mid;
    context.fillRect(x, top, 1, Math.max(1, bottom - top));
  }
}
