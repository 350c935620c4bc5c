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
}

export interface ModelResponse {
  version: string;
  labels: string[];
  card: Record<string, unknown> | null;
  registeredAt: string;
  lastSeenAt: string;
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
