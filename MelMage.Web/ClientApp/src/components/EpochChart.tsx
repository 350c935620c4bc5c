import { useEffect, useRef } from "react";
import { drawLineChart, type Series } from "../canvas/drawLineChart";
import { useElementWidth } from "../hooks/useElementWidth";
import type { EpochRecord } from "../lib/trainingMetrics";

const palette = ["#7fb4ff", "#ffb454", "#7ee787", "#ff7b9c"];

export function EpochChart({ title, epochs, names, format }: { title: string; epochs: EpochRecord[]; names: string[]; format: (v: number) => string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(canvas);
  useEffect(() => {
    if (!canvas.current || width === 0) return;
    const series: Series[] = names.map((name, i) => ({
      name,
      color: palette[i % palette.length],
      points: epochs.filter((e) => e[name] !== undefined).map((e) => ({ x: e.epoch, y: e[name] })),
    }));
    drawLineChart(canvas.current, series, format);
  }, [epochs, names, format, width]);
  return (
    <figure className="chart">
      <figcaption>
        <strong>{title}</strong>{" "}
        {names.map((n, i) => (
          <span key={n} className="legend" style={{ color: palette[i % palette.length] }}>
            ■ {n}
          </span>
        ))}
      </figcaption>
      <canvas ref={canvas} />
    </figure>
  );
}
