import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/**
 * Re-runs the page's loader every `ms` while the tab is visible, so workflow steps and roll-ups
 * recorded by others appear without a reload (docs/decisions/042: the round and the roll-ups read
 * many documents and the relational steps, which no single room carries).
 */
export function usePoll(ms = 3_000) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === "visible" && state === "idle") revalidate();
    }, ms);
    return () => clearInterval(t);
  }, [ms, revalidate, state]);
}
