import { useEffect, useState } from "react";
import { errorText } from "../lib/format";

export interface Fetched<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/** One request when the component appears (or `key` changes), cancelled when it goes. */
export function useFetch<T>(load: (signal: AbortSignal) => Promise<T>, key = ""): Fetched<T> {
  const [state, setState] = useState<Fetched<T>>({ data: null, error: null, loading: true });
  useEffect(() => {
    const abort = new AbortController();
    setState({ data: null, error: null, loading: true });
    load(abort.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (e) => !abort.signal.aborted && setState({ data: null, error: errorText(e), loading: false }),
    );
    return () => abort.abort();
    // `load` is a new function every render; `key` says when to fetch again.
  }, [key]);
  return state;
}
