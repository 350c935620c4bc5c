import type { Level } from "../audio/recorder";

/** Loudness on a dB scale (−60 … 0 dBFS), which is how a level meter reads; the peak as a thin marker. */
export function LevelMeter({ level }: { level: Level }) {
  const toFraction = (amplitude: number) => Math.max(0, Math.min(1, (20 * Math.log10(amplitude + 1e-9) + 60) / 60));
  const rms = toFraction(level.rms);
  const peak = toFraction(level.peak);
  return (
    <div className="meter" role="meter" aria-label="input level" aria-valuemin={0} aria-valuemax={1} aria-valuenow={rms}>
      <div className="meter-fill" style={{ width: `${rms * 100}%` }} />
      <div className="meter-peak" style={{ left: `${peak * 100}%` }} />
    </div>
  );
}
