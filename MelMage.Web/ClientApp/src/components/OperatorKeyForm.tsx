import { useState, type FormEvent } from "react";
import { saveOperatorKey } from "../lib/operatorKey";

/** Asks for the operator key (kept for this tab only) when an operator view was refused. */
export function OperatorKeyForm({ reason, onSaved }: { reason: string; onSaved: () => void }) {
  const [value, setValue] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    saveOperatorKey(value);
    onSaved();
  };
  return (
    <form className="operator-key" onSubmit={submit} data-testid="operator-key-form">
      <p className="muted">{reason}</p>
      <label>
        Operator key{" "}
        <input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} data-testid="operator-key" />
      </label>{" "}
      <button type="submit" disabled={!value.trim()}>
        Use key
      </button>
    </form>
  );
}
