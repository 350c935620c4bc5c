import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from "react";
import type { Grid } from "../api/visualization";
import type { Player } from "../audio/Player";
import { cellAt, putPixels } from "../canvas/paint";
import { bandCentreHz, formatHz, frequencyTicks, hzToBandPosition, modelMelAxis, timeTicks } from "../lib/melScale";
import { PlaybackCursor } from "./PlaybackCursor";

interface Props {
  grid: Pick<Grid, "rows" | "cols">;
  pixels: Uint8ClampedArray;
  startSeconds: number;
  endSeconds: number;
  player: Player;
  /** What to say about the value under the pointer. */
  describe: (row: number, col: number) => string;
  legend?: ReactNode;
  testId?: string;
  /** What the picture shows, for screen readers. */
  label: string;
}

/** A map on the model's time × mel grid, with time (s) and frequency (Hz, mel-spaced) axes, a readout of the value
 * under the pointer and the playback cursor. Clicking seeks. */
export function MelPlot({ grid, pixels, startSeconds, endSeconds, player, describe, legend, testId, label }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<string | null>(null);
  const span = endSeconds - startSeconds;
  const axis = { ...modelMelAxis, bands: grid.rows };

  useEffect(() => {
    if (canvas.current) putPixels(canvas.current, pixels, grid.cols, grid.rows);
  }, [pixels, grid.cols, grid.rows]);

  const locate = (e: MouseEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { ...cellAt(grid, e.clientX - rect.left, e.clientY - rect.top, rect.width, rect.height), fx: (e.clientX - rect.left) / rect.width };
  };

  const onMove = (e: MouseEvent<HTMLDivElement>) => {
    const { row, col } = locate(e);
    const t = startSeconds + ((col + 0.5) / grid.cols) * span;
    setHover(`${t.toFixed(2)} s · ${formatHz(bandCentreHz(axis, row))} (band ${row}) · ${describe(row, col)}`);
  };

  return (
    <div className="melplot">
      <div className="yaxis">
        {frequencyTicks(axis).map((hz) => (
          <span key={hz} className="ytick" style={{ bottom: `${(hzToBandPosition(axis, hz) / axis.bands) * 100}%` }}>
            {formatHz(hz).replace(" Hz", "").replace(" kHz", "k")}
          </span>
        ))}
      </div>
      <div className="melplot-main">
        <div
          className="plot spectro"
          data-testid={testId}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
          onClick={(e) => player.seek(startSeconds + locate(e).fx * span)}
        >
          <canvas ref={canvas} className="fill" role="img" aria-label={label} />
          <PlaybackCursor player={player} start={startSeconds} end={endSeconds} />
        </div>
        <div className="xaxis">
          {timeTicks(startSeconds, endSeconds).map((t) => (
            <span key={t} className="xtick" style={{ left: `${((t - startSeconds) / span) * 100}%` }}>
              {t}
            </span>
          ))}
          <span className="axis-title">time (s)</span>
        </div>
        <div className="readout muted small">{hover ?? "Hover to read values; click to play from there."}</div>
      </div>
      {legend}
    </div>
  );
}
