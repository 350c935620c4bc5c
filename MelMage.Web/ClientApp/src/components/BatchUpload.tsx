import { useEffect, useRef, useState } from "react";
import { ApiError } from "../api/ApiError";
import { getModels, submitBatch } from "../api/client";
import { decodeInBrowser, isZip, looksLikeAudio, serverRefusedFormat } from "../audio/decodeToWav";
import { useFetch } from "../hooks/useFetch";
import { defaultModel } from "../lib/evaluation";
import { errorText } from "../lib/format";
import { ModelPicker } from "./ModelPicker";

/** Collects files (several, a whole folder, or a ZIP of WAVs), converts what is not WAV, and sends them as a batch. */
export function BatchUpload({ onAccepted }: { onAccepted: (batchId: string) => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<string[]>([]);
  const folder = useRef<HTMLInputElement>(null);
  const models = useFetch(getModels);
  const [model, setModel] = useState<string | null>(null);
  useEffect(() => {
    if (models.data && model === null) setModel(defaultModel(models.data)?.name ?? null);
  }, [models.data, model]);

  // React has no typed prop for it; browsers have long supported the prefixed attribute.
  useEffect(() => folder.current?.setAttribute("webkitdirectory", ""), []);

  const add = (list: FileList | null) => {
    if (!list) return;
    const picked = Array.from(list).filter((f) => isZip(f) || looksLikeAudio(f));
    setFiles((current) => [...current, ...picked]);
    setError(picked.length === 0 && list.length > 0 ? "None of those files look like audio or a ZIP." : null);
  };

  const send = async () => {
    setError(null);
    setRefused([]);
    try {
      // Originals first: the server decodes every format. Only if it refuses a format are the files decoded here.
      setBusy(`Uploading ${files.length} file${files.length === 1 ? "" : "s"}…`);
      let accepted;
      try {
        accepted = await submitBatch(files.map((f) => ({ blob: f, name: relativeName(f, f.name) })), model);
      } catch (e) {
        if (!serverRefusedFormat(e)) throw e;
        const prepared: { blob: Blob; name: string }[] = [];
        for (const [i, f] of files.entries()) {
          setBusy(`Decoding in the browser ${i + 1} of ${files.length}: ${f.name}`);
          const p = isZip(f) ? { wav: f as Blob, fileName: f.name } : await decodeInBrowser(f);
          prepared.push({ blob: p.wav, name: relativeName(f, p.fileName) });
        }
        setBusy(`Uploading ${files.length} decoded file${files.length === 1 ? "" : "s"}…`);
        accepted = await submitBatch(prepared, model);
      }
      onAccepted(accepted.id);
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiError) setRefused(e.files);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="batch-upload">
      {models.data && models.data.length > 0 && (
        <ModelPicker models={models.data} value={model} onChange={setModel} disabled={busy !== null} />
      )}
      <div
        className="drop"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          add(e.dataTransfer.files);
        }}
      >
        <div className="drop-icon">🗂️</div>
        <strong>Drop audio files or a ZIP here, or choose:</strong>
        <div className="row">
          <label className="button">
            Files…
            <input type="file" multiple hidden accept="audio/*,.wav,.mp3,.ogg,.flac,.m4a,.zip" data-testid="batch-files" onChange={(e) => add(e.target.files)} />
          </label>
          <label className="button">
            A folder…
            <input ref={folder} type="file" hidden data-testid="batch-folder" onChange={(e) => add(e.target.files)} />
          </label>
          <label className="button">
            A ZIP…
            <input type="file" hidden accept=".zip,application/zip" onChange={(e) => add(e.target.files)} />
          </label>
        </div>
      </div>
      {files.length > 0 && (
        <div className="row">
          <span data-testid="batch-count">
            {files.length} file{files.length === 1 ? "" : "s"} chosen ({(files.reduce((n, f) => n + f.size, 0) / 1e6).toFixed(1)} MB)
          </span>
          <button type="button" className="primary" disabled={busy !== null} onClick={send}>
            Classify them
          </button>
          <button type="button" disabled={busy !== null} onClick={() => setFiles([])}>
            Clear
          </button>
        </div>
      )}
      {busy && <p className="status-line">{busy}</p>}
      {error && (
        <div className="error" role="alert">
          {error}
          {refused.length > 0 && (
            <ul className="refused">
              {refused.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

/** Keeps the folder path for files from a folder, so the results say where each came from. */
function relativeName(file: File, converted: string): string {
  const path = file.webkitRelativePath;
  if (!path) return converted;
  const dir = path.slice(0, path.length - file.name.length);
  return dir + converted;
}
