// The HTK mel scale the model's front end uses (torchaudio's default): mel = 2595 · log10(1 + f / 700).

export interface MelAxis {
  bands: number;
  minHz: number;
  maxHz: number;
}

export const modelMelAxis: MelAxis = { bands: 128, minHz: 0, maxHz: 22050 };

export function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

export function melToHz(mel: number): number {
  return 700 * (Math.pow(10, mel / 2595) - 1);
}

/** Centre frequency of band k: the filters' peaks sit on bands + 2 points equally spaced in mel from min to max. */
export function bandCentreHz(axis: MelAxis, band: number): number {
  const lo = hzToMel(axis.minHz);
  const hi = hzToMel(axis.maxHz);
  return melToHz(lo + ((band + 1) * (hi - lo)) / (axis.bands + 1));
}

/** Where a frequency lies on the band axis, in bands from the bottom edge (band k covers [k, k + 1)); clamped. */
export function hzToBandPosition(axis: MelAxis, hz: number): number {
  const lo = hzToMel(axis.minHz);
  const hi = hzToMel(axis.maxHz);
  const position = ((hzToMel(hz) - lo) / (hi - lo)) * (axis.bands + 1) - 0.5;
  return Math.min(axis.bands, Math.max(0, position));
}

/** Frequency ticks that read well on a mel axis: dense at the bottom where the bands are narrow. */
export function frequencyTicks(axis: MelAxis): number[] {
  const candidates = [0, 500, 1000, 2000, 4000, 8000, 16000];
  return candidates.filter((hz) => hz >= axis.minHz && hz <= axis.maxHz);
}

export function formatHz(hz: number): string {
  return hz >= 1000 ? `${+(hz / 1000).toFixed(1)} kHz` : `${Math.round(hz)} Hz`;
}

/** Time ticks every 0.5, 1, 2, 5 … s so that about `target` of them fit. */
export function timeTicks(startSeconds: number, endSeconds: number, target = 6): number[] {
  const span = endSeconds - startSeconds;
  if (!(span > 0)) return [];
  const steps = [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
  const step = steps.find((s) => span / s <= target) ?? steps[steps.length - 1];
  const ticks: number[] = [];
  for (let t = Math.ceil(startSeconds / step - 1e-9) * step; t <= endSeconds + 1e-9; t += step) {
    ticks.push(Math.round(t * 1000) / 1000 + 0); // + 0 turns -0 into 0
  }
  return ticks;
}
