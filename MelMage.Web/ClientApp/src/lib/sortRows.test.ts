import { describe, expect, it } from "vitest";
import type { BatchResultItem } from "../api/types";
import { csvFileName, sortRows, toggleSort } from "./sortRows";

const row = (fileName: string, label?: string, confidence?: number, status: BatchResultItem["status"] = "succeeded"): BatchResultItem => ({
  jobId: fileName,
  fileName,
  status,
  top: label ? [{ label, confidence: confidence ?? 0 }] : [],
  error: null,
});

const rows = [row("clip10.wav", "dog", 0.4), row("clip2.wav", "rain", 0.9), row("clip1.wav", "cat", 0.9), row("bad.wav", undefined, undefined, "failed")];
const names = (r: BatchResultItem[]) => r.map((x) => x.fileName);

describe("sortRows", () => {
  it("sorts file names naturally (clip2 before clip10)", () => {
    expect(names(sortRows(rows, { key: "file", direction: "asc" }))).toEqual(["bad.wav", "clip1.wav", "clip2.wav", "clip10.wav"]);
  });

  it("sorts by confidence with ties in file order and rows without an answer last when descending", () => {
    expect(names(sortRows(rows, { key: "confidence", direction: "desc" }))).toEqual(["clip1.wav", "clip2.wav", "clip10.wav", "bad.wav"]);
  });

  it("sorts by label with rows without a label last", () => {
    expect(names(sortRows(rows, { key: "label", direction: "asc" }))).toEqual(["clip1.wav", "clip10.wav", "clip2.wav", "bad.wav"]);
  });

  it("does not change its input", () => {
    const copy = [...rows];
    sortRows(rows, { key: "confidence", direction: "asc" });
    expect(rows).toEqual(copy);
  });
});

describe("toggleSort", () => {
  it("flips the direction of the current column and starts confidence high-to-low", () => {
    expect(toggleSort({ key: "file", direction: "asc" }, "file")).toEqual({ key: "file", direction: "desc" });
    expect(toggleSort({ key: "file", direction: "asc" }, "confidence")).toEqual({ key: "confidence", direction: "desc" });
    expect(toggleSort({ key: "confidence", direction: "desc" }, "label")).toEqual({ key: "label", direction: "asc" });
  });
});

describe("csvFileName", () => {
  it("names the download after the batch and the time", () => {
    expect(csvFileName("0193c2a4-1111-2222-3333-444455556666", new Date("2026-11-24T05:06:07Z"))).toBe("melmage-batch-0193c2a4-2026-11-24-05-06-07.csv");
  });
});
