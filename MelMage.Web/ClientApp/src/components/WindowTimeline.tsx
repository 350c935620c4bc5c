import type { WindowResult } from "../api/types";
import type { Player } from "../audio/Player";
import { percent } from "../lib/format";
import { labelIcon, labelText } from "../lib/labels";
import { labelColor } from "../lib/labelColor";
import { PlaybackCursor } from "./PlaybackCursor";

/** The answer per analysis window of long audio. Windows overlap by half, so they sit on two lanes; click to seek. */
export function WindowTimeline({ windows, duration, player }: { windows: WindowResult[]; duration: number; player: Player }) {
  return (
    <section className="panel">
      <header className="panel-head">
        <h3>Timeline</h3>
        <span className="muted small">{windows.length} windows — click one to play it</span>
      </header>
      <div className="timeline" data-testid="timeline">
        {windows.map((w, i) => {
          const top = w.top[0];
          return (
            <button
              key={i}
              type="button"
              className="segment"
              title={`${w.startSeconds.toFixed(1)}–${w.endSeconds.toFixed(1)} s: ${w.top.map((t) => `${labelText(t.label)} ${percent(t.confidence, 0)}`).join(", ")}`}
              style={{
                left: `${(w.startSeconds / duration) * 100}%`,
                width: `${((w.endSeconds - w.startSeconds) / duration) * 100}%`,
                top: i % 2 === 0 ? 0 : "50%",
                background: top ? labelColor(top.label) : "#444",
              }}
              onClick={() => player.seek(w.startSeconds)}
            >
              {top ? `${labelIcon(top.label)} ${labelText(top.label)}` : "?"}
            </button>
          );
        })}
        <PlaybackCursor player={player} start={0} end={duration} />
      </div>
    </section>
  );
}
