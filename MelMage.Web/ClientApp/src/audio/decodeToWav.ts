import { ApiError } from "../api/ApiError";
import { encodeWav, isWav, mixToMono } from "./wavEncoder";

/** The model's rate: decoding straight to it spares the worker a resampling step. */
export const uploadSampleRate = 44100;

export interface PreparedAudio {
  wav: Blob;
  fileName: string;
  /** True when the browser decoded and re-encoded the file. */
  converted: boolean;
}

/**
 * The fallback for what the server refuses: the server is the one decoder (it reads WAV, MP3, Ogg, Opus, FLAC, M4A …
 * with ffmpeg), so files are sent as they are; only when it answers that it cannot read a format does the browser
 * decode the file and send 16-bit mono WAV instead. WAV files are never converted.
 */
export async function decodeInBrowser(file: File): Promise<PreparedAudio> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (isWav(bytes.subarray(0, 12))) return { wav: file, fileName: file.name, converted: false };

  let decoded: AudioBuffer;
  try {
    // An OfflineAudioContext needs no user gesture and no output device; it decodes and resamples to its own rate.
    const context = new OfflineAudioContext(1, 1, uploadSampleRate);
    decoded = await context.decodeAudioData(bytes.buffer.slice(0));
  } catch {
    throw new Error(`${file.name} is not audio this browser can decode (tried as ${file.type || "an unknown type"}).`);
  }
  const channels = Array.from({ length: decoded.numberOfChannels }, (_, c) => decoded.getChannelData(c));
  const wav = encodeWav(mixToMono(channels), decoded.sampleRate);
  return { wav: new Blob([wav], { type: "audio/wav" }), fileName: withWavExtension(file.name), converted: true };
}

export function withWavExtension(name: string): string {
  const dot = name.lastIndexOf(".");
  return (dot > 0 ? name.slice(0, dot) : name) + ".wav";
}

const audioExtensions = /\.(wav|wave|mp3|ogg|oga|opus|flac|m4a|aac|mp4|webm|aif|aiff|caf)$/i;

/** Files worth sending from a folder: audio by type or by extension (folders hold cover art and notes too). */
export function looksLikeAudio(file: { name: string; type: string }): boolean {
  return file.type.startsWith("audio/") || audioExtensions.test(file.name);
}

export function isZip(file: { name: string; type: string }): boolean {
  return /\.zip$/i.test(file.name) || file.type === "application/zip" || file.type === "application/x-zip-compressed";
}

/** True when the server refused a file for its format (415) or could not decode it now (503, ffmpeg missing): the
 * cases where decoding in the browser and sending WAV may still get an answer. */
export function serverRefusedFormat(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 415 || error.status === 503);
}
