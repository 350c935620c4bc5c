import { useEffect, useMemo } from "react";
import { getModelEvaluation } from "../api/client";
import type { JobResult, ModelResponse } from "../api/types";
import type { Visualization } from "../api/visualization";
import { Player } from "../audio/Player";
import { useFetch } from "../hooks/useFetch";
import { answerDrawn, visualizationRequested } from "../hooks/useJob";
import { answerRecord, answerRecordText, headline } from "../lib/evaluation";
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
  /** The installed model that answered, when known: its measured accuracy is shown next to the answer. */
  model?: ModelResponse | null;
}

export function ResultView({ result, visualization, visualizationError, audioUrl, model }: Props) {
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
      <div className="answer">
        <TopPredictions top={result.top} />
        <ModelTrust result={result} model={model ?? null} />
      </div>
      {result.notes?.map((n) => (
        <p key={n} className="note small" role="note">
          {n}
        </p>
      ))}
      <p className="muted small">
        {seconds(result.durationSeconds)} at {result.sampleRate} Hz · model {result.model ? `${result.model} ` : ""}
        {result.modelVersion}
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

/** Who answered and how often that model is right, so a person knows how much to trust the answer. */
function ModelTrust({ result, model }: { result: JobResult; model: ModelResponse | null }) {
  const name = result.model ?? model?.name;
  if (!name) return null;
  return (
    <aside className="trust" data-testid="model-trust">
      <div>
        Answered by <strong>{name}</strong> <span className="muted small">({result.modelVersion})</span>
      </div>
      {model && (
        <div className={model.evaluation ? "trust-score" : "muted"}>
          {headline(model.evaluation)}
          {model.evaluation && <span className="muted small"> · {model.labels.length} classes</span>}
        </div>
      )}
      {model?.evaluation && result.top[0] && result.modelVersion === model.version && (
        <AnswerRecordLine model={model} label={result.top[0].label} />
      )}
    </aside>
  );
}

/** How often this model's answer of the same class was right when it was evaluated (the confusion matrix's column):
 * the headline is about all classes, this is about the one it just said. Only for the version the report measured. */
function AnswerRecordLine({ model, label }: { model: ModelResponse; label: string }) {
  const { data } = useFetch((signal) => getModelEvaluation(model, signal), model.version);
  const record = data ? answerRecord(data, label) : null;
  if (!record) return null;
  return (
    <div className="muted small" data-testid="answer-record" data-answered={record.answered} data-right={record.right}>
      {answerRecordText(model.name, record)}
    </div>
  );
}
