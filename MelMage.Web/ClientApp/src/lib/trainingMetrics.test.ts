import { describe, expect, it } from "vitest";
import { epochsOf, metricNames } from "./trainingMetrics";

describe("epochsOf", () => {
  it("reads epochs from the run, from metrics, or from metrics JSON text", () => {
    const epochs = [{ epoch: 1, trainLoss: 2.1, valAccuracy: 0.3 }, { epoch: 2, trainLoss: 1.5, valAccuracy: 0.5 }];
    expect(epochsOf({ id: "a", status: "done", epochs })).toEqual(epochs);
    expect(epochsOf({ id: "b", status: "done", metrics: { epochs } })).toEqual(epochs);
    expect(epochsOf({ id: "c", status: "done", metrics: JSON.stringify({ history: epochs }) })).toEqual(epochs);
  });

  it("numbers epochs from 1 when they carry no number and drops non-numeric fields", () => {
    expect(epochsOf({ id: "d", status: "running", metrics: [{ loss: 1, note: "warm-up" }, { loss: 0.5 }] })).toEqual([
      { loss: 1, epoch: 1 },
      { loss: 0.5, epoch: 2 },
    ]);
  });

  it("finds nothing in a run without metrics", () => {
    expect(epochsOf({ id: "e", status: "queued" })).toEqual([]);
    expect(epochsOf({ id: "f", status: "queued", metrics: "not json" })).toEqual([]);
  });
});

describe("metricNames", () => {
  it("splits losses from accuracies", () => {
    expect(metricNames([{ epoch: 1, train_loss: 1, val_loss: 2, val_accuracy: 0.4, lr: 0.001 }])).toEqual({
      losses: ["train_loss", "val_loss"],
      accuracies: ["val_accuracy"],
    });
  });
});
