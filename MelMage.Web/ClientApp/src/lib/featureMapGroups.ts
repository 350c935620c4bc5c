// The 37 maps: conv1, layer1–4 (each layer's output), and inside each layer the blocks' pre-activation sums
// (layerN.blockK.conv) and outputs (layerN.blockK.relu). The page shows the five stages and opens a layer's blocks
// on demand.

export interface Named {
  name: string;
}

export interface Stage<T extends Named> {
  map: T;
  /** Block internals in forward order: block0.conv, block0.relu, block1.conv, … */
  blocks: T[];
}

const blockPattern = /^(layer\d+)\.block(\d+)\.(conv|relu)$/;

export function groupFeatureMaps<T extends Named>(maps: readonly T[]): Stage<T>[] {
  const stages = maps.filter((m) => !blockPattern.test(m.name)).map((map) => ({ map, blocks: [] as T[] }));
  for (const m of maps) {
    const match = blockPattern.exec(m.name);
    const stage = match && stages.find((s) => s.map.name === match[1]);
    if (stage) stage.blocks.push(m);
  }
  for (const s of stages) {
    s.blocks.sort((a, b) => blockOrder(a.name) - blockOrder(b.name));
  }
  return stages;
}

function blockOrder(name: string): number {
  const match = blockPattern.exec(name);
  return match ? Number(match[2]) * 2 + (match[3] === "conv" ? 0 : 1) : 0;
}
