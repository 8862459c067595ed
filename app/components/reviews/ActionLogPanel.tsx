import { useMemo, useState, type FormEvent } from "react";
import type * as Y from "yjs";
import { ACTION_RAG, ACTION_RAG_LABELS, addActionUpdate, addLoggedAction, closeAction, isOverdue, LINK_KIND_LABELS, LINK_KINDS, readActionLog, reopenAction, setActionFields, type ActionLog, type ActionRag, type LoggedAction } from "../../../shared/collab/action-log-doc";
import { formatDate } from "../../../shared/format/dates";
import type { CollabScreen } from "../../collab/useCollabScreen";
import { LOCAL_ORIGIN, useDocSnapshot } from "../../collab/useRoom";

export const readLog = (doc: Y.Doc): ActionLog => readActionLog(doc);

const RAG_TAG: Record<ActionRag, string> = { red: "nhsuk-tag--red", amber: "nhsuk-tag--orange", green: "nhsuk-tag--green" };

interface Props {
  screen: CollabScreen;
  initial: ActionLog;
  me: { id: string; name: string };
  meetingId: string;
  meetingDate: string;
  today: string;
  /** Whether this person may write everything (chair, secretary, executive). */
  writeAll: boolean;
  readOnly: boolean;
  /** Service lines this person may write actions for (a contributor's own lines). */
  ownLines: readonly string[];
  units: { id: string; name: string }[];
  defaultUnitId: string;
  people: { id: string; name: string }[];
}

/**
 * The live action log (ULHT §5.1: "the action log is maintained both during and after the
 * meetings"): every open action of the series and those closed, co-edited; closing an action needs
 * its evidence, which the server checks too (shared/collab/action-log-doc.ts).
 */
