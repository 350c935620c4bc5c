import { ApiError, toApiError } from "./ApiError";
import type {
  BatchAccepted,
  BatchResponse,
  BatchResultItem,
  JobAccepted,
  JobResponse,
  ModelEvaluation,
  ModelResponse,
  TrainingRun,
  VisualizationWire,
} from "./types";
import { decodeVisualization, type Visualization } from "./visualization";

// Every call the page makes to MelMage.Api (through MelMage.Web's /api proxy) lives here.

async function send(input: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(input, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "The MelMage server cannot be reached", "Check the connection and try again.");
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await send(path, { headers: { Accept: "application/json" }, signal });
  return (await response.json()) as T;
}

/** `model` names an installed model (GET /api/models); without it the API's default model answers. */
export async function submitJob(wav: Blob, fileName: string, model?: string | null, signal?: AbortSignal): Promise<JobAccepted> {
  const form = new FormData();
  form.append("file", wav, fileName);
  if (model) form.append("model", model);
  const response = await send("/api/jobs", { method: "POST", body: form, signal });
  return (await response.json()) as JobAccepted;
}

export function getJob(id: string, signal?: AbortSignal): Promise<JobResponse> {
  return getJson<JobResponse>(`/api/jobs/${encodeURIComponent(id)}`, signal);
}

export async function getVisualization(id: string, signal?: AbortSignal): Promise<Visualization> {
  const wire = await getJson<VisualizationWire>(`/api/jobs/${encodeURIComponent(id)}/visualization`, signal);
  return decodeVisualization(wire);
}

/** `model` names an installed model for every file of the batch; without it the API's default model answers. */
export async function submitBatch(files: { blob: Blob; name: string }[], model?: string | null, signal?: AbortSignal): Promise<BatchAccepted> {
  const form = new FormData();
  if (model) form.append("model", model);
  for (const f of files) form.append("files", f.blob, f.name);
  const response = await send("/api/batches", { method: "POST", body: form, signal });
  return (await response.json()) as BatchAccepted;
}

export function getBatch(id: string, signal?: AbortSignal): Promise<BatchResponse> {
  return getJson<BatchResponse>(`/api/batches/${encodeURIComponent(id)}`, signal);
}

export function getBatchResults(id: string, signal?: AbortSignal): Promise<BatchResultItem[]> {
  return getJson<BatchResultItem[]>(`/api/batches/${encodeURIComponent(id)}/results?format=json`, signal);
}

export function batchCsvUrl(id: string): string {
  return `/api/batches/${encodeURIComponent(id)}/results?format=csv`;
}

export function getModels(signal?: AbortSignal): Promise<ModelResponse[]> {
  return getJson<ModelResponse[]>("/api/models", signal);
}

export function getModelEvaluation(model: ModelResponse, signal?: AbortSignal): Promise<ModelEvaluation> {
  return getJson<ModelEvaluation>(model.evaluationUrl ?? `/api/models/${encodeURIComponent(model.name)}/evaluation`, signal);
}

/** Training runs arrive with issue 3; until the API has the endpoint, there are none to show. */
export async function getTrainingRuns(signal?: AbortSignal): Promise<TrainingRun[]> {
  try {
    return await getJson<TrainingRun[]>("/api/training-runs", signal);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return [];
    throw e;
  }
}

/** Recent jobs from the API when it lists them (GET /api/jobs); null when it does not, so the caller can use the
 * jobs this browser submitted instead. */
export async function listRecentJobs(limit: number, signal?: AbortSignal): Promise<JobResponse[] | null> {
  try {
    return await getJson<JobResponse[]>(`/api/jobs?limit=${limit}`, signal);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}
