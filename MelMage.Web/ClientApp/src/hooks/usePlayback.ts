import { useSyncExternalStore } from "react";
import type { Player } from "../audio/Player";

export function usePlaybackTime(player: Player): number {
  return useSyncExternalStore(player.subscribe, () => player.time);
}

export function usePlaying(player: Player): boolean {
  return useSyncExternalStore(player.subscribe, () => player.playing);
}
