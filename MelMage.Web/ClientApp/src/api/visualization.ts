import type { QuantizedArrayWire, VisualizationWire } from "./types";

export const visualizationFormat = "melmage.visualization/1";

/** A quantized array kept as its bytes (what the colour scales index) plus the range that turns them into values. */
export interface Quantized {
  shape: number[];
  min: number;
  max: number;
  bytes: Uint8Array;
}

/** A 2-D map, rows first: row 0 is the lowest frequency band, as the model sees it. */
export interface Grid extends Quantized {
  rows: number;
  cols: number;
}

export interface FeatureMap {
  name: string;
  channels: number;
  grid: Grid;
}

export interface Heatmap {
  label: string;
  grid: Grid;
}

export interface Visualization {
  modelVersion: string;
  spectrogram: Grid;
  waveform: { sampleRate: number; durationSeconds: number; min: Float32Array; max: Float32Array };
  featureMaps: FeatureMap[];
  heatmaps: Heatmap[];
  windowStartSeconds: number;
  windowEndSeconds: number;
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function decodeQuantized(wire: QuantizedArrayWire, what: string): Quantized {
  const bytes = base64ToBytes(wire.data);
  const expected = wire.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    throw new Error(`${what}: ${bytes.length} values for shape [${wire.shape.join(", ")}]`);
  }
  return { shape: wire.shape, min: wire.min, max: wire.max, bytes };
}

export function decodeGrid(wire: QuantizedArrayWire, what: string): Grid {
  if (wire.shape.length !== 2) throw new Error(`${what}: expected a 2-D array, got shape [${wire.shape.join(", ")}]`);
  const q = decodeQuantized(wire, what);
  return { ...q, rows: wire.shape[0], cols: wire.shape[1] };
}

/** The value a byte stands for: min + byte / 255 · (max − min). */
export function dequantize(q: Quantized, byte: number): number {
  return q.min + (byte / 255) * (q.max - q.min);
}

export function valueAt(grid: Grid, row: number, col: number): number {
  return dequantize(grid, grid.bytes[row * grid.cols + col]);
}

export function toFloats(q: Quantized): Float32Array {
  const out = new Float32Array(q.bytes.length);
  const step = (q.max - q.min) / 255;
  for (let i = 0; i < out.length; i++) out[i] = q.min + q.bytes[i] * step;
  return out;
}

export function decodeVisualization(wire: VisualizationWire): Visualization {
  if (wire.format !== visualizationFormat) {
    throw new Error(`This page reads ${visualizationFormat}; the API sent ${wire.format || "no format"}.`);
  }
  return {
    modelVersion: wire.modelVersion,
    spectrogram: decodeGrid(wire.spectrogram, "spectrogram"),
    waveform: {
      sampleRate: wire.waveform.sampleRate,
      durationSeconds: wire.waveform.durationSeconds,
      min: toFloats(decodeQuantized(wire.waveform.min, "waveform.min")),
      max: toFloats(decodeQuantized(wire.waveform.max, "waveform.max")),
    },
    featureMaps: wire.featureMaps.map((m) => ({ name: m.name, channels: m.channels, grid: decodeGrid(m.values, m.name) })),
    heatmaps: wire.heatmaps.map((h) => ({ label: h.label, grid: decodeGrid(h.values, `heatmap ${h.label}`) })),
    windowStartSeconds: wire.windowStartSeconds,
    windowEndSeconds: wire.windowEndSeconds,
  };
}
