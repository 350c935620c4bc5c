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
import { clientToken, clientTokenHeader } from "../lib/clientToken";
import { readOperatorKey } from "../lib/operatorKey";

// Every call the page makes to MelMage.Api (through MelMage.Web's /api proxy) lives here. Every request carries this
// browser's client token; operator endpoints also carry the operator key when one was given on this tab.

async function send(input: string, init?: RequestInit, asOperator = false): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.set(clientTokenHeader, clientToken());
  const key = asOperator ? readOperatorKey() : null;
  if (key) headers.set("Authorization", `Bearer ${key}`);
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "The MelMage server cannot be reached", "Check the connection and try again.");
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

async function getJson<T>(path: string, signal?: AbortSignal, asOperator = false): Promise<T> {
  const response = await send(path, { headers: { Accept: "application/json" }, signal }, asOperator);
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

export async function deleteJob(id: string): Promise<void> {
  await send(`/api/jobs/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export async function deleteBatch(id: string): Promise<void> {
  await send(`/api/batches/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** Training runs (operators only: 401/403 without the operator key); none when the API has no such endpoint. */
export async function getTrainingRuns(signal?: AbortSignal): Promise<TrainingRun[]> {
  try {
    return await getJson<TrainingRun[]>("/api/training-runs", signal, true);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return [];
    throw e;
  }
}

/** Operators: puts every failed job back in the queue; how many. */
export async function requeueFailed(): Promise<number> {
  const response = await send("/api/operations/requeue-failed", { method: "POST" }, true);
  return ((await response.json()) as { requeued: number }).requeued;
}

/** This browser's recent jobs from the API (GET /api/jobs/mine, by its client token); null when the API does not
 * list them, so the caller can use the jobs this browser remembers instead. */
export async function listRecentJobs(limit: number, signal?: AbortSignal): Promise<JobResponse[] | null> {
  try {
    return await getJson<JobResponse[]>(`/api/jobs/mine?limit=${limit}`, signal);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}