export function ActionLogPanel({ screen, initial, me, meetingId, meetingDate, today, writeAll, readOnly, ownLines, units, defaultUnitId, people }: Props) {
  const log = useDocSnapshot(screen.room, readLog, initial);
  const doc = screen.room?.doc ?? null;
  const [error, setError] = useState<string | null>(null);
  const [showClosed, setShowClosed] = useState(false);
  const { others, setPresence } = screen;
  const here = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const o of others) {
      const sel = o.state.selection;
      if (sel?.kind === "action") m.set(sel.id, [...(m.get(sel.id) ?? []), o.state.user.name]);
    }
    return m;
  }, [others]);
  const mayEdit = (a: LoggedAction) => !readOnly && (writeAll || (!!a.unitId && ownLines.includes(a.unitId)) || a.ownerId === me.id);
  const run = (r: { ok: true } | { ok: false; error: string }) => {
    setError(r.ok ? null : r.error);
    return r.ok;
  };
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? "";
  const open = log.actions.filter((a) => a.status === "open");
  const closed = log.actions.filter((a) => a.status === "closed");
  const shown = showClosed ? [...open, ...closed] : open;
  const updatesOf = (id: string) => log.updates.filter((u) => u.actionId === id);

  function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!doc) return;
    const f = new FormData(e.currentTarget);
    const ownerId = String(f.get("ownerId") ?? "");
    const ownerName = ownerId ? (people.find((p) => p.id === ownerId)?.name ?? "") : String(f.get("ownerName") ?? "");
    const ok = run(
      addLoggedAction(
        doc,
        {
          action: String(f.get("action") ?? ""),
          ownerName,
          ownerId,
          due: String(f.get("due") ?? ""),
          unitId: String(f.get("unitId") ?? ""),
          linkKind: String(f.get("linkKind") ?? "none") as LoggedAction["linkKind"],
          linkRef: String(f.get("linkRef") ?? "").trim(),
          linkLabel: String(f.get("linkRef") ?? "").trim(),
          rag: String(f.get("rag") ?? "amber") as ActionRag,
          meetingId,
          raisedOn: meetingDate,
        },
        LOCAL_ORIGIN,
      ),
    );
    if (ok) e.currentTarget.reset();
  }

  return (
    <section aria-labelledby="action-log-h" data-testid="action-log">
      <h2 id="action-log-h">Action log</h2>
      <p className="nhsuk-body-s">
        {open.length} open · {open.filter((a) => isOverdue(a, today)).length} overdue · {closed.length} closed. Edited live: everyone here sees changes as they are made.
      </p>
      {error ? (
        <p className="nhsuk-error-message" role="alert" data-testid="action-log-error">
          {error}
        </p>
      ) : null}
      <div className="nhsuk-checkboxes__item">
        <input className="nhsuk-checkboxes__input" id="show-closed" type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} />
        <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="show-closed">
          Show closed actions
        </label>
      </div>
      {shown.length === 0 ? <p>No open actions.</p> : null}
      {shown.map((a) => {
        const editable = mayEdit(a);
        const overdue = isOverdue(a, today);
        return (
          <article key={a.id} className="nhsuk-card nhsuk-u-margin-bottom-3" data-testid={`action-${a.ref}`} aria-label={`Action ${a.ref}`} onFocus={() => setPresence("selection", { kind: "action", id: a.id })}>
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading nhsuk-heading-s">
                {a.ref}: {a.action}
              </h3>
              <p className="nhsuk-body-s">
                Owner {a.ownerName} · due {a.due ? formatDate(a.due) : "—"} {overdue ? <strong className="nhsuk-tag nhsuk-tag--red">Overdue</strong> : null} · <strong className={`nhsuk-tag ${RAG_TAG[a.rag]}`}>{a.rag.toUpperCase()}</strong>
                {a.status === "closed" ? <strong className="nhsuk-tag nhsuk-tag--grey"> Closed {a.closedOn ? formatDate(a.closedOn) : ""}</strong> : null}
                {a.unitId ? ` · ${unitName(a.unitId)}` : ""}
                {a.linkKind !== "none" ? ` · ${LINK_KIND_LABELS[a.linkKind]}: ${a.linkLabel || a.linkRef}` : ""}
              </p>
              {here.get(a.id)?.length ? (
                <p className="nhsuk-body-s" aria-label={`Also looking at ${a.ref}`}>
                  Also here: {here.get(a.id)!.join(", ")}
                </p>
              ) : null}
              {a.status === "closed" ? <p className="nhsuk-body-s">Evidence: {a.evidence}</p> : null}
              {updatesOf(a.id).length ? (
                <ul className="nhsuk-list nhsuk-body-s">
                  {updatesOf(a.id).map((u) => (
                    <li key={u.id}>
                      {formatDate(u.on)}, {u.byName}: {u.text}
                    </li>
                  ))}
                </ul>
              ) : null}
              {editable && doc ? (
                <div className="app-action-controls">
                  {a.status === "open" ? (
                    <>
                      <label className="nhsuk-label" htmlFor={`rag-${a.id}`}>
                        RAG for {a.ref}
                      </label>
                      <select className="nhsuk-select" id={`rag-${a.id}`} value={a.rag} onChange={(e) => run(setActionFields(doc, a.id, { rag: e.target.value as ActionRag }, LOCAL_ORIGIN))}>
                        {ACTION_RAG.map((r) => (
                          <option key={r} value={r}>
                            {ACTION_RAG_LABELS[r]}
                          </option>
                        ))}
                      </select>
                      <form
                        onSubmit={(e) => {
                          e.preventDefault();
                          const text = String(new FormData(e.currentTarget).get("text") ?? "");
                          if (run(addActionUpdate(doc, { actionId: a.id, text, on: today, byId: me.id, byName: me.name, meetingId }, LOCAL_ORIGIN))) e.currentTarget.reset();
                        }}
                      >
                        <label className="nhsuk-label" htmlFor={`update-${a.id}`}>
                          Update on {a.ref}
                        </label>
                        <input className="nhsuk-input" id={`update-${a.id}`} name="text" />
                        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2" type="submit">
                          Add the update
                        </button>
                      </form>
                      <form
                        onSubmit={(e) => {
                          e.preventDefault();
                          const evidence = String(new FormData(e.currentTarget).get("evidence") ?? "");
                          run(closeAction(doc, a.id, evidence, today, LOCAL_ORIGIN));
                        }}
                      >
                        <label className="nhsuk-label" htmlFor={`evidence-${a.id}`}>
                          Evidence that {a.ref} is done
                        </label>
                        <textarea className="nhsuk-textarea" id={`evidence-${a.id}`} name="evidence" rows={2} />
                        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                          Close {a.ref}
                        </button>
                      </form>
                    </>
                  ) : (
                    <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => run(reopenAction(doc, a.id, LOCAL_ORIGIN))}>
                      Reopen {a.ref}
                    </button>
                  )}
                </div>
              ) : null}
            </div>
          </article>
        );
      })}
      {!readOnly && writeAll && doc ? (
        <form onSubmit={add} data-testid="add-action" aria-labelledby="add-action-h">
          <h3 id="add-action-h">Add an action</h3>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="new-action">
              Action
            </label>
            <textarea className="nhsuk-textarea" id="new-action" name="action" rows={2} />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="new-owner">
              Owner
            </label>
            <select className="nhsuk-select" id="new-owner" name="ownerId" defaultValue="">
              <option value="">Someone else (name below)</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="new-owner-name">
              Owner's name, if not in Devolve
            </label>
            <input className="nhsuk-input" id="new-owner-name" name="ownerName" />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="new-due">
              Due date
            </label>
            <input className="nhsuk-input nhsuk-input--width-10" id="new-due" name="due" type="date" />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="new-unit">
              Service line or division it concerns
            </label>
            <select className="nhsuk-select" id="new-unit" name="unitId" defaultValue={defaultUnitId}>
              <option value="">None</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="new-link-kind">
              Linked to
            </label>
            <select className="nhsuk-select" id="new-link-kind" name="linkKind" defaultValue="none">
              {LINK_KINDS.map((k) => (
                <option key={k} value={k}>
                  {LINK_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="new-link-ref">
              Objective or KPI (for example RTT18)
            </label>
            <input className="nhsuk-input" id="new-link-ref" name="linkRef" />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="new-rag">
              RAG
            </label>
            <select className="nhsuk-select" id="new-rag" name="rag" defaultValue="amber">
              {ACTION_RAG.map((r) => (
                <option key={r} value={r}>
                  {ACTION_RAG_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          <button className="nhsuk-button" type="submit">
            Add the action
          </button>
        </form>
      ) : null}
    </section>
  );
}
