import { useMemo, useState } from "react";
import { valueAt, type Visualization } from "../api/visualization";
import type { Player } from "../audio/Player";
import { gridToRgba, overlayRgba } from "../canvas/paint";
import { stretchGrid } from "../canvas/stretch";
import { grey, heat, magma } from "../lib/colorScale";
import { percent } from "../lib/format";
import { labelIcon, labelText } from "../lib/labels";
import { ColorBar } from "./ColorBar";
import { MelPlot } from "./MelPlot";

/** The log-mel spectrogram the network saw, and over it the Grad-CAM heatmap of a chosen top-3 class. */
export function SpectrogramPanel({ visualization, player }: { visualization: Visualization; player: Player }) {
  const { spectrogram, heatmaps, windowStartSeconds: start, windowEndSeconds: end } = visualization;
  const [selected, setSelected] = useState<number>(heatmaps.length > 0 ? 0 : -1);
  const chosen = selected >= 0 ? heatmaps[selected] : null;
  const relevance = useMemo(() => (chosen ? stretchGrid(chosen.grid, spectrogram.rows, spectrogram.cols) : null), [chosen, spectrogram]);

  const plain = useMemo(() => gridToRgba(spectrogram, magma.table), [spectrogram]);
  const overlaid = useMemo(
    () => (relevance ? overlayRgba(spectrogram, grey.table, relevance, heat.table) : null),
    [spectrogram, relevance],
  );
  const db = (row: number, col: number) => `${valueAt(spectrogram, row, col).toFixed(1)} dB`;

  return (
    <>
      <section className="panel">
        <header className="panel-head">
          <h3>Log-mel spectrogram</h3>
          <span className="muted small">
            {spectrogram.rows} mel bands × {spectrogram.cols} frames, {start.toFixed(2)}–{end.toFixed(2)} s · frequency in Hz on the mel scale
          </span>
        </header>
        <MelPlot
          grid={spectrogram}
          pixels={plain}
          startSeconds={start}
          endSeconds={end}
          player={player}
          describe={db}
          testId="spectrogram"
          label="log-mel spectrogram"
          legend={<ColorBar scale={magma} min={spectrogram.min} max={spectrogram.max} unit="dB" />}
        />
      </section>
      <section className="panel">
        <header className="panel-head">
          <h3>What drove the answer (Grad-CAM)</h3>
          <div className="switch" role="tablist" aria-label="heatmap class">
            {heatmaps.map((h, i) => (
              <button key={h.label} type="button" role="tab" aria-selected={i === selected} className={i === selected ? "on" : ""} onClick={() => setSelected(i)}>
                {labelIcon(h.label)} {labelText(h.label)}
              </button>
            ))}
            <button type="button" role="tab" aria-selected={selected === -1} className={selected === -1 ? "on" : ""} onClick={() => setSelected(-1)}>
              off
            </button>
          </div>
        </header>
        <MelPlot
          grid={spectrogram}
          pixels={overlaid ?? plain}
          startSeconds={start}
          endSeconds={end}
          player={player}
          describe={(r, c) => (relevance ? `${db(r, c)} · relevance ${percent(valueAt(relevance, r, c), 0)}` : db(r, c))}
          testId="heatmap"
          label={chosen ? `Grad-CAM heatmap of ${labelText(chosen.label)} over the spectrogram` : "log-mel spectrogram"}
          legend={relevance ? <ColorBar scale={heat} min={0} max={1} unit="relevance" /> : <ColorBar scale={magma} min={spectrogram.min} max={spectrogram.max} unit="dB" />}
        />
      </section>
    </>
  );
}
