import { describe, expect, it } from "vitest";
import type { QuantizedArrayWire, VisualizationWire } from "./types";
import { base64ToBytes, decodeGrid, decodeVisualization, dequantize, toFloats, valueAt, visualizationFormat } from "./visualization";

/** What the API's QuantizedArray.From writes, done the same way: bytes = round((v − min) / (max − min) · 255). */
function quantize(values: number[], shape: number[]): QuantizedArrayWire {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const bytes = values.map((v) => (max > min ? Math.round(((v - min) * 255) / (max - min)) : 0));
  return { shape, min, max, data: btoa(String.fromCharCode(...bytes)) };
}

describe("quantized arrays", () => {
  it("decode base64 to bytes", () => {
    expect(Array.from(base64ToBytes("AAH/"))).toEqual([0, 1, 255]);
  });

  it("dequantize within half a step of the original values", () => {
    const values = [-80, -61.3, -40, -12.5, 0, -7];
    const grid = decodeGrid(quantize(values, [2, 3]), "test");
    const step = 80 / 255;
    Array.from(toFloats(grid)).forEach((v, i) => expect(Math.abs(v - values[i])).toBeLessThanOrEqual(step / 2 + 1e-4));
    expect(dequantize(grid, 0)).toBe(-80);
    expect(dequantize(grid, 255)).toBe(0);
  });

  it("read a grid row-major: row 1, column 2 is the sixth value", () => {
    const grid = decodeGrid(quantize([0, 1, 2, 3, 4, 5], [2, 3]), "test");
    expect(grid.rows).toBe(2);
    expect(grid.cols).toBe(3);
    expect(valueAt(grid, 1, 2)).toBeCloseTo(5, 5);
    expect(valueAt(grid, 0, 1)).toBeCloseTo(1, 1);
  });

  it("refuse data that does not fill the shape", () => {
    expect(() => decodeGrid({ ...quantize([1, 2, 3], [3]), shape: [2, 2] }, "map")).toThrow(/map: 3 values for shape \[2, 2\]/);
    expect(() => decodeGrid(quantize([1, 2, 3], [3]), "map")).toThrow(/2-D/);
  });
});

describe("decodeVisualization", () => {
  const wire: VisualizationWire = {
    format: visualizationFormat,
    modelVersion: "esc50-resnet-1",
    spectrogram: quantize([-80, -40, 0, -20, -60, -10], [2, 3]),
    waveform: { sampleRate: 44100, durationSeconds: 5, min: quantize([-1, -0.5], [2]), max: quantize([0.5, 1], [2]) },
    featureMaps: [{ name: "conv1", channels: 64, values: quantize([0, 1, 2, 3], [2, 2]) }],
    heatmaps: [{ label: "dog", values: quantize([0, 0.5, 1, 0, 0.25, 0.75], [2, 3]) }],
    windowStartSeconds: 0,
    windowEndSeconds: 5,
  };

  it("decodes every part", () => {
    const v = decodeVisualization(wire);
    expect(v.spectrogram.cols).toBe(3);
    expect(v.featureMaps[0].name).toBe("conv1");
    expect(v.featureMaps[0].grid.rows).toBe(2);
    expect(v.heatmaps[0].label).toBe("dog");
    expect(valueAt(v.heatmaps[0].grid, 0, 2)).toBeCloseTo(1, 5);
    expect(v.waveform.min[0]).toBeCloseTo(-1, 5);
    expect(v.waveform.max[1]).toBeCloseTo(1, 5);
  });

  it("refuses a format it does not know, saying which", () => {
    expect(() => decodeVisualization({ ...wire, format: "melmage.visualization/2" })).toThrow(/melmage.visualization\/2/);
  });
});
