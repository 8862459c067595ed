import ELK from "elkjs/lib/elk.bundled.js";
import type { Unit } from "../../../shared/structure";

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 112;

const elk = new ELK();

/**
 * Automatic top-down org-chart positions from ELK's layered algorithm. Only the tree (parent links)
 * drives the layout; support links are drawn over it. Manual nudges are applied on top by the caller,
 * so a person's adjustment survives later re-layouts.
 */
export async function layoutTree(units: readonly Pick<Unit, "id" | "parentId" | "order">[]): Promise<Map<string, { x: number; y: number }>> {
  const ids = new Set(units.map((u) => u.id));
  const sorted = [...units].sort((a, b) => a.order - b.order);
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
    children: sorted.map((u) => ({ id: u.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: sorted.filter((u) => u.parentId && ids.has(u.parentId)).map((u) => ({ id: `e-${u.id}`, sources: [u.parentId!], targets: [u.id] })),
  };
  const result = await elk.layout(graph);
  const out = new Map<string, { x: number; y: number }>();
  for (const c of result.children ?? []) out.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
  return out;
}
