import type { Player } from "../audio/Player";
import { usePlaybackTime } from "../hooks/usePlayback";

/** A vertical line at the playback position over a drawing that spans [start, end] seconds; hidden outside it. */
export function PlaybackCursor({ player, start, end }: { player: Player; start: number; end: number }) {
  const time = usePlaybackTime(player);
  if (!player.audio || end <= start || time < start || time > end) return null;
  return <div className="cursor" style={{ left: `${((time - start) / (end - start)) * 100}%` }} />;
}
