import { useEffect, useRef, useState, type FormEvent } from "react";

/** The life of an import panel: choose a file, the server checks it, then the person applies it. */
export type FileCheckState<T, Applied = object> =
  | { step: "idle" }
  | { step: "checking"; fileName: string }
  | { step: "checked"; result: T }
  | ({ step: "applied"; result: T } & Applied)
  | { step: "failed"; message: string };

/**
 * Posts the chosen spreadsheet to an import route that only checks it (and answers JSON), with one
 * request at a time, cancelled on unmount, and plain-English messages when it cannot be checked.
 * `forbidden` is what to say when the person's role may not import.
 */
export function useFileCheck<T, Applied = object>(url: string, forbidden: string) {
  const [state, setState] = useState<FileCheckState<T, Applied>>({ step: "idle" });
  const [fieldError, setFieldError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const abortRef = useRef<AbortController | null>(null);
  useEffect(() => () => abortRef.current?.abort(), []);

  async function check(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (!file) {
      setFieldError("Choose a CSV or Excel file to check");
      inputRef.current?.focus();
      return;
    }
    setFieldError(null);
    abortRef.current?.abort();
    const abort = new AbortController();
    abortRef.current = abort;
    setState({ step: "checking", fileName: file.name });
    const body = new FormData();
    body.append("file", file);
    try {
      const res = await fetch(url, { method: "POST", body, signal: abort.signal, headers: { Accept: "application/json" } });
      if ((res.headers.get("content-type") ?? "").includes("application/json")) setState({ step: "checked", result: (await res.json()) as T });
      else if (res.status === 403) setState({ step: "failed", message: forbidden });
      else if (res.status === 401 || res.redirected || res.status === 302) setState({ step: "failed", message: "You have been signed out. Sign in again, then upload the file again." });
      else setState({ step: "failed", message: "The file could not be checked. Try again, and if it keeps happening tell your administrator." });
    } catch {
      if (!abort.signal.aborted) setState({ step: "failed", message: "The file could not be sent. Check your connection and try again." });
    }
  }

  /** After a successful apply: clear the chosen file so the same one is not applied twice by mistake. */
  const clearFile = () => {
    if (inputRef.current) inputRef.current.value = "";
  };

  return { state, setState, fieldError, setFieldError, inputRef, check, clearFile };
}
