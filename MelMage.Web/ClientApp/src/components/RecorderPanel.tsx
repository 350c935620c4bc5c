import { useEffect, useRef, useState } from "react";
import { MicRecorder, type Level } from "../audio/recorder";
import { encodeWav } from "../audio/wavEncoder";
import { errorText, seconds } from "../lib/format";
import { LevelMeter } from "./LevelMeter";

type Phase = "idle" | "starting" | "recording";

/** Record from the microphone with a live level meter; stopping sends the recording. */
export function RecorderPanel({ onRecording, disabled }: { onRecording: (wav: Blob) => void; disabled: boolean }) {
  const [phase, setPhase] = useState<Phase>("idle");
  const [level, setLevel] = useState<Level>({ rms: 0, peak: 0 });
  const [elapsed, setElapsed] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const recorder = useRef<MicRecorder | null>(null);

  useEffect(() => () => void recorder.current?.stop(), []);

  const start = async () => {
    setError(null);
    setPhase("starting");
    setElapsed(0);
    const r = new MicRecorder((l, s) => {
      // Meter ballistics: rise at once, fall slowly, so short sounds stay readable.
      setLevel((prev) => ({ rms: Math.max(l.rms, prev.rms * 0.85), peak: Math.max(l.peak, prev.peak * 0.95) }));
      setElapsed(s);
    });
    recorder.current = r;
    try {
      await r.start();
      setPhase("recording");
    } catch (e) {
      await r.stop();
      recorder.current = null;
      setPhase("idle");
      setError(e instanceof DOMException && e.name === "NotAllowedError" ? "Microphone access was refused." : errorText(e));
    }
  };

  const stop = async () => {
    const r = recorder.current;
    recorder.current = null;
    setPhase("idle");
    setLevel({ rms: 0, peak: 0 });
    if (!r) return;
    const { samples, sampleRate } = await r.stop();
    if (samples.length < sampleRate / 4) {
      setError("That recording is too short; record at least a second.");
      return;
    }
    onRecording(new Blob([encodeWav(samples, sampleRate)], { type: "audio/wav" }));
  };

  return (
    <div className="recorder">
      <div className="drop-icon">🎙️</div>
      {phase === "recording" ? (
        <>
          <LevelMeter level={level} />
          <div className="hint" data-testid="recording-time">
            Recording… {seconds(elapsed)}
          </div>
          <button type="button" className="primary" onClick={stop}>
            ■ Stop and classify
          </button>
        </>
      ) : (
        <>
          <div>
            <strong>Record from the microphone</strong>
          </div>
          <div className="hint">Five seconds is what the model looks at in one go</div>
          <button type="button" onClick={start} disabled={disabled || phase === "starting"}>
            ● {phase === "starting" ? "Starting…" : "Record"}
          </button>
        </>
      )}
      {error && <p className="error small">{error}</p>}
    </div>
  );
}
