import { describe, expect, it } from "vitest";
import { bandCentreHz, formatHz, frequencyTicks, hzToBandPosition, hzToMel, melToHz, modelMelAxis, timeTicks } from "./melScale";

describe("HTK mel scale", () => {
  it("matches the HTK formula at known points", () => {
    expect(hzToMel(0)).toBe(0);
    expect(hzToMel(700)).toBeCloseTo(2595 * Math.log10(2), 9);
    // 1000 Hz is ~1000 mel on the HTK scale by construction.
    expect(hzToMel(1000)).toBeCloseTo(999.99, 1);
    expect(hzToMel(22050)).toBeCloseTo(3923.337, 2);
  });

  it("inverts", () => {
    for (const hz of [0, 55, 440, 3000, 22050]) expect(melToHz(hzToMel(hz))).toBeCloseTo(hz, 6);
  });

  it("puts band centres on 130 equally spaced mel points from 0 to 22050 Hz", () => {
    const step = hzToMel(22050) / 129;
    expect(bandCentreHz(modelMelAxis, 0)).toBeCloseTo(melToHz(step), 6);
    expect(bandCentreHz(modelMelAxis, 127)).toBeCloseTo(melToHz(128 * step), 6);
    expect(bandCentreHz(modelMelAxis, 127)).toBeLessThan(22050);
  });

  it("places a band's centre frequency in the middle of its row", () => {
    for (const band of [0, 10, 64, 127]) {
      expect(hzToBandPosition(modelMelAxis, bandCentreHz(modelMelAxis, band))).toBeCloseTo(band + 0.5, 6);
    }
  });

  it("clamps frequencies outside the axis", () => {
    expect(hzToBandPosition(modelMelAxis, 0)).toBe(0);
    expect(hzToBandPosition(modelMelAxis, 22050)).toBe(128);
  });

  it("gives ticks within the axis, with 1 kHz near the middle of the mel range's lower half", () => {
    const ticks = frequencyTicks(modelMelAxis);
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBe(16000);
    const kHz = hzToBandPosition(modelMelAxis, 1000) / 128;
    expect(kHz).toBeGreaterThan(0.2);
    expect(kHz).toBeLessThan(0.3);
  });

  it("formats frequencies", () => {
    expect(formatHz(250)).toBe("250 Hz");
    expect(formatHz(2000)).toBe("2 kHz");
    expect(formatHz(1500)).toBe("1.5 kHz");
  });
});

describe("timeTicks", () => {
  it("uses 1 s steps for a 5 s clip", () => {
    expect(timeTicks(0, 5)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("starts at the first step inside a window that does not start at zero", () => {
    expect(timeTicks(2.5, 7.5)).toEqual([3, 4, 5, 6, 7]);
  });

  it("coarsens for long audio and returns nothing for an empty span", () => {
    expect(timeTicks(0, 60)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(timeTicks(3, 3)).toEqual([]);
  });
});
