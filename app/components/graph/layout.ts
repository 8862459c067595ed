import type { ELK as ElkApi } from "elkjs/lib/elk-api";
import type { Unit } from "../../../shared/structure";

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 112;
const STACK_GAP = 14;
const STACK_INDENT = 22;

// ELK is about 1.4 MB of script: load it on first layout so the page itself appears at once.
let elk: Promise<ElkApi> | undefined;
const loadElk = () => (elk ??= import("elkjs/lib/elk.bundled.js").then((m) => new m.default()));

/** Units drawn as a vertical list under their service line rather than as another row of the chart. */
const stacks = (u: Pick<Unit, "kind">) => u.kind === "sub_service_line" || u.kind === "pod";

/**
 * Automatic top-down org-chart positions. ELK's layered algorithm places the board, divisions,
 * service lines and corporate services; sub-service lines and points of delivery are stacked as an
 * indented list below their service line, as paper org charts do, so a trust with hundreds of PODs
 * stays a readable width. Manual nudges are applied on top by the caller, so a person's adjustment
 * survives later re-layouts.
 */
export async function layoutTree(units: readonly Pick<Unit, "id" | "parentId" | "order" | "kind">[]): Promise<Map<string, { x: number; y: number }>> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const sorted = [...units].sort((a, b) => a.order - b.order);
  const children = new Map<string, typeof sorted>();
  for (const u of sorted) if (u.parentId && byId.has(u.parentId)) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);

  // Each chart-level unit carries the stacked list of its finer units (depth-first, with depth).
  // Each unit is stacked once at most: a structure saved with a cycle cannot make this loop.
  const stackOf = new Map<string, { id: string; depth: number }[]>();
  const stacked = new Set<string>();
  const collect = (id: string, depth: number, out: { id: string; depth: number }[]) => {
    for (const c of children.get(id) ?? []) {
      if (!stacks(c) || stacked.has(c.id)) continue;
      stacked.add(c.id);
      out.push({ id: c.id, depth });
      collect(c.id, depth + 1, out);
    }
    return out;
  };
  const chartUnits = sorted.filter((u) => !stacks(u) || !u.parentId || !byId.has(u.parentId));
  for (const u of chartUnits) stackOf.set(u.id, collect(u.id, 1, []));
  // Finer units caught in a cycle among themselves hang under no chart unit: draw them as their own.
  for (const u of sorted) {
    if (!stacks(u) || stacked.has(u.id) || stackOf.has(u.id)) continue;
    stacked.add(u.id);
    chartUnits.push(u);
    stackOf.set(u.id, collect(u.id, 1, []));
  }

  const chartIds = new Set(chartUnits.map((u) => u.id));
  const graph = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.spacing.nodeNode": "28",
      "elk.layered.spacing.nodeNodeBetweenLayers": "56",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.separateConnectedComponents": "false",
    },
    children: chartUnits.map((u) => {
      const stack = stackOf.get(u.id) ?? [];
      const maxDepth = stack.reduce((m, s) => Math.max(m, s.depth), 0);
      return { id: u.id, width: NODE_WIDTH + maxDepth * STACK_INDENT, height: NODE_HEIGHT + stack.length * (NODE_HEIGHT + STACK_GAP) };
    }),
    edges: chartUnits.filter((u) => u.parentId && u.parentId !== u.id && chartIds.has(u.parentId)).map((u) => ({ id: `e-${u.id}`, sources: [u.parentId!], targets: [u.id] })),
  };
  const result = await (await loadElk()).layout(graph);
  const out = new Map<string, { x: number; y: number }>();
  for (const c of result.children ?? []) {
    const x = c.x ?? 0;
    const y = c.y ?? 0;
    out.set(c.id, { x, y });
    (stackOf.get(c.id) ?? []).forEach((s, i) => out.set(s.id, { x: x + s.depth * STACK_INDENT, y: y + (i + 1) * (NODE_HEIGHT + STACK_GAP) }));
  }
  return out;
}
