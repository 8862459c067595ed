import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, LinksFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import xyflowCss from "@xyflow/react/dist/style.css?url";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import { addUnit, moveUnit, readOrphans, readStructure, updateUnit, type Orphan } from "../../shared/collab/structure-doc";
import { applyStructureImport } from "../../shared/collab/structure-import";
import { docAccess, type StructureRef } from "../../shared/collab/registry";
import { can } from "../../shared/roles";
import { DEFAULT_LEADER_ROLES, UNIT_KIND_LABELS, type Structure, type UnitKind } from "../../shared/structure";
import { chartVersionText } from "../../shared/structure/chart";
import { formatDate, londonDate } from "../../shared/format/dates";
import { CollabHeader } from "../collab/CollabHeader";
import { DraftNotice } from "../components/governance/DraftNotice";
import { inForceSummary } from "../utils/governance.server";
import { useCollabScreen } from "../collab/useCollabScreen";
import { LOCAL_ORIGIN, useDocSnapshot } from "../collab/useRoom";
import { ImportPanel } from "../components/structure/ImportPanel";
import { OutlineTree } from "../components/structure/OutlineTree";
import { OrphanCallout } from "../components/structure/OrphanCallout";
import { RepairCallout, type RepairResult } from "../components/structure/RepairCallout";
import { StructureGraph } from "../components/structure/StructureGraph";
import { childKinds, UnitPanel } from "../components/structure/UnitPanel";
import { requireMember, requirePermission } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { listMembers } from "../../server/repositories/workspaces";
import { serviceLineBadges } from "../utils/autonomy.server";
import { withIncentiveMarks } from "../utils/incentives.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: xyflowCss }];
export const handle = { wide: true };

const STRUCTURE: StructureRef = { kind: "structure" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  const [badges, problems] = await Promise.all([serviceLineBadges(context, workspace.id), context.collab.problems(workspace.id, STRUCTURE)]);
  return {
    me: { id: user.id, name: user.name },
    workspaceId: workspace.id,
    trustName: workspace.name,
    canWrite: docAccess(member, STRUCTURE) === "write",
    inForce: inForceSummary(context, workspace.id, "structure"),
    // Breaches already in the saved structure (e.g. a cycle logged before the server checked updates).
    // Units without a parent are listed live, with a control to place them (OrphanCallout), not here.
    problems: await withoutOrphans(context, workspace.id, problems),
    // Who added a unit is recorded by user id; the orphan list names them.
    people: Object.fromEntries(listMembers(context.db, workspace.id).map((m) => [m.userId, m.name])) as Record<string, string>,
    canRepair: can(member, "structure.edit"),
    // Each line's incentive position beside its level (issue 13: shown "on the org graph").
    badges: await withIncentiveMarks(context, workspace.id, badges),
  };
}

async function withoutOrphans(context: LoaderFunctionArgs["context"], workspaceId: string, problems: { key: string; message: string }[]) {
  if (!problems.some((p) => p.key.endsWith(":parent"))) return problems.map((p) => p.message);
  const { units } = await readStructureNow(context, workspaceId);
  const ids = new Set(units.map((u) => u.id));
  const orphans = new Set(units.filter((u) => u.kind !== "board" && (!u.parentId || !ids.has(u.parentId))).map((u) => `unit:${u.id}:parent`));
  return problems.filter((p) => !orphans.has(p.key)).map((p) => p.message);
}

const RepairForm = z.object({ intent: z.literal("repair") });

export async function action({ request, context, params }: ActionFunctionArgs): Promise<RepairResult> {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "structure.edit", "Only administrators, executives and editors can repair the structure.");
  const parsed = RepairForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("This page does not know that action.", { status: 400 });
  try {
    // Goes through the write path like anyone's edit: logged with this person's name, sent to everyone.
    const changes = await context.collab.repair(workspace.id, STRUCTURE, { authorId: user.id });
    context.logger.info({ workspace: workspace.id, by: user.id, changes: changes.length }, "structure repaired");
    return { ok: true, changes };
  } catch (err) {
    context.logger.error({ err, workspace: workspace.id, by: user.id }, "structure repair failed");
    return { ok: false, message: "The structure could not be repaired. Nothing was changed. Try again, and if it fails again tell your system administrator." };
  }
}

