import { useState } from "react";
import type { FeatureMap } from "../api/visualization";
import { groupFeatureMaps } from "../lib/featureMapGroups";
import { FeatureMapTile } from "./FeatureMapTile";

/** What each stage of the network responds to (the mean over its channels), low frequencies at the bottom. */
export function FeatureMaps({ maps }: { maps: FeatureMap[] }) {
  const stages = groupFeatureMaps(maps);
  const [open, setOpen] = useState<string | null>(null);
  const opened = stages.find((s) => s.map.name === open);
  return (
    <section className="panel">
      <header className="panel-head">
        <h3>Feature maps</h3>
        <span className="muted small">{maps.length} maps · channel means · hover for values</span>
      </header>
      <div className="maps" data-testid="feature-maps">
        {stages.map((s) => (
          <div key={s.map.name} className="stage">
            <FeatureMapTile map={s.map} />
            {s.blocks.length > 0 && (
              <button type="button" className="link" onClick={() => setOpen(open === s.map.name ? null : s.map.name)}>
                {open === s.map.name ? "hide blocks" : `${s.blocks.length / 2} blocks inside`}
              </button>
            )}
          </div>
        ))}
      </div>
      {opened && (
        <div className="blocks" data-testid="block-maps">
          <h4>{opened.map.name} — inside each block: the sum before ReLU (conv) and the block's output (relu)</h4>
          <div className="maps small-maps">
            {opened.blocks.map((b) => (
              <FeatureMapTile key={b.name} map={b} />
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
