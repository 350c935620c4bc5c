import { useEffect, useMemo } from "react";
import type { JobResult } from "../api/types";
import type { Visualization } from "../api/visualization";
import { Player } from "../audio/Player";
import { answerDrawn, visualizationRequested } from "../hooks/useJob";
import { milliseconds, seconds } from "../lib/format";
import { FeatureMaps } from "./FeatureMaps";
import { SpectrogramPanel } from "./SpectrogramPanel";
import { TopPredictions } from "./TopPredictions";
import { WaveformPanel } from "./WaveformPanel";
import { WindowTimeline } from "./WindowTimeline";

interface Props {
  result: JobResult;
  visualization: Visualization | null;
  visualizationError: string | null;
  audioUrl: string | null;
}

export function ResultView({ result, visualization, visualizationError, audioUrl }: Props) {
  const player = useMemo(() => new Player(audioUrl), [audioUrl]);
  useEffect(() => () => player.dispose(), [player]);
  useEffect(() => {
    // Effects run after the canvases are drawn; the next frame is when the browser has painted them.
    if (!visualization || performance.getEntriesByName(visualizationRequested).length === 0) return;
    const frame = requestAnimationFrame(() => performance.measure(answerDrawn, visualizationRequested));
    return () => cancelAnimationFrame(frame);
  }, [visualization]);
  const t = result.timings;
  if (result.silent) {
    return (
      <div className="result" data-testid="result">
        <p className="silent-answer" role="status" data-testid="silent">
          🔇 {result.notes?.[0] ?? "The recording is silent: there is no sound to classify."}
        </p>
        <p className="muted small">
          {seconds(result.durationSeconds)} at {result.sampleRate} Hz · nothing was classified
        </p>
      </div>
    );
  }
  return (
    <div className="result" data-testid="result">
      <TopPredictions top={result.top} />
      {result.notes?.map((n) => (
        <p key={n} className="note small" role="note">
          {n}
        </p>
      ))}
      <p className="muted small">
        {seconds(result.durationSeconds)} at {result.sampleRate} Hz · model {result.modelVersion}
        {result.fromCache ? " · answered from the cache (same audio seen before)" : ""} · queue {milliseconds(t.queueMs)}, mel{" "}
        {milliseconds(t.melMs)}, forward {milliseconds(t.forwardMs)}, explain {milliseconds(t.explainMs)}, total {milliseconds(t.totalMs)}
      </p>
      {result.windows.length > 1 && <WindowTimeline windows={result.windows} duration={result.durationSeconds} player={player} />}
      {visualizationError && (
        <p className="error" role="alert">
          The drawings could not be loaded: {visualizationError}
        </p>
      )}
      {!visualization && !visualizationError && <p className="status-line">Loading the spectrogram, feature maps and heatmaps…</p>}
      {visualization && (
        <>
          <WaveformPanel visualization={visualization} player={player} />
          <SpectrogramPanel visualization={visualization} player={player} />
          <FeatureMaps maps={visualization.featureMaps} />
        </>
      )}
    </div>
  );
}