const EMPTY: Structure = { trustName: "", units: [], links: [] };
const NO_ORPHANS: Orphan[] = [];

export default function StructureScreen() {
  const { me, workspaceId, trustName, canWrite, badges, problems, canRepair, inForce, people } = useLoaderData<typeof loader>();
  const repaired = useActionData<typeof action>();
  const screen = useCollabScreen(workspaceId, STRUCTURE, me);
  const { room, synced, others, setPresence } = screen;
  const structure = useDocSnapshot(room, readStructure, EMPTY);
  const orphans = useDocSnapshot(room, readOrphans, NO_ORPHANS);
  // Names of every unit seen here, kept after a unit is deleted, so an orphan can say which unit went.
  const seenNames = useRef(new Map<string, string>());
  for (const u of structure.units) seenNames.current.set(u.id, u.name);
  const readOnly = !canWrite;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ id: string; n: number } | null>(null);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [focusName, setFocusName] = useState(0);
  const [deleteRequested, setDeleteRequested] = useState(false);
  const [pendingMove, setPendingMove] = useState<{ id: string; parentId: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  // A refused change reloads the document; what this screen said about the discarded copy is stale.
  useEffect(() => {
    if (screen.notice) setMessage(null);
  }, [screen.notice]);
  const [levelFilter, setLevelFilter] = useState<"" | "1" | "2" | "3" | "4">("");
  const byId = useMemo(() => new Map(structure.units.map((u) => [u.id, u])), [structure.units]);
  const selected = selectedId ? byId.get(selectedId) ?? null : null;

  const select = useCallback(
    (id: string | null) => {
      setSelectedId(id);
      setPresence("selection", id ? { kind: "unit", id } : null);
    },
    [setPresence],
  );

  // Memoised on the presence snapshot (as `others` is) so the graph's projections only change when presence does.
  const watchers = useMemo(() => {
    const m = new Map<string, { name: string; colour: string }[]>();
    for (const { state } of others) {
      if (state.selection?.kind !== "unit") continue;
      const list = m.get(state.selection.id) ?? [];
      list.push({ name: state.user.name, colour: state.user.colour });
      m.set(state.selection.id, list);
    }
    return m;
  }, [others]);
  const remoteDrags = useMemo(() => {
    const m = new Map<string, { x: number; y: number }>();
    for (const { state } of others) if (state.drag) m.set(state.drag.id, { x: state.drag.x, y: state.drag.y });
    return m;
  }, [others]);

  const addChild = useCallback(
    (parentId: string, kind?: UnitKind) => {
      if (!room) return;
      const parent = byId.get(parentId);
      if (!parent) return;
      const k = kind ?? childKinds(parent.kind)[0];
      if (!k) return setMessage(`Nothing can be added under a ${UNIT_KIND_LABELS[parent.kind].toLowerCase()}.`);
      const codes = new Set(structure.units.map((u) => u.code.toUpperCase()));
      let n = 1;
      while (codes.has(`${parent.code}-${n}`.toUpperCase())) n++;
      const res = addUnit(
        room.doc,
        { kind: k, parentId, name: `New ${UNIT_KIND_LABELS[k].toLowerCase()}`, code: `${parent.code}-${n}`.toUpperCase(), leaders: DEFAULT_LEADER_ROLES[k].map((role) => ({ role, name: "" })), budgetHolder: "", createdBy: me.id },
        LOCAL_ORIGIN,
      );
      if ("error" in res) return setMessage(res.error);
      setMessage(`Added a ${UNIT_KIND_LABELS[k].toLowerCase()} under ${parent.name}. Give it a name.`);
      select(res.id);
      // Pans the chart to the new unit and opens its name for typing there; when the chart cannot
      // show it (scrolled away on a phone, not yet drawn), the panel's name field takes focus instead.
      setFocusRequest({ id: res.id, n: Date.now() });
      setRenamingId(res.id);
      setFocusName((n) => n + 1);
    },
    [room, byId, structure.units, select, me.id],
  );

  const rename = useCallback(
    (id: string, name: string | null) => {
      setRenamingId(null);
      setPresence("editing", null);
      if (!room || name === null) return;
      const trimmed = name.trim();
      if (trimmed && trimmed !== byId.get(id)?.name) updateUnit(room.doc, id, { name: trimmed.slice(0, 120) }, LOCAL_ORIGIN);
    },
    [room, byId, setPresence],
  );

  const matches = search.trim() ? structure.units.filter((u) => (u.name + " " + u.code).toLowerCase().includes(search.trim().toLowerCase())).slice(0, 8) : [];
  const goTo = (id: string) => {
    select(id);
    setFocusRequest({ id, n: Date.now() });
    setSearch("");
  };
  const board = structure.units.find((u) => u.kind === "board");
  // The level filter dims (never hides) the other service lines, so the chart keeps its shape.
  const dimmed = useMemo(() => {
    if (!levelFilter) return new Set<string>();
    return new Set(structure.units.filter((u) => u.kind === "service_line" && String(badges[u.id]?.level ?? "") !== levelFilter).map((u) => u.id));
  }, [levelFilter, structure.units, badges]);
  // The downloads draw what this screen shows, the draft, and say so on every page.
  const chartFooter = useMemo(() => ({ trustName, version: chartVersionText(null), printed: formatDate(londonDate()) }), [trustName]);
  const atLevel = levelFilter ? structure.units.filter((u) => u.kind === "service_line" && !dimmed.has(u.id)) : [];

  return (
    <>
      <CollabHeader title="Service-line structure" screen={screen} readOnly={readOnly} describe={(s) => (s.kind === "unit" ? byId.get(s.id)?.name : undefined)} />
      <DraftNotice workspaceId={workspaceId} doc="structure" inForce={inForce} />
      <RepairCallout problems={problems} canRepair={canRepair} result={repaired} />
      <OrphanCallout
        orphans={orphans}
        units={structure.units}
        meId={me.id}
        people={people}
        seenNames={seenNames.current}
        readOnly={readOnly}
        onMove={(id, parentId) => {
          if (!room) return;
          const res = moveUnit(room.doc, id, parentId, LOCAL_ORIGIN);
          setMessage("error" in res ? res.error : `Moved ${byId.get(id)?.name ?? "the unit"} under ${byId.get(parentId)?.name ?? "its new parent"}.`);
          if (!("error" in res)) {
            select(id);
            setFocusRequest({ id, n: Date.now() });
          }
        }}
      />

      <div className="app-toolbar">
        <div className="app-search">
          <label className="nhsuk-label" htmlFor="unit-search">
            Find a unit
          </label>
          <input
            id="unit-search"
            className="nhsuk-input"
            type="search"
            value={search}
            autoComplete="off"
            role="combobox"
            aria-expanded={matches.length > 0}
            aria-controls="unit-search-results"
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && matches[0]) goTo(matches[0].id);
            }}
          />
          {matches.length ? (
            <ul id="unit-search-results" role="listbox" className="app-search__results">
              {matches.map((u) => (
                <li key={u.id} role="option" aria-selected={false}>
                  <button type="button" className="app-link-button" onClick={() => goTo(u.id)}>
                    {u.name} <span className="nhsuk-body-s">({UNIT_KIND_LABELS[u.kind]}, {u.code})</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div className="app-level-filter">
          <label className="nhsuk-label" htmlFor="level-filter">
            Show service lines at
          </label>
          <select id="level-filter" className="nhsuk-select" value={levelFilter} onChange={(e) => setLevelFilter(e.target.value as typeof levelFilter)}>
            <option value="">Every earned autonomy level</option>
            {(["1", "2", "3", "4"] as const).map((l) => (
              <option key={l} value={l}>
                Level {l}
              </option>
            ))}
          </select>
        </div>
        {!readOnly && board ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => addChild(board.id, "division")}>
            Add a division
          </button>
        ) : null}
        <details className="nhsuk-details app-import">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Import or export</span>
          </summary>
          <div className="nhsuk-details__text">
            <ImportPanel
              workspaceId={workspaceId}
              disabled={readOnly || !room}
              onApply={(changes) => (room ? applyStructureImport(room.doc, changes, LOCAL_ORIGIN) : { ok: false, error: "Not connected yet. Wait until the status says Connected, then apply again." })}
            />
          </div>
        </details>
      </div>

      {levelFilter ? (
        <p className="nhsuk-body-s app-message" role="status" data-testid="level-filter-result">
          {atLevel.length === 0
            ? `No service line is at level ${levelFilter}.`
            : `${atLevel.length} service line${atLevel.length === 1 ? " is" : "s are"} at level ${levelFilter}: ${atLevel.map((u) => u.name).join(", ")}.`}
        </p>
      ) : null}
      {/* Always there (and a line high), so a message appearing never moves what is under the pointer. */}
      <p className="nhsuk-body-s app-message app-message--reserved" role="status">
        {message}
      </p>
      {pendingMove && byId.get(pendingMove.id) && byId.get(pendingMove.parentId) ? (
        <div className="nhsuk-inset-text app-confirm app-confirm--floating" role="alertdialog" aria-labelledby="move-q" data-testid="move-confirm">
          <p id="move-q">
            Move <strong>{byId.get(pendingMove.id)!.name}</strong> under <strong>{byId.get(pendingMove.parentId)!.name}</strong>?
          </p>
          <div className="app-inline-row">
            <button
              type="button"
              className="nhsuk-button nhsuk-button--small"
              autoFocus
              onClick={() => {
                if (room) {
                  const res = moveUnit(room.doc, pendingMove.id, pendingMove.parentId, LOCAL_ORIGIN);
                  setMessage("error" in res ? res.error : `Moved ${byId.get(pendingMove.id)!.name}.`);
                }
                setPendingMove(null);
              }}
            >
              Move
            </button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setPendingMove(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}

      <div className="app-structure" aria-busy={!synced}>
        <OutlineTree
          units={structure.units}
          selectedId={selectedId}
          readOnly={readOnly}
          badges={badges}
          dimmed={dimmed}
          watchers={watchers}
          onSelect={(id) => {
            select(id);
            // The chart follows the outline, the keyboard route through the structure.
            setFocusRequest({ id, n: Date.now() });
          }}
          onRename={(id, name) => rename(id, name)}
          onAddChild={(id) => addChild(id)}
          onDelete={(id) => {
            select(id);
            setDeleteRequested(true);
          }}
        />
        <StructureGraph
          structure={structure}
          selectedId={selectedId}
          readOnly={readOnly}
          badges={badges}
          dimmed={dimmed}
          watchers={watchers}
          remoteDrags={remoteDrags}
          focusRequest={focusRequest}
          renamingId={renamingId}
          onSelect={select}
          onStartRename={(id) => {
            setRenamingId(id);
            setPresence("editing", { kind: "unit", id, field: "name" });
          }}
          onRename={rename}
          onDragLive={(drag) => setPresence("drag", drag)}
          onDropOnParent={(id, parentId) => setPendingMove({ id, parentId })}
          onNudge={(id, offset) => room && updateUnit(room.doc, id, { position: offset }, LOCAL_ORIGIN)}
          chartFooter={chartFooter}
          chartHref={`/w/${workspaceId}/structure/chart`}
        />
        {selected && room ? (
          <UnitPanel
            room={room}
            unit={selected}
            structure={structure}
            readOnly={readOnly}
            deleteRequested={deleteRequested}
            focusName={focusName}
            onDeleteRequestHandled={() => setDeleteRequested(false)}
            onSelect={select}
            onAddChild={addChild}
            onEditing={(field) => setPresence("editing", field ? { kind: "unit", id: selected.id, field } : null)}
            otherViewers={others
              .filter((p) => p.state.selection?.kind === "unit" && p.state.selection.id === selected.id)
              .map((p) => ({ name: p.state.user.name, colour: p.state.user.colour, field: p.state.editing?.id === selected.id ? p.state.editing.field : undefined }))}
          />
        ) : (
          <section className="app-panel app-panel--empty" aria-label="Unit details">
            <p className="nhsuk-body-s">Choose a unit in the outline or the chart to see {readOnly ? "" : "and edit "}its details here.</p>
          </section>
        )}
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Structure – Devolve" }];
