export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

export interface ChartBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi >= lo)) return [0, 1];
  if (hi === lo) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/** Per-epoch curves with light axes; every series shares the y range, so draw losses and accuracies apart. */
export function drawLineChart(canvas: HTMLCanvasElement, series: Series[], yLabel: (v: number) => string): void {
  const context = canvas.getContext("2d");
  if (!context) return;
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  const box: ChartBox = { left: 48, right: width - 8, top: 8, bottom: height - 22 };
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return;
  const [x0, x1] = extent(all.map((p) => p.x));
  const [y0, y1] = extent(all.map((p) => p.y));
  const sx = (x: number) => box.left + ((x - x0) / (x1 - x0)) * (box.right - box.left);
  const sy = (y: number) => box.bottom - ((y - y0) / (y1 - y0)) * (box.bottom - box.top);

  context.strokeStyle = "#3a4150";
  context.fillStyle = "#9aa3b2";
  context.font = "11px system-ui, sans-serif";
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(box.left, box.top);
  context.lineTo(box.left, box.bottom);
  context.lineTo(box.right, box.bottom);
  context.stroke();
  context.textAlign = "right";
  for (const y of [y0, (y0 + y1) / 2, y1]) context.fillText(yLabel(y), box.left - 4, sy(y) + 4);
  context.textAlign = "center";
  context.fillText(`epoch ${Math.round(x0)}`, box.left + 24, height - 6);
  context.fillText(`${Math.round(x1)}`, box.right - 8, height - 6);

  context.lineWidth = 1.5;
  for (const s of series) {
    context.strokeStyle = s.color;
    context.beginPath();
    s.points.forEach((p, i) => (i === 0 ? context.moveTo(sx(p.x), sy(p.y)) : context.lineTo(sx(p.x), sy(p.y))));
    context.stroke();
  }
}
