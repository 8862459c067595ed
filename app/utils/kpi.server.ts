import type { AppLoadContext } from "@remix-run/node";

export interface ServiceLineOption {
  id: string;
  name: string;
  division: string;
}

/** The structure's service lines with their divisions' names, by division then name: for names, filters and choices in the KPI screens. */
export async function serviceLineOptions(context: AppLoadContext, workspaceId: string): Promise<ServiceLineOption[]> {
  const structure = await context.collab.read(workspaceId, { kind: "structure" });
  const byId = new Map(structure.units.map((u) => [u.id, u]));
  return structure.units
    .filter((u) => u.kind === "service_line")
    .map((u) => ({ id: u.id, name: u.name, division: (u.parentId && byId.get(u.parentId)?.name) || "Reporting to the Board" }))
    .sort((a, b) => a.division.localeCompare(b.division) || a.name.localeCompare(b.name));
}

/** A unit's name, or its id marked as no longer in the structure (a catalogue entry may name a line since removed). */
export function unitNamer(lines: readonly ServiceLineOption[]): (id: string) => string {
  const names = new Map(lines.map((l) => [l.id, l.name]));
  return (id) => names.get(id) ?? `${id} (not in the structure)`;
}
