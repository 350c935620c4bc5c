import { useEffect, useState } from "react";
import { getModels, submitJob } from "../api/client";
import { decodeInBrowser, serverRefusedFormat, uploadSampleRate } from "../audio/decodeToWav";
import { FileDrop } from "../components/FileDrop";
import { JobView } from "../components/JobView";
import { ModelPicker } from "../components/ModelPicker";
import { RecorderPanel } from "../components/RecorderPanel";
import { useFetch } from "../hooks/useFetch";
import { defaultModel } from "../lib/evaluation";
import { errorText } from "../lib/format";
import { rememberJob } from "../lib/recentJobs";

interface Submission {
  jobId: string;
  fileName: string;
  audioUrl: string;
}

export function ClassifyPage() {
  const [submission, setSubmission] = useState<Submission | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The installed models; until they arrive (or if they cannot be listed) uploads name none and get the default.
  const models = useFetch(getModels);
  const [model, setModel] = useState<string | null>(null);
  useEffect(() => {
    if (models.data && model === null) setModel(defaultModel(models.data)?.name ?? null);
  }, [models.data, model]);

  // The object URL lets the answer play the very audio that was sent; free it when a new one replaces it.
  useEffect(() => () => (submission ? URL.revokeObjectURL(submission.audioUrl) : undefined), [submission]);

  const send = async (wav: Blob, fileName: string, note = "") => {
    setBusy(`${note}Uploading ${fileName}…`);
    const accepted = await submitJob(wav, fileName, model);
    rememberJob({ id: accepted.id, fileName, submittedAt: new Date().toISOString() });
    setSubmission({ jobId: accepted.id, fileName, audioUrl: URL.createObjectURL(wav) });
  };

  const run = async (work: () => Promise<void>) => {
    setError(null);
    setSubmission(null);
    try {
      await work();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const onFile = (file: File) =>
    run(async () => {
      // The original file goes to the server, which decodes every format; the browser decodes only what it refuses.
      try {
        await send(file, file.name);
      } catch (e) {
        if (!serverRefusedFormat(e)) throw e;
        setBusy(`Decoding ${file.name} in the browser…`);
        const prepared = await decodeInBrowser(file);
        if (!prepared.converted) throw e;
        await send(prepared.wav, prepared.fileName, `The server could not read ${file.name}; decoded it here to 16-bit WAV at ${uploadSampleRate} Hz. `);
      }
    });

  const onRecording = (wav: Blob) => run(() => send(wav, `recording-${new Date().toISOString().slice(11, 19).replace(/:/g, "")}.wav`));

  return (
    <section className="page">
      <h1>What does this sound like to the network?</h1>
      {models.data && models.data.length > 0 && (
        <ModelPicker models={models.data} value={model} onChange={setModel} disabled={busy !== null} />
      )}
      <div className="inputs">
        <FileDrop onFile={onFile} disabled={busy !== null} />
        <RecorderPanel onRecording={onRecording} disabled={busy !== null} />
      </div>
      {busy && <p className="status-line" role="status">{busy}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {submission && (
        <JobView
          key={submission.jobId}
          jobId={submission.jobId}
          audioUrl={submission.audioUrl}
          fileName={submission.fileName}
          models={models.data ?? []}
        />
      )}
    </section>
  );
}
