// The API's shapes (MelMage.Contracts.Api, JSON in camelCase). Kept in one place so a contract change is one edit.

export type JobStatus = "queued" | "processing" | "succeeded" | "failed";

export interface LabelConfidence {
  label: string;
  confidence: number;
}

export interface WindowResult {
  startSeconds: number;
  endSeconds: number;
  top: LabelConfidence[];
}

export interface ResultTimings {
  queueMs: number;
  decodeMs: number;
  resampleMs: number;
  melMs: number;
  forwardMs: number;
  explainMs: number;
  totalMs: number;
}

export interface JobResult {
  top: LabelConfidence[];
  windows: WindowResult[];
  durationSeconds: number;
  sampleRate: number;
  modelVersion: string;
  fromCache: boolean;
  timings: ResultTimings;
  /** The recording is silent: nothing was classified, `top` is empty and `notes[0]` says why. */
  silent?: boolean;
  /** What a person should know about the audio (silent; cut short and analysed as far as it goes). */
  notes?: string[];
  /** The model that answered, by name (`modelVersion` is its version); absent in answers older than model names. */
  model?: string | null;
}

export interface JobError {
  code: string;
  message: string;
}

export interface JobResponse {
  id: string;
  status: JobStatus;
  fileName: string | null;
  batchId: string | null;
  createdAt: string;
  completedAt: string | null;
  error: JobError | null;
  result: JobResult | null;
  /** The model the job was sent to. */
  model?: string | null;
}

export interface JobAccepted {
  id: string;
  status: JobStatus;
}

export interface BatchAccepted {
  id: string;
  total: number;
}

export interface BatchResponse {
  id: string;
  total: number;
  queued: number;
  processing: number;
  succeeded: number;
  failed: number;
  progress: number;
  createdAt: string;
  completedAt: string | null;
}

export interface BatchResultItem {
  jobId: string;
  fileName: string;
  status: JobStatus;
  top: LabelConfidence[];
  error: JobError | null;
  /** The recording is silent: nothing was classified. */
  silent?: boolean;
  model?: string | null;
  modelVersion?: string | null;
}

export interface ModelResponse {
  /** What a request names it by (`model=esc10`). */
  name: string;
  version: string;
  isDefault: boolean;
  labels: string[];
  /** Its model.json. */
  card: Record<string, unknown> | null;
  /** Its model card (README.md). */
  cardMarkdown: string | null;
  /** The headline of its evaluation report; null when it was not evaluated. */
  evaluation: EvaluationSummary | null;
  /** Where the whole report is (GET /api/models/{name}/evaluation). */
  evaluationUrl: string | null;
  registeredAt: string;
  lastSeenAt: string;
}

export interface EvaluationSummary {
  protocol: string;
  mean: number;
  sd: number;
  balancedAccuracy: number | null;
  folds: number;
  /** Set while a cross-validation is run fold by fold: the folds it will have (`folds` are finished so far). */
  foldsPlanned?: number | null;
}

/** A model's evaluation report (the evaluation.json beside its weights). Accuracies are fractions. */
export interface ModelEvaluation {
  protocol: string;
  command: string | null;
  labels: string[];
  folds: { fold: number; accuracy: number; clips: number }[];
  mean: number;
  sd: number;
  balancedAccuracy: number | null;
  perClass: { label: string; accuracy: number; clips: number }[];
  /** Rows: the true label; columns: the predicted one; both in `labels` order; pooled over the test folds. */
  confusion: number[][];
  /** ESC-10's classes and the others apart; balancedAccuracy and clips where the report gives them. */
  groups: { name: string; accuracy: number; balancedAccuracy?: number | null; clips?: number | null }[] | null;
  foldsPlanned?: number | null;
  /** Classes no test fold held (a single source recording, trained on in every fold): not in perClass. */
  untested?: string[] | null;
}

/** A training run as GET /api/training-runs returns it (issue 3); metrics are free-form per epoch. */
export interface TrainingRun {
  id: string;
  status: string;
  modelVersion?: string | null;
  createdAt?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: string | null;
  metrics?: unknown;
  epochs?: unknown;
}

/** One array of format melmage.visualization/1: value ≈ min + byte / 255 · (max − min), row-major, base64. */
export interface QuantizedArrayWire {
  shape: number[];
  min: number;
  max: number;
  data: string;
}

export interface VisualizationWire {
  format: string;
  modelVersion: string;
  spectrogram: QuantizedArrayWire;
  waveform: { sampleRate: number; durationSeconds: number; min: QuantizedArrayWire; max: QuantizedArrayWire };
  featureMaps: { name: string; channels: number; values: QuantizedArrayWire }[];
  heatmaps: { label: string; values: QuantizedArrayWire }[];
  windowStartSeconds: number;
  windowEndSeconds: number;
}
