import { useState } from "react";
import { ApiError } from "../api/ApiError";
import { requeueFailed } from "../api/client";
import { errorText } from "../lib/format";
import { OperatorKeyForm } from "./OperatorKeyForm";

/** Operator actions on the running system; each asks for the operator key when the API refuses without it. */
export function OperatorTools() {
  const [message, setMessage] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const requeue = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const count = await requeueFailed();
      setRefused(null);
      setMessage(`Re-queued ${count} failed job${count === 1 ? "" : "s"}.`);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setRefused(e.detail ?? e.title);
      else setMessage(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" data-testid="operator-tools">
      <header className="panel-head">
        <h3>Operator</h3>
        <button onClick={requeue} disabled={busy}>
          Re-queue failed jobs
        </button>
      </header>
      {message && <p className="status-line">{message}</p>}
      {refused && <OperatorKeyForm reason={`Re-queueing is for operators. ${refused}`} onSaved={requeue} />}
    </section>
  );
}
