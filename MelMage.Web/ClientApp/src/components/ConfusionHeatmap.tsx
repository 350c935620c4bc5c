import { useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import { confusionRgba, matrixCellAt } from "../canvas/drawConfusion";
import { putPixels } from "../canvas/paint";
import { magma } from "../lib/colorScale";
import { rowShares } from "../lib/evaluation";
import { percent } from "../lib/format";
import { labelText } from "../lib/labels";

interface Hover {
  row: number;
  col: number;
  x: number;
  y: number;
}

/** The confusion matrix on a canvas, one pixel per cell, coloured by the share of each true class; hovering a cell
 * says which true class went to which prediction, and how many clips. */
export function ConfusionHeatmap({ labels, confusion }: { labels: string[]; confusion: number[][] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const n = labels.length;
  const shares = useMemo(() => rowShares(confusion), [confusion]);
  // Square-root shares: the diagonal would otherwise outshine every mistake, and mistakes are what one looks for.
  const pixels = useMemo(() => confusionRgba(shares.map((row) => row.map(Math.sqrt)), magma.table), [shares]);

  useEffect(() => {
    if (canvas.current) putPixels(canvas.current, pixels, n, n);
  }, [pixels, n]);

  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    setHover({ ...matrixCellAt(n, x, y, rect.width, rect.height), x, y });
  };

  const text = (h: Hover) => {
    const count = confusion[h.row]?.[h.col] ?? 0;
    const kind = h.row === h.col ? "right" : "confused";
    return `${labelText(labels[h.row])} → ${labelText(labels[h.col])}: ${count} clip${count === 1 ? "" : "s"} (${percent(shares[h.row][h.col])} of ${labelText(labels[h.row])}, ${kind})`;
  };

  return (
    <figure className="confusion" data-testid="confusion">
      <div className="confusion-plot">
        <canvas
          ref={canvas}
          className="pixelated"
          role="img"
          aria-label={`confusion matrix of ${n} classes`}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        />
        {hover && (
          <div
            className="tooltip"
            data-testid="confusion-tooltip"
            data-row={hover.row}
            data-col={hover.col}
            style={{ left: hover.x + 12, top: hover.y + 12 }}
          >
            {text(hover)}
          </div>
        )}
      </div>
      <figcaption className="muted small">
        Rows: the true class; columns: what the model answered (both in label order{n <= 12 ? `: ${labels.map(labelText).join(", ")}` : ""}). Brighter: a
        larger share of the true class's clips (square-root scale). Hover a cell for its count.
      </figcaption>
    </figure>
  );
}
