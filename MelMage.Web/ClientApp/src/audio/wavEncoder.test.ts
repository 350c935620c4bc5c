import { describe, expect, it } from "vitest";
import { encodeWav, isWav, mixToMono, toInt16 } from "./wavEncoder";

const text = (view: DataView, offset: number, length: number) =>
  String.fromCharCode(...new Uint8Array(view.buffer, offset, length));

describe("encodeWav", () => {
  it("writes a canonical 44-byte PCM header for mono 16-bit", () => {
    const view = new DataView(encodeWav(new Float32Array(10), 44100));
    expect(view.byteLength).toBe(44 + 20);
    expect(text(view, 0, 4)).toBe("RIFF");
    expect(view.getUint32(4, true)).toBe(36 + 20);
    expect(text(view, 8, 4)).toBe("WAVE");
    expect(text(view, 12, 4)).toBe("fmt ");
    expect(view.getUint32(16, true)).toBe(16);
    expect(view.getUint16(20, true)).toBe(1);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(44100);
    expect(view.getUint32(28, true)).toBe(88200);
    expect(view.getUint16(32, true)).toBe(2);
    expect(view.getUint16(34, true)).toBe(16);
    expect(text(view, 36, 4)).toBe("data");
    expect(view.getUint32(40, true)).toBe(20);
  });

  it("stores samples little-endian, scaled and clipped", () => {
    const view = new DataView(encodeWav(Float32Array.from([0, 0.5, -0.5, 1, -1, 2, -3]), 8000));
    const samples = Array.from({ length: 7 }, (_, i) => view.getInt16(44 + i * 2, true));
    expect(samples).toEqual([0, 16384, -16384, 32767, -32768, 32767, -32768]);
  });

  it("refuses a sample rate that is not a positive integer", () => {
    expect(() => encodeWav(new Float32Array(1), 0)).toThrow();
    expect(() => encodeWav(new Float32Array(1), 44100.5)).toThrow();
  });

  it("is recognised as WAV by its own check", () => {
    expect(isWav(new Uint8Array(encodeWav(new Float32Array(4), 16000)).subarray(0, 12))).toBe(true);
    expect(isWav(new TextEncoder().encode("ID3\u0004 not a wav"))).toBe(false);
  });
});

describe("toInt16", () => {
  it("maps NaN to silence rather than full scale", () => {
    expect(toInt16(Number.NaN)).toBe(0);
  });
});

describe("mixToMono", () => {
  it("averages channels sample by sample", () => {
    const mono = mixToMono([Float32Array.from([1, 0.5, 0]), Float32Array.from([0, 0.5, -1])]);
    expect(Array.from(mono)).toEqual([0.5, 0.5, -0.5]);
  });

  it("returns a single channel unchanged", () => {
    const channel = Float32Array.from([0.1, 0.2]);
    expect(mixToMono([channel])).toBe(channel);
  });
});
