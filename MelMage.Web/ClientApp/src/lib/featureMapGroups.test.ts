import { describe, expect, it } from "vitest";
import { groupFeatureMaps } from "./featureMapGroups";

/** The 37 names in the order the model produces them. */
function modelOrder(): { name: string }[] {
  const names = ["conv1"];
  [3, 4, 6, 3].forEach((blocks, l) => {
    for (let b = 0; b < blocks; b++) names.push(`layer${l + 1}.block${b}.conv`, `layer${l + 1}.block${b}.relu`);
    names.push(`layer${l + 1}`);
  });
  return names.map((name) => ({ name }));
}

describe("groupFeatureMaps", () => {
  it("gives the five stages with each layer's block internals in forward order", () => {
    const maps = modelOrder();
    expect(maps).toHaveLength(37);
    const stages = groupFeatureMaps(maps);
    expect(stages.map((s) => s.map.name)).toEqual(["conv1", "layer1", "layer2", "layer3", "layer4"]);
    expect(stages.map((s) => s.blocks.length)).toEqual([0, 6, 8, 12, 6]);
    expect(stages[3].blocks.slice(0, 3).map((b) => b.name)).toEqual(["layer3.block0.conv", "layer3.block0.relu", "layer3.block1.conv"]);
  });

  it("orders blocks numerically whatever order they arrive in", () => {
    const stages = groupFeatureMaps([{ name: "layer1.block10.relu" }, { name: "layer1.block2.conv" }, { name: "layer1" }]);
    expect(stages[0].blocks.map((b) => b.name)).toEqual(["layer1.block2.conv", "layer1.block10.relu"]);
  });
});
