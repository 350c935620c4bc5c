import { useRef, useState, type DragEvent } from "react";

/** Drop or pick one audio file; any format the browser decodes is accepted (it is converted to WAV before upload). */
export function FileDrop({ onFile, disabled }: { onFile: (file: File) => void; disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };

  return (
    <div
      className={over ? "drop over" : "drop"}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      onClick={() => !disabled && input.current?.click()}
      role="button"
      tabIndex={0}
      onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && !disabled && input.current?.click()}
      aria-disabled={disabled}
    >
      <div className="drop-icon">📂</div>
      <div>
        <strong>Drop an audio file here</strong> or click to choose one
      </div>
      <div className="hint">WAV, MP3, OGG, Opus, FLAC, M4A, WebM … — sent as it is; the server decodes it</div>
      <input
        ref={input}
        type="file"
        accept="audio/*,.wav,.mp3,.ogg,.flac,.m4a,.aac,.opus,.webm"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) onFile(file);
        }}
      />
    </div>
  );
}
