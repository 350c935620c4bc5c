import { useEffect, useRef, type MouseEvent } from "react";
import type { Visualization } from "../api/visualization";
import type { Player } from "../audio/Player";
import { drawWaveform } from "../canvas/drawWaveform";
import { useElementWidth } from "../hooks/useElementWidth";
import { PlayButton } from "./PlayButton";
import { PlaybackCursor } from "./PlaybackCursor";

const height = 96;

/** The whole clip's waveform; the shaded part is the window the spectrogram and heatmaps explain. Click to seek. */
export function WaveformPanel({ visualization, player }: { visualization: Visualization; player: Player }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(box);
  const { min, max, durationSeconds } = visualization.waveform;

  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.round(width * ratio);
    c.height = Math.round(height * ratio);
    drawWaveform(c, min, max, "#7fb4ff");
  }, [min, max, width]);

  const seek = (e: MouseEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    player.seek(((e.clientX - rect.left) / rect.width) * durationSeconds);
  };

  const windowed = durationSeconds > 0 && visualization.windowEndSeconds - visualization.windowStartSeconds < durationSeconds - 0.01;
  return (
    <section className="panel">
      <header className="panel-head">
        <h3>Waveform</h3>
        <PlayButton player={player} duration={durationSeconds} />
      </header>
      <div className="plot" ref={box} style={{ height }} onClick={seek} data-testid="waveform">
        {windowed && (
          <div
            className="window-shade"
            style={{
              left: `${(visualization.windowStartSeconds / durationSeconds) * 100}%`,
              width: `${((visualization.windowEndSeconds - visualization.windowStartSeconds) / durationSeconds) * 100}%`,
            }}
          />
        )}
        <canvas ref={canvas} className="fill" role="img" aria-label="waveform" />
        <PlaybackCursor player={player} start={0} end={durationSeconds} />
      </div>
    </section>
  );
}
