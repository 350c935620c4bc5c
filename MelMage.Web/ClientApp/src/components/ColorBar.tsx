import type { ColorScale } from "../lib/colorScale";
import { cssColor } from "../lib/colorScale";

/** The colour scale as a vertical bar with its value range, so colours can be read as numbers. */
export function ColorBar({ scale, min, max, unit }: { scale: ColorScale; min: number; max: number; unit: string }) {
  const stops = Array.from({ length: 9 }, (_, i) => `${cssColor(scale, (i / 8) * 255)} ${(i / 8) * 100}%`);
  const fmt = (v: number) => (Math.abs(max - min) >= 10 ? v.toFixed(0) : v.toFixed(2));
  return (
    <div className="colorbar" aria-label={`colour scale ${fmt(min)} to ${fmt(max)} ${unit}`}>
      <span className="muted small">{fmt(max)}</span>
      <div className="colorbar-strip" style={{ background: `linear-gradient(to top, ${stops.join(", ")})` }} />
      <span className="muted small">{fmt(min)}</span>
      <span className="muted small">{unit}</span>
    </div>
  );
}
