import { describe, expect, it } from "vitest";
import { isZip, looksLikeAudio, withWavExtension } from "./decodeToWav";

describe("upload helpers", () => {
  it("renames converted files to .wav", () => {
    expect(withWavExtension("song.final.mp3")).toBe("song.final.wav");
    expect(withWavExtension("noext")).toBe("noext.wav");
    expect(withWavExtension(".hidden")).toBe(".hidden.wav");
  });

  it("picks audio out of a folder by type or extension", () => {
    expect(looksLikeAudio({ name: "a.FLAC", type: "" })).toBe(true);
    expect(looksLikeAudio({ name: "x", type: "audio/mpeg" })).toBe(true);
    expect(looksLikeAudio({ name: "cover.jpg", type: "image/jpeg" })).toBe(false);
    expect(looksLikeAudio({ name: "notes.txt", type: "text/plain" })).toBe(false);
  });

  it("recognises ZIP archives", () => {
    expect(isZip({ name: "clips.zip", type: "" })).toBe(true);
    expect(isZip({ name: "clips", type: "application/zip" })).toBe(true);
    expect(isZip({ name: "clip.wav", type: "audio/wav" })).toBe(false);
  });
});
