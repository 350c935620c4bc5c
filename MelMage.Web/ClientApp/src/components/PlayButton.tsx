import type { Player } from "../audio/Player";
import { usePlaybackTime, usePlaying } from "../hooks/usePlayback";
import { seconds } from "../lib/format";

export function PlayButton({ player, duration }: { player: Player; duration: number }) {
  const playing = usePlaying(player);
  const time = usePlaybackTime(player);
  if (!player.audio) return <span className="muted small">Playback is available for audio sent from this page.</span>;
  return (
    <span className="play">
      <button type="button" onClick={() => player.toggle()} aria-label={playing ? "pause" : "play"}>
        {playing ? "❚❚ Pause" : "▶ Play"}
      </button>
      <span className="muted small">
        {seconds(time)} / {seconds(duration)}
      </span>
    </span>
  );
}
