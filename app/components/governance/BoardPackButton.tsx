import { useState } from "react";

type State = { phase: "idle" } | { phase: "building"; step: string; done: number; total: number } | { phase: "error"; message: string };

/**
 * Builds the Board pack in the background with its progress shown, then downloads it. Without
 * script, the link downloads it directly (the build takes a second or two).
 */
export function BoardPackButton({ href }: { href: string }) {
  const [state, setState] = useState<State>({ phase: "idle" });
  async function build(e: React.MouseEvent) {
    e.preventDefault();
    setState({ phase: "building", step: "Starting", done: 0, total: 1 });
    try {
      const started = await fetch(href, { method: "POST", headers: { Accept: "application/json" } });
      const body = (await started.json()) as { job?: string; error?: string };
      if (!started.ok || !body.job) throw new Error(body.error ?? "The Board pack could not be started");
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const res = await fetch(`${href}?job=${body.job}`, { headers: { Accept: "application/json" } });
        const p = (await res.json()) as { step: string; done: number; total: number; ready: boolean; error: string | null };
        if (!res.ok || p.error) throw new Error(p.error ?? "The Board pack could not be built");
        setState({ phase: "building", step: p.step, done: p.done, total: p.total });
        if (p.ready) {
          window.location.assign(`${href}?job=${body.job}&download=1`);
          setState({ phase: "idle" });
          return;
        }
      }
    } catch (err) {
      setState({ phase: "error", message: err instanceof Error ? err.message : "The Board pack could not be built" });
    }
  }
  return (
    <div className="nhsuk-u-margin-bottom-5">
      <a className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2" href={href} onClick={build} aria-disabled={state.phase === "building"} data-testid="board-pack">
        Download the Board pack (PDF)
      </a>
      <div aria-live="polite">
        {state.phase === "building" ? (
          <p className="nhsuk-body-s" data-testid="board-pack-progress">
            <label htmlFor="pack-progress">Building the Board pack: {state.step}</label>{" "}
            <progress id="pack-progress" max={state.total} value={state.done}>
              {state.done} of {state.total}
            </progress>
          </p>
        ) : null}
        {state.phase === "error" ? <p className="nhsuk-error-message">{state.message}</p> : null}
      </div>
    </div>
  );
}
