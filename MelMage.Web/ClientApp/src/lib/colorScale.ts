// Colour scales as 256-entry RGBA tables, so that drawing a quantized map is one table look-up per pixel.

export type Rgb = readonly [number, number, number];

export interface ColorScale {
  name: string;
  /** 256 × RGBA. */
  table: Uint8ClampedArray;
}

/** Builds a table by linear interpolation between evenly spaced anchor colours. */
export function buildScale(name: string, anchors: readonly Rgb[]): ColorScale {
  if (anchors.length < 2) throw new Error("A colour scale needs at least two anchors");
  const table = new Uint8ClampedArray(256 * 4);
  const segments = anchors.length - 1;
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * segments;
    const k = Math.min(segments - 1, Math.floor(x));
    const t = x - k;
    const a = anchors[k];
    const b = anchors[k + 1];
    table[i * 4] = Math.round(a[0] + (b[0] - a[0]) * t);
    table[i * 4 + 1] = Math.round(a[1] + (b[1] - a[1]) * t);
    table[i * 4 + 2] = Math.round(a[2] + (b[2] - a[2]) * t);
    table[i * 4 + 3] = 255;
  }
  return { name, table };
}

// Anchor colours sampled from the perceptually uniform matplotlib scales (dark = low, bright = high).
export const magma = buildScale("magma", [
  [0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122], [229, 80, 100], [251, 135, 97],
  [254, 194, 135], [252, 253, 191],
]);

export const viridis = buildScale("viridis", [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121],
  [109, 205, 89], [180, 222, 44], [253, 231, 37],
]);

export const grey = buildScale("grey", [[0, 0, 0], [255, 255, 255]]);

/** The Grad-CAM overlay: transparent where the class found nothing, hot yellow where it looked hardest. */
export const heat = buildScale("heat", [[0, 0, 0], [180, 0, 0], [255, 90, 0], [255, 200, 0], [255, 255, 160]]);

export function cssColor(scale: ColorScale, index: number): string {
  const t = scale.table;
  const i = Math.max(0, Math.min(255, Math.round(index))) * 4;
  return `rgb(${t[i]}, ${t[i + 1]}, ${t[i + 2]})`;
}
