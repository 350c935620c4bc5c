import { useState } from "react";
import { errorText } from "../lib/format";

/** Deletes something for good after a second click (no browser dialog): the API removes the audio, the answers and the
 * cached pictures at once. */
export function DeleteButton({ what, onDelete, onDeleted }: { what: string; onDelete: () => Promise<void>; onDeleted: () => void }) {
  const [armed, setArmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onDelete();
      onDeleted();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <span className="delete" data-testid="delete">
      {!armed && (
        <button className="link" onClick={() => setArmed(true)}>
          Delete {what}
        </button>
      )}
      {armed && (
        <>
          <span className="muted small">Delete the audio and the results for good? </span>
          <button onClick={confirm} disabled={busy}>
            Yes, delete
          </button>{" "}
          <button className="link" onClick={() => setArmed(false)} disabled={busy}>
            Keep
          </button>
        </>
      )}
      {error && <span className="error small">{error}</span>}
    </span>
  );
}
