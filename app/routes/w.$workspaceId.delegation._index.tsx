import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import type * as Y from "yjs";
import { defaultAutonomyRules, type AutonomyRules } from "../../shared/autonomy";
import { readAutonomyRules, readRuleIndicators, writeAutonomyRules, defaultRuleIndicators, type RuleIndicator } from "../../shared/collab/autonomy-rules-doc";
import { addDecision, isDelegationDocEmpty, readScheme, setCell, setServiceLineLimits, writeScheme } from "../../shared/collab/scheme-doc";
import { DECISION_AREAS, DEFAULT_LEVELS, DEFAULT_SERVICE_LINE_LEVEL_ID, demoScheme, validateScheme, type AreaId, type Decision, type Scheme } from "../../shared/delegation";
import { docAccess, type DelegationRef } from "../../shared/collab/registry";
import { CollabHeader } from "../collab/CollabHeader";
import { DraftNotice } from "../components/governance/DraftNotice";
import { inForceSummary } from "../utils/governance.server";
import { useCollabScreen } from "../collab/useCollabScreen";
import { LOCAL_ORIGIN, useDocSnapshot } from "../collab/useRoom";
import { DecisionPanel } from "../components/delegation/DecisionPanel";
import { LevelsEditor } from "../components/delegation/LevelsEditor";
import { ProcurementRoutesEditor } from "../components/delegation/ProcurementRoutesEditor";
import { RulesEditor } from "../components/delegation/RulesEditor";
import { SchemeImportPanel } from "../components/delegation/SchemeImportPanel";
import { SchemeMatrix, type CellWatcher, type GridPos } from "../components/delegation/SchemeMatrix";
import type { CellCommit } from "../components/delegation/CellEditor";
import delegationCss from "../styles/delegation.css?url";
import { requireMember } from "../utils/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: delegationCss }];
export const handle = { wide: true };

const DELEGATION: DelegationRef = { kind: "delegation" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  return {
    me: { id: user.id, name: user.name },
    workspaceId: workspace.id,
    canWrite: docAccess(member, DELEGATION) === "write",
    inForce: inForceSummary(context, workspace.id, "delegation"),
  };
}

interface Snapshot {
  empty: boolean;
  scheme: Scheme;
  rules: AutonomyRules;
  indicators: RuleIndicator[];
}

function readAll(doc: Y.Doc): Snapshot {
  return { empty: isDelegationDocEmpty(doc), scheme: readScheme(doc), rules: readAutonomyRules(doc), indicators: readRuleIndicators(doc) };
}

const EMPTY: Snapshot = {
  empty: false,
  scheme: { levels: DEFAULT_LEVELS.map((l) => ({ ...l })), serviceLineLevelId: DEFAULT_SERVICE_LINE_LEVEL_ID, decisions: [] },
  rules: defaultAutonomyRules(),
  indicators: defaultRuleIndicators(),
};

const cellKey = (decisionId: string, levelId: string | null) => `${decisionId}:${levelId ?? "#title"}`;

