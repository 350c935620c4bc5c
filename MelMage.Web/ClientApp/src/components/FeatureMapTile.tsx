import { useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import { valueAt, type FeatureMap } from "../api/visualization";
import { cellAt, gridToRgba, putPixels } from "../canvas/paint";
import { viridis } from "../lib/colorScale";

export function FeatureMapTile({ map }: { map: FeatureMap }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<string | null>(null);
  const { grid } = map;
  const pixels = useMemo(() => gridToRgba(grid, viridis.table), [grid]);

  useEffect(() => {
    if (canvas.current) putPixels(canvas.current, pixels, grid.cols, grid.rows);
  }, [pixels, grid]);

  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const { row, col } = cellAt(grid, e.clientX - rect.left, e.clientY - rect.top, rect.width, rect.height);
    setHover(`(${row}, ${col}) = ${valueAt(grid, row, col).toFixed(3)}`);
  };

  return (
    <figure className="map">
      <canvas ref={canvas} className="pixelated" role="img" aria-label={`feature map ${map.name}`} onMouseMove={onMove} onMouseLeave={() => setHover(null)} />
      <figcaption>
        <strong>{map.name}</strong>{" "}
        <span className="muted small">
          {hover ?? `${map.channels} ch · ${grid.rows}×${grid.cols} · ${grid.min.toFixed(2)}…${grid.max.toFixed(2)}`}
        </span>
      </figcaption>
    </figure>
  );
}
