// One audio element per answer and a clock that components subscribe to, so that the moving cursors re-render
// themselves and nothing else 60 times a second.

export class Player {
  readonly audio: HTMLAudioElement | null;
  private listeners = new Set<() => void>();
  private frame = 0;

  constructor(url: string | null) {
    this.audio = url ? new Audio(url) : null;
    const audio = this.audio;
    if (!audio) return;
    const tick = () => {
      this.emit();
      if (!audio.paused) this.frame = requestAnimationFrame(tick);
    };
    audio.addEventListener("play", () => (this.frame = requestAnimationFrame(tick)));
    audio.addEventListener("pause", () => {
      cancelAnimationFrame(this.frame);
      this.emit();
    });
    audio.addEventListener("ended", () => this.emit());
    audio.addEventListener("seeked", () => this.emit());
    audio.addEventListener("loadedmetadata", () => this.emit());
  }

  get time(): number {
    return this.audio?.currentTime ?? 0;
  }

  get playing(): boolean {
    return !!this.audio && !this.audio.paused;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  toggle(): void {
    if (!this.audio) return;
    if (this.audio.paused) void this.audio.play();
    else this.audio.pause();
  }

  seek(seconds: number): void {
    if (!this.audio) return;
    this.audio.currentTime = Math.max(0, seconds);
    this.emit();
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.audio?.pause();
    this.listeners.clear();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