export default function DelegationScreen() {
  const { me, workspaceId, canWrite, inForce } = useLoaderData<typeof loader>();
  const screen = useCollabScreen(workspaceId, DELEGATION, me);
  const { room, synced, others, setPresence } = screen;
  const { empty, scheme, rules, indicators } = useDocSnapshot(room, readAll, EMPTY);
  const readOnly = !canWrite;

  const [area, setArea] = useState<"" | AreaId>("");
  const [levelFilter, setLevelFilter] = useState("");
  const [text, setText] = useState("");
  const [active, setActive] = useState<GridPos | null>(null);
  const [editing, setEditing] = useState(false);
  const [focusNonce, setFocusNonce] = useState(0);
  const [focusTitle, setFocusTitle] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  // A refused change reloads the document; what this screen said about the discarded copy is stale.
  useEffect(() => {
    if (screen.notice) setMessage(null);
  }, [screen.notice]);

  const issues = useMemo(() => validateScheme(scheme), [scheme]);
  const levelName = useCallback((id: string) => scheme.levels.find((l) => l.id === id)?.name ?? id, [scheme.levels]);
  const decisionById = useMemo(() => new Map(scheme.decisions.map((d) => [d.id, d])), [scheme.decisions]);

  const decisions = useMemo(() => {
    const q = text.trim().toLowerCase();
    const order = new Map(DECISION_AREAS.map((a, i) => [a.id, i]));
    return scheme.decisions
      .filter((d) => (!area || d.area === area) && (!q || d.title.toLowerCase().includes(q) || d.description.toLowerCase().includes(q)))
      .sort((a, b) => order.get(a.area)! - order.get(b.area)!);
  }, [scheme.decisions, area, text]);
  const levels = useMemo(() => (levelFilter ? scheme.levels.filter((l) => l.id === levelFilter) : scheme.levels), [scheme.levels, levelFilter]);

  const watchers = useMemo(() => {
    const m = new Map<string, CellWatcher[]>();
    for (const { state } of others) {
      const sel = state.selection;
      let key: string | null = null;
      if (sel?.kind === "cell") key = sel.id;
      else if (sel?.kind === "decision") key = cellKey(sel.id, null);
      if (!key) continue;
      const isEditing = !!state.editing && (state.editing.kind === "cell" ? state.editing.id === sel!.id : state.editing.kind === "decision" && sel!.kind === "decision" && state.editing.id === sel!.id);
      m.set(key, [...(m.get(key) ?? []), { name: state.user.name, colour: state.user.colour, editing: isEditing }]);
    }
    return m;
  }, [others]);

  const activate = useCallback(
    (pos: GridPos, focus?: boolean) => {
      setActive(pos);
      setEditing(false);
      setPresence("editing", null);
      setPresence("selection", pos.levelId ? { kind: "cell", id: cellKey(pos.decisionId, pos.levelId) } : { kind: "decision", id: pos.decisionId });
      if (focus) setFocusNonce((n) => n + 1);
    },
    [setPresence],
  );

  const startEdit = useCallback(
    (pos: GridPos) => {
      if (readOnly) return;
      if (!pos.levelId) {
        setActive(pos);
        setFocusTitle((n) => n + 1);
        return;
      }
      setActive(pos);
      setEditing(true);
      const id = cellKey(pos.decisionId, pos.levelId);
      setPresence("selection", { kind: "cell", id });
      setPresence("editing", { kind: "cell", id, field: "cell" });
    },
    [readOnly, setPresence],
  );

  const stopEdit = useCallback(() => {
    setEditing(false);
    setPresence("editing", null);
    setFocusNonce((n) => n + 1);
  }, [setPresence]);

  const commit = useCallback(
    (pos: GridPos, change: CellCommit): string | null => {
      if (!room || !pos.levelId || readOnly) return "You cannot edit the scheme.";
      let error: string | null = null;
      room.transact(() => {
        const r = setCell(room.doc, pos.decisionId, pos.levelId!, change.patch, LOCAL_ORIGIN);
        if (!r.ok) return void (error = r.error);
        if (change.serviceLineLimits) {
          const s = setServiceLineLimits(room.doc, pos.decisionId, change.serviceLineLimits, LOCAL_ORIGIN);
          if (!s.ok) error = s.error;
        }
      });
      if (!error) stopEdit();
      return error;
    },
    [room, readOnly, stopEdit],
  );

  const goToIssue = (decisionId: string, levelId?: string) => {
    setArea("");
    setText("");
    if (levelId && levelFilter && levelFilter !== levelId) setLevelFilter("");
    activate({ decisionId, levelId: levelId ?? null }, true);
  };

  const add = () => {
    if (!room) return;
    const r = addDecision(room.doc, { area: area || "hr", title: "New decision" }, LOCAL_ORIGIN);
    if (!r.ok) return setMessage(r.error);
    setText("");
    setMessage("Added a decision. Give it a title, then fill in who holds it at each level.");
    activate({ decisionId: r.id, levelId: null });
    setFocusTitle((n) => n + 1);
  };

  const activeDecision = active ? decisionById.get(active.decisionId) ?? null : null;
  // Someone else removed the decision (or level) under the cursor: drop the selection and any edit.
  const activeGone = !!active && synced && (!activeDecision || (active.levelId !== null && !scheme.levels.some((l) => l.id === active.levelId)));
  useEffect(() => {
    if (!activeGone) return;
    setActive(null);
    setEditing(false);
    setPresence("selection", null);
    setPresence("editing", null);
  }, [activeGone, setPresence]);
  const describe = (sel: { kind: string; id: string }) => {
    if (sel.kind === "decision") return decisionById.get(sel.id)?.title;
    if (sel.kind !== "cell") return undefined;
    const [d, l] = sel.id.split(":");
    const dec = decisionById.get(d ?? "");
    return dec && l ? `${dec.title} at ${levelName(l)}` : undefined;
  };
  const exportBase = `/w/${encodeURIComponent(workspaceId)}/delegation`;

  return (
    <>
      <CollabHeader title="Scheme of delegation" screen={screen} readOnly={readOnly} describe={describe} />
      <DraftNotice workspaceId={workspaceId} doc="delegation" inForce={inForce} />

      <div className="app-toolbar dlg-toolbar" role="search" aria-label="Filter the scheme">
        <div className="dlg-filter">
          <label className="nhsuk-label" htmlFor="dlg-area">
            Area
          </label>
          <select id="dlg-area" className="nhsuk-select" value={area} onChange={(e) => setArea(e.target.value as "" | AreaId)}>
            <option value="">All areas</option>
            {DECISION_AREAS.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="dlg-filter">
          <label className="nhsuk-label" htmlFor="dlg-level">
            Level
          </label>
          <select id="dlg-level" className="nhsuk-select" value={levelFilter} onChange={(e) => setLevelFilter(e.target.value)}>
            <option value="">All levels</option>
            {scheme.levels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <div className="dlg-filter">
          <label className="nhsuk-label" htmlFor="dlg-text">
            Search decisions
          </label>
          <input id="dlg-text" className="nhsuk-input" type="search" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
        </div>
        {!readOnly ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={add} disabled={!room}>
            Add a decision
          </button>
        ) : null}
        <p className="nhsuk-body-s dlg-toolbar__links">
          Version in force:{" "}
          <a className="nhsuk-link" href={`${exportBase}/export?format=xlsx`} download>
            Excel
          </a>
          {" · "}
          <a className="nhsuk-link" href={`${exportBase}/export?format=csv`} download>
            CSV
          </a>
          {" · "}
          <Link className="nhsuk-link" to={`${exportBase}/print`}>
            Printable view
          </Link>
          {" · "}This draft:{" "}
          <a className="nhsuk-link" href={`${exportBase}/export?format=xlsx&version=draft`} download>
            Excel
          </a>
          {" · "}
          <Link className="nhsuk-link" to={`${exportBase}/print?version=draft`}>
            Printable view
          </Link>
        </p>
      </div>

      {/* Always there (and a line high), so a message appearing never moves what is under the pointer. */}
      <p className="nhsuk-body-s app-message app-message--reserved" role="status">
        {message}
      </p>

      {issues.length ? (
        <details className="nhsuk-details dlg-issues">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text" data-testid="issue-count">
              {issues.length === 1 ? "1 problem in the scheme" : `${issues.length} problems in the scheme`}
            </span>
          </summary>
          <div className="nhsuk-details__text">
            <ul className="nhsuk-list">
              {issues.map((i, n) => (
                <li key={n}>
                  <button type="button" className="app-link-button" onClick={() => goToIssue(i.decisionId, i.levelId)}>
                    {decisionById.get(i.decisionId)?.title ?? i.decisionId}
                    {i.levelId ? ` at ${levelName(i.levelId)}` : ""}
                  </button>
                  : {i.message}
                </li>
              ))}
            </ul>
          </div>
        </details>
      ) : synced && !empty ? (
        <p className="nhsuk-body-s dlg-ok" data-testid="issue-count">
          No problems found: every lower level stays within the level above.
        </p>
      ) : null}

      {synced && empty ? (
        <div className="nhsuk-inset-text">
          <p>This trust has no scheme of delegation yet.</p>
          {!readOnly && room ? (
            <button
              type="button"
              className="nhsuk-button nhsuk-button--small"
              onClick={() =>
                room.transact(() => {
                  writeScheme(room.doc, demoScheme(), LOCAL_ORIGIN);
                  writeAutonomyRules(room.doc, defaultAutonomyRules(), LOCAL_ORIGIN, defaultRuleIndicators());
                })
              }
            >
              Start from a typical NHS trust scheme
            </button>
          ) : null}
        </div>
      ) : null}

      <div className="dlg-layout" aria-busy={!synced}>
        <div className="dlg-matrix-wrap">
          {decisions.length ? (
            <SchemeMatrix
              scheme={scheme}
              decisions={decisions}
              levels={levels}
              issues={issues}
              watchers={watchers}
              active={active}
              editing={editing}
              readOnly={readOnly}
              focusNonce={focusNonce}
              onActivate={activate}
              onStartEdit={startEdit}
              onCommit={commit}
              onCancelEdit={stopEdit}
            />
          ) : synced && !empty ? (
            <p className="nhsuk-body">No decisions match these filters.</p>
          ) : !synced ? (
            <p className="nhsuk-body">Loading the scheme…</p>
          ) : null}
          <p className="nhsuk-body-s dlg-keys">
            Arrow keys move between cells; Enter or F2 edits a cell (or the decision, from its title); Esc cancels. Ctrl+Z undoes your own changes.
          </p>
        </div>
        {activeDecision && room ? (
          <DecisionPanel
            room={room}
            decision={activeDecision}
            readOnly={readOnly}
            focusTitle={focusTitle}
            others={others
              .filter((p) => (p.state.selection?.kind === "decision" && p.state.selection.id === activeDecision.id) || (p.state.selection?.kind === "cell" && p.state.selection.id.startsWith(activeDecision.id + ":")))
              .map((p) => ({ name: p.state.user.name, colour: p.state.user.colour, editing: !!p.state.editing }))}
            onEditing={(field) => setPresence("editing", field ? { kind: "decision", id: activeDecision.id, field } : null)}
            onRemoved={() => setActive(null)}
            onClose={() => {
              setActive(null);
              setEditing(false);
              setPresence("selection", null);
              setPresence("editing", null);
            }}
            onMessage={setMessage}
          />
        ) : (
          <aside className="dlg-panel dlg-panel--empty" aria-label="Decision details">
            <p className="nhsuk-body-s">Choose a decision or a cell to see {readOnly ? "" : "and edit "}the decision&apos;s details here.</p>
          </aside>
        )}
      </div>

      {room ? (
        <div className="dlg-sections">
          {/* Keeps the heading outline whole: the rules' own headings are h3s (issue 16: no h1 → h3). */}
          <h2 className="nhsuk-heading-m">Levels, procurement routes and rules</h2>
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Levels of delegation</span>
            </summary>
            <div className="nhsuk-details__text">
              <LevelsEditor room={room} levels={scheme.levels} serviceLineLevelId={scheme.serviceLineLevelId} readOnly={readOnly} />
            </div>
          </details>
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Procurement routes (quotations and tenders)</span>
            </summary>
            <div className="nhsuk-details__text">
              <ProcurementRoutesEditor room={room} routes={scheme.procurementRoutes ?? []} readOnly={readOnly} />
            </div>
          </details>
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Earned autonomy rules</span>
            </summary>
            <div className="nhsuk-details__text">
              <RulesEditor room={room} rules={rules} indicators={indicators} readOnly={readOnly} />
            </div>
          </details>
          {!readOnly ? (
            <details className="nhsuk-details">
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">Import a scheme from Excel or CSV</span>
              </summary>
              <div className="nhsuk-details__text">
                <SchemeImportPanel
                  workspaceId={workspaceId}
                  disabled={!room}
                  onApply={(imported: Decision[], mode) => {
                    const r = writeScheme(room.doc, { ...scheme, decisions: imported }, LOCAL_ORIGIN, { mode });
                    return r.ok ? null : r.error;
                  }}
                />
              </div>
            </details>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Scheme of delegation – Devolve" }];
