import {
  applyNodeChanges,
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
  type NodeChange,
} from "@xyflow/react";
import { Link } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { leaderByRole, placementError, UNIT_KIND_LABELS, type Structure, type Unit } from "../../../shared/structure";
import { layoutChart, type ChartFooter } from "../../../shared/structure/chart";
import { layoutTree, NODE_HEIGHT, NODE_WIDTH } from "../graph/layout";
import { downloadChartPng, downloadChartSvg } from "./chartDownload";
import { GraphActions, UnitNode, type AutonomyBadge, type UnitNodeType } from "../graph/UnitNode";

const nodeTypes = { unit: UnitNode };
/** Names are 14 px in a node: at this zoom they are 10.5 px on screen. */
const READABLE_ZOOM = 0.75;

export interface GraphProps {
  structure: Structure;
  selectedId: string | null;
  readOnly: boolean;
  badges?: Record<string, AutonomyBadge>;
  /** Units to show faded (e.g. service lines outside the chosen autonomy level). */
  dimmed?: Set<string>;
  watchers: Map<string, { name: string; colour: string }[]>;
  /** Live positions of nodes other people are dragging right now. */
  remoteDrags: Map<string, { x: number; y: number }>;
  focusRequest: { id: string; n: number } | null;
  renamingId: string | null;
  onSelect(id: string | null): void;
  onStartRename(id: string): void;
  onRename(id: string, name: string | null): void;
  onDragLive(drag: { id: string; x: number; y: number } | null): void;
  /** Dropped on a new parent: move it there (after confirmation by the caller). */
  onDropOnParent(id: string, parentId: string): void;
  /** Dropped in open space: keep the manual nudge (offset from the automatic layout). */
  onNudge(id: string, offset: { x: number; y: number } | null): void;
  /** The footer of the downloaded chart (its pages are of what this screen shows: the draft). */
  chartFooter: ChartFooter;
  /** The printable A4 chart's address. */
  chartHref: string;
}

function unitToNode(u: Unit, pos: { x: number; y: number }, props: GraphProps): UnitNodeType {
  return {
    id: u.id,
    type: "unit",
    position: pos,
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    selected: props.selectedId === u.id,
    draggable: !props.readOnly,
    className: props.dimmed?.has(u.id) ? "app-dimmed" : undefined,
    data: {
      name: u.name,
      code: u.code,
      kind: u.kind,
      kindLabel: UNIT_KIND_LABELS[u.kind],
      lead: (leaderByRole(u, "clinical") ?? leaderByRole(u, "lead") ?? leaderByRole(u, "chief"))?.name,
      manager: (leaderByRole(u, "manag") ?? leaderByRole(u, "director"))?.name,
      badge: props.badges?.[u.id] ?? null,
      watchers: props.watchers.get(u.id) ?? [],
    },
  };
}

