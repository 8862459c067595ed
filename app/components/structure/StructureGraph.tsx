import {
  applyNodeChanges,
  Background,
  Controls,
  getNodesBounds,
  getViewportForBounds,
  MarkerType,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
  type NodeChange,
} from "@xyflow/react";
import { toPng, toSvg } from "html-to-image";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { leaderByRole, placementError, UNIT_KIND_LABELS, type Structure, type Unit } from "../../../shared/structure";
import { layoutTree, NODE_HEIGHT, NODE_WIDTH } from "../graph/layout";
import { GraphActions, UnitNode, type AutonomyBadge, type UnitNodeType } from "../graph/UnitNode";

const nodeTypes = { unit: UnitNode };

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

  useEffect(() => {
    if (!fitted.current && nodes.length && auto.size) {
      fitted.current = true;
      requestAnimationFrame(() => flow.fitView({ padding: 0.1, maxZoom: 1 }));
    }
  }, [nodes.length, auto.size, flow]);

  useEffect(() => {
    if (!focusRequest) return;
    const n = flow.getNode(focusRequest.id);
    if (n) flow.setCenter(n.position.x + NODE_WIDTH / 2, n.position.y + NODE_HEIGHT / 2, { zoom: Math.max(flow.getZoom(), 0.9), duration: 300 });
  }, [focusRequest, flow]);

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
  const exportImage = async (format: "png" | "svg") => {
    const viewport = document.querySelector<HTMLElement>(".app-graph .react-flow__viewport");
    if (!viewport) return;
    setExporting(`Preparing the ${format.toUpperCase()}…`);
    try {
      const bounds = getNodesBounds(flow.getNodes());
      const width = Math.min(8000, Math.ceil(bounds.width + 80));
      const height = Math.min(8000, Math.ceil(bounds.height + 80));
      const vp = getViewportForBounds(bounds, width, height, 0.05, 2, 0.02);
      const options = { backgroundColor: "#ffffff", width, height, style: { width: `${width}px`, height: `${height}px`, transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})` } };
      const url = format === "png" ? await toPng(viewport, options) : await toSvg(viewport, options);
      const a = document.createElement("a");
      a.href = url;
      a.download = `structure-chart.${format}`;
      a.click();
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
      <ReactFlow<UnitNodeType>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        nodesConnectable={false}
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
        <Controls showInteractive={false} aria-label="Zoom controls" />
        <MiniMap pannable zoomable ariaLabel="Overview of the whole chart" nodeColor={(n: Node) => (n.id === props.selectedId ? "#005eb8" : "#aeb7bd")} />
        <Panel position="top-right" className="app-graph__export">
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => exportImage("png")}>
            Download PNG
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => exportImage("svg")}>
            Download SVG
          </button>
          {exporting ? (
            <p className="nhsuk-body-s" role="status">
              {exporting}
            </p>
          ) : null}
        </Panel>
      </ReactFlow>
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
