// Microphone capture: an AudioWorklet where the browser has one, the old ScriptProcessor otherwise. Samples are
// collected on the main thread; the level meter reads each chunk as it arrives.

import workletUrl from "./captureWorklet.js?url";

export interface Level {
  rms: number;
  peak: number;
}

export function measureLevel(chunk: Float32Array): Level {
  let sum = 0;
  let peak = 0;
  for (const s of chunk) {
    sum += s * s;
    const a = Math.abs(s);
    if (a > peak) peak = a;
  }
  return { rms: chunk.length ? Math.sqrt(sum / chunk.length) : 0, peak };
}

export function concatChunks(chunks: Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

export interface Recording {
  samples: Float32Array;
  sampleRate: number;
}

export class MicRecorder {
  private chunks: Float32Array[] = [];
  private context: AudioContext | null = null;
  private stream: MediaStream | null = null;
  private node: AudioNode | null = null;

  constructor(private readonly onLevel: (level: Level, seconds: number) => void) {}

  async start(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new Error("This browser cannot record here (microphone access needs HTTPS or localhost).");
    }
    this.stream = await navigator.mediaDevices.getUserMedia({
      // The classifier wants the room as it is, not as a voice call would clean it up.
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
    });
    const context = new AudioContext();
    this.context = context;
    const source = context.createMediaStreamSource(this.stream);
    const onChunk = (chunk: Float32Array) => {
      this.chunks.push(chunk);
      const total = this.chunks.length * chunk.length;
      this.onLevel(measureLevel(chunk), total / context.sampleRate);
    };
    if (context.audioWorklet) {
      await context.audioWorklet.addModule(workletUrl);
      const node = new AudioWorkletNode(context, "melmage-capture");
      node.port.onmessage = (e: MessageEvent<Float32Array>) => onChunk(e.data);
      source.connect(node);
      this.node = node;
    } else {
      const node = context.createScriptProcessor(2048, 1, 1);
      node.onaudioprocess = (e) => onChunk(new Float32Array(e.inputBuffer.getChannelData(0)));
      source.connect(node);
      // A ScriptProcessor only runs while connected to the destination; it writes silence there.
      node.connect(context.destination);
      this.node = node;
    }
  }

  async stop(): Promise<Recording> {
    const sampleRate = this.context?.sampleRate ?? 44100;
    this.node?.disconnect();
    this.stream?.getTracks().forEach((t) => t.stop());
    await this.context?.close();
    const samples = concatChunks(this.chunks);
    this.chunks = [];
    this.context = null;
    this.stream = null;
    this.node = null;
    return { samples, sampleRate };
  }
}