function Graph(props: GraphProps) {
  const { structure, readOnly, focusRequest } = props;
  const flow = useReactFlow<UnitNodeType>();
  const [auto, setAuto] = useState<Map<string, { x: number; y: number }>>(new Map());
  const [nodes, setNodes] = useState<UnitNodeType[]>([]);
  const dragging = useRef<string | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const fitted = useRef(false);

  // Re-layout only when the tree's shape changes, not on every rename.
  const shapeKey = useMemo(() => structure.units.map((u) => `${u.id}>${u.parentId}:${u.order}:${u.kind}`).join("|"), [structure.units]);
  useEffect(() => {
    let cancelled = false;
    layoutTree(structure.units).then((pos) => !cancelled && setAuto(pos));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shapeKey]);

  const positionOf = useCallback(
    (u: Unit) => {
      const remote = props.remoteDrags.get(u.id);
      if (remote) return remote;
      const base = auto.get(u.id) ?? { x: 0, y: 0 };
      return u.position ? { x: base.x + u.position.x, y: base.y + u.position.y } : base;
    },
    [auto, props.remoteDrags],
  );

  // Project the document onto React Flow nodes, keeping local drag state for the node being dragged.
  useEffect(() => {
    if (!auto.size && structure.units.length) return;
    setNodes((prev) => {
      const prevById = new Map(prev.map((n) => [n.id, n]));
      return structure.units.map((u) => {
        const node = unitToNode(u, positionOf(u), props);
        const old = prevById.get(u.id);
        if (old && dragging.current === u.id) node.position = old.position;
        if (old?.measured) node.measured = old.measured;
        return node;
      });
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [structure, auto, positionOf, props.selectedId, props.badges, props.dimmed, props.watchers, readOnly]);

  // Opens readable: the top of the tree (the board and its divisions) at a zoom where names are at
  // least 10 px (14 px × READABLE_ZOOM), not the whole trust squeezed into the box; "Fit all" shows it all.
  const canvas = useRef<HTMLDivElement>(null);
  /** Centres the chart on a node at a readable zoom (the canvas's own size, as showTop uses). */
  const centreOn = useCallback(
    (p: { x: number; y: number }) => {
      const el = canvas.current;
      if (!el) return;
      const zoom = Math.max(flow.getZoom(), READABLE_ZOOM);
      void flow.setViewport({ x: el.clientWidth / 2 - (p.x + NODE_WIDTH / 2) * zoom, y: el.clientHeight / 2 - (p.y + NODE_HEIGHT / 2) * zoom, zoom }, { duration: 200 });
    },
    [flow],
  );
  const showTop = useCallback(() => {
    // The top of the tree (the board, its divisions below) at a zoom where names stay readable, not the
    // whole trust squeezed in (names were 3 px); "Fit all" shows everything.
    const board = structure.units.find((u) => u.kind === "board");
    void flow.fitView({ nodes: board ? [{ id: board.id }] : undefined, padding: 0.05, minZoom: 0.85, maxZoom: 0.85 });
  }, [flow, structure.units]);
  useEffect(() => {
    if (!fitted.current && nodes.length && auto.size) {
      fitted.current = true;
      // A unit chosen before the chart was drawn is shown instead of the top.
      requestAnimationFrame(() => {
        if (focusRef.current) return;
        // A small trust fits whole at a readable size; a large one opens at the top. A structure with
        // units cut off from the board (bad data awaiting repair) opens whole, so they are seen.
        const reached = new Set(structure.units.filter((u) => u.kind === "board").map((u) => u.id));
        // Reachable from the board: one pass per level, bounded, so a cycle cannot loop.
        for (let changed = true, pass = 0; changed && pass < 64; pass++) {
          changed = false;
          for (const u of structure.units) {
            if (reached.has(u.id) || !u.parentId || !reached.has(u.parentId)) continue;
            reached.add(u.id);
            changed = true;
          }
        }
        const cutOff = reached.size < structure.units.length;
        void flow.fitView({ padding: 0.05, maxZoom: 1 }).then(() => {
          if (!cutOff && !focusRef.current && flow.getZoom() < READABLE_ZOOM) showTop();
        });
      });
    }
    // Once, when the chart is first drawn; later changes of the structure keep the person's view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodes.length, auto.size, showTop]);

  // Pans to a unit chosen in the outline, found or just added; waits for a new unit's first layout.
  const panned = useRef<number | null>(null);
  const focusRef = useRef(focusRequest);
  focusRef.current = focusRequest;
  useEffect(() => {
    if (!focusRequest || panned.current === focusRequest.n) return;
    // From the layout itself: a unit just added has no place (nor a drawn node) until it has run.
    const unit = structure.units.find((u) => u.id === focusRequest.id);
    if (!unit || !auto.has(unit.id)) return;
    panned.current = focusRequest.n;
    centreOn(positionOf(unit));
  }, [focusRequest, structure.units, auto, positionOf, centreOn]);

  // The chart is one tab stop; arrow keys walk the tree (up: parent, down: first unit below,
  // left/right: the units beside), so nodes and edges are not tab stops of their own.
  const [spoken, setSpoken] = useState("");
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const units = structure.units;
    const current = units.find((u) => u.id === props.selectedId) ?? units.find((u) => u.kind === "board") ?? units[0];
    if (!current) return;
    const siblings = units.filter((u) => u.parentId === current.parentId).sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    const i = siblings.findIndex((u) => u.id === current.id);
    let next: Unit | undefined;
    if (e.key === "ArrowUp") next = units.find((u) => u.id === current.parentId);
    else if (e.key === "ArrowDown") next = units.filter((u) => u.parentId === current.id && u.id !== current.id).sort((a, b) => a.order - b.order)[0];
    else if (e.key === "ArrowLeft") next = siblings[i - 1];
    else if (e.key === "ArrowRight") next = siblings[i + 1];
    else if (e.key === "Home") next = units.find((u) => u.kind === "board");
    else if ((e.key === "Enter" || e.key === "F2") && props.selectedId && !readOnly) {
      e.preventDefault();
      props.onStartRename(props.selectedId);
      return;
    } else return;
    e.preventDefault();
    if (!props.selectedId && !next) next = current;
    if (!next) return;
    props.onSelect(next.id);
    setSpoken(`${next.name}, ${UNIT_KIND_LABELS[next.kind].toLowerCase()}`);
    const n = flow.getNode(next.id);
    if (n) centreOn(n.position);
  };

  const edges = useMemo<Edge[]>(() => {
    const ids = new Set(structure.units.map((u) => u.id));
    const tree: Edge[] = structure.units
      // A unit saved as its own parent (bad data awaiting repair) gets no loop drawn onto itself.
      .filter((u) => u.parentId && u.parentId !== u.id && ids.has(u.parentId))
      .map((u) => {
        const stacked = u.kind === "sub_service_line" || u.kind === "pod";
        return {
          id: `p-${u.id}`,
          source: u.parentId!,
          target: u.id,
          type: stacked ? "step" : "smoothstep",
          ...(stacked ? { sourceHandle: "side-out", targetHandle: "side-in" } : {}),
          style: { stroke: "#768692", strokeWidth: 1.5 },
        };
      });
    const support: Edge[] = structure.links
      .filter((l) => ids.has(l.fromId) && ids.has(l.toId))
      .map((l) => ({
        id: `l-${l.id}`,
        source: l.fromId,
        target: l.toId,
        label: l.description.length > 40 ? l.description.slice(0, 38) + "…" : l.description,
        style: { stroke: "#7c2855", strokeDasharray: "6 4" },
        labelStyle: { fontSize: 11, fill: "#7c2855" },
        labelBgStyle: { fill: "#ffffff", fillOpacity: 0.9 },
        labelBgPadding: [4, 2] as [number, number],
        markerEnd: { type: MarkerType.ArrowClosed, color: "#7c2855" },
      }));
    return [...tree, ...support];
  }, [structure.units, structure.links]);

  const onNodesChange = useCallback((changes: NodeChange<UnitNodeType>[]) => {
    // Selection is ours (shared through presence); React Flow's own select changes are ignored.
    setNodes((nds) => applyNodeChanges(changes.filter((c) => c.type !== "select" && c.type !== "remove"), nds));
  }, []);

  const lastLive = useRef(0);
  // The downloads are the A4 chart (shared/structure/chart.ts), not a picture of this canvas: laid
  // out for paper, with page numbers and the version line, from the structure this screen shows.
  const exportImage = async (format: "png" | "svg") => {
    setExporting(`Preparing the ${format.toUpperCase()}…`);
    try {
      const pages = await layoutChart(structure);
      if (format === "svg") downloadChartSvg(pages, props.chartFooter, "structure-chart.svg");
      else await downloadChartPng(pages, props.chartFooter, "structure-chart.png");
      setExporting(null);
    } catch {
      setExporting(`The ${format.toUpperCase()} could not be made. Try again, or use the CSV export.`);
    }
  };

  const actions = useMemo(
    () => ({ readOnly, renamingId: props.renamingId, finishRename: props.onRename, startRename: props.onStartRename }),
    [readOnly, props.renamingId, props.onRename, props.onStartRename],
  );

  return (
    <GraphActions.Provider value={actions}>
      <div className="app-graph__bar">
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => void flow.fitView({ padding: 0.05, maxZoom: 1 })}>
          Fit all
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={showTop}>
          Top of the tree
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => exportImage("svg")}>
          Download chart (SVG)
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => exportImage("png")}>
          Download chart (PNG)
        </button>
        <Link className="nhsuk-link nhsuk-body-s app-graph__print" to={props.chartHref}>
          Printable chart (A4)
        </Link>
        {exporting ? (
          <p className="nhsuk-body-s" role="status">
            {exporting}
          </p>
        ) : null}
      </div>
      <div
        ref={canvas}
        className="app-graph__canvas"
        tabIndex={0}
        role="group"
        aria-label="Organisation chart: arrow keys move between units"
        aria-describedby="graph-keys"
        onKeyDown={onKeyDown}
        data-testid="graph-canvas"
      >
        <span id="graph-keys" className="nhsuk-u-visually-hidden">
          Up goes to the unit above, Down to the first unit below, Left and Right to the units beside{readOnly ? "" : ", Enter renames"}. The outline has the same content.
        </span>
        <span className="nhsuk-u-visually-hidden" role="status">
          {spoken}
        </span>
      <ReactFlow<UnitNodeType>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        nodesDraggable={!readOnly}
        elementsSelectable
        deleteKeyCode={null}
        minZoom={0.05}
        maxZoom={2}
        onlyRenderVisibleElements
        onNodeClick={(_, n) => props.onSelect(n.id)}
        onPaneClick={() => props.onSelect(null)}
        onNodeDragStart={(_, n) => {
          dragging.current = n.id;
          props.onSelect(n.id);
        }}
        onNodeDrag={(_, n) => {
          const now = performance.now();
          if (now - lastLive.current > 50) {
            lastLive.current = now;
            props.onDragLive({ id: n.id, x: n.position.x, y: n.position.y });
          }
        }}
        onNodeDragStop={(_, n) => {
          dragging.current = null;
          props.onDragLive(null);
          const unit = structure.units.find((u) => u.id === n.id);
          if (!unit) return;
          const target = flow
            .getIntersectingNodes(n)
            .map((o) => structure.units.find((u) => u.id === o.id))
            .find((o): o is Unit => !!o && o.id !== unit.parentId && !placementError(structure.units, unit.id, unit.kind, o.id));
          if (target) return props.onDropOnParent(unit.id, target.id);
          const base = auto.get(n.id) ?? { x: 0, y: 0 };
          props.onNudge(n.id, { x: Math.round(n.position.x - base.x), y: Math.round(n.position.y - base.y) });
        }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} color="#d8dde0" />
        <Controls showInteractive={false} showFitView={false} aria-label="Zoom controls" />
      </ReactFlow>
      </div>
      {/* The overview sits in its own strip below the chart, so it never covers a unit. */}
      <div className="app-graph__overview">
        <MiniMap pannable zoomable position="top-right" bgColor="#ffffff" maskColor="rgba(216, 221, 224, 0.6)" ariaLabel="Overview of the whole chart" nodeColor={(n: Node) => (n.id === props.selectedId ? "#005eb8" : "#aeb7bd")} />
      </div>
    </GraphActions.Provider>
  );
}

/** The co-edited org chart of the trust. */
export function StructureGraph(props: GraphProps) {
  return (
    <div className="app-graph" role="region" aria-label="Organisation chart (the outline beside it has the same content)">
      <ReactFlowProvider>
        <Graph {...props} />
      </ReactFlowProvider>
    </div>
  );
}
