import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { createContext, memo, useContext, useEffect, useRef } from "react";
import type { UnitKind } from "../../../shared/structure";

export interface AutonomyBadge {
  level: 1 | 2 | 3 | 4;
  /** Review (PRM) frequency at this level, e.g. "Quarterly". */
  review: string;
  /** Where the line stands in this year's incentive ledger (issue 13), when a framework is approved. */
  incentive?: { label: string; tone: IncentiveTone } | null;
}

export type IncentiveTone = "earning" | "held" | "consequence";
/** The same palette as the level badges: earning green, held back amber, a consequence red. */
const INCENTIVE_STYLE: Record<IncentiveTone, { color: string; background: string }> = {
  earning: { color: "#00401e", background: "#cce5d8" },
  held: { color: "#594d00", background: "#fff9c4" },
  consequence: { color: "#6b140e", background: "#f7d4d1" },
};

export type UnitNodeData = {
  name: string;
  code: string;
  kind: UnitKind;
  kindLabel: string;
  lead?: string;
  manager?: string;
  badge?: AutonomyBadge | null;
  /** Other people who have this unit selected. */
  watchers: { name: string; colour: string }[];
};

export type UnitNodeType = Node<UnitNodeData, "unit">;

/** Graph-wide actions that nodes call; kept out of node.data (React Flow data should be plain). */
export const GraphActions = createContext<{
  readOnly: boolean;
  renamingId: string | null;
  finishRename(id: string, name: string | null): void;
  startRename(id: string): void;
}>({ readOnly: true, renamingId: null, finishRename: () => {}, startRename: () => {} });

export const LEVEL_TEXT: Record<number, string> = { 1: "Level 1", 2: "Level 2", 3: "Level 3", 4: "Level 4" };

function RenameInput({ id, name }: { id: string; name: string }) {
  const { finishRename } = useContext(GraphActions);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <input
      ref={ref}
      className="nodrag nopan app-node__rename"
      aria-label="Unit name"
      defaultValue={name}
      maxLength={120}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Enter") finishRename(id, e.currentTarget.value);
        if (e.key === "Escape") finishRename(id, null);
      }}
      onBlur={(e) => finishRename(id, e.currentTarget.value)}
    />
  );
}

/** One unit in the org chart: kind, name, clinical lead and manager, autonomy badge, who is looking. */
export const UnitNode = memo(function UnitNode({ id, data, selected }: NodeProps<UnitNodeType>) {
  const { readOnly, renamingId, startRename } = useContext(GraphActions);
  const ring = data.watchers[0]?.colour;
  return (
    <div
      className={`app-node app-node--${data.kind}${selected ? " app-node--selected" : ""}`}
      style={ring ? { boxShadow: `0 0 0 3px ${ring}` } : undefined}
      data-testid={`unit-node-${data.code}`}
      onDoubleClick={() => !readOnly && startRename(id)}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      {/* Side handles carry the lines of the stacked list (sub-service lines and points of delivery). */}
      <Handle type="target" id="side-in" position={Position.Left} isConnectable={false} style={{ top: 18 }} />
      <Handle type="source" id="side-out" position={Position.Left} isConnectable={false} style={{ top: 18 }} />
      <div className="app-node__kind">
        {data.kindLabel} · {data.code}
      </div>
      {renamingId === id ? <RenameInput id={id} name={data.name} /> : <div className="app-node__name">{data.name}</div>}
      {data.lead ? <div className="app-node__person">Lead: {data.lead}</div> : null}
      {data.manager ? <div className="app-node__person">Manager: {data.manager}</div> : null}
      <div className="app-node__footer">
        {data.badge ? (
          <span className={`app-badge app-badge--l${data.badge.level}`} title={`Earned autonomy ${LEVEL_TEXT[data.badge.level]}, reviewed ${data.badge.review.toLowerCase()}`}>
            {LEVEL_TEXT[data.badge.level]} · {data.badge.review}
          </span>
        ) : (
          <span />
        )}
        {data.badge?.incentive ? (
          <span className="app-badge" style={INCENTIVE_STYLE[data.badge.incentive.tone]} data-testid={`incentive-badge-${data.code}`} title={`Incentives: ${data.badge.incentive.label}`}>
            {data.badge.incentive.label}
          </span>
        ) : null}
        {data.watchers.length ? (
          <span className="app-node__watchers">
            {data.watchers.map((w) => (
              <span key={w.name} className="app-node__watcher" style={{ background: w.colour }} title={`${w.name} has this selected`}>
                {w.name.split(" ").slice(-1)[0]}
              </span>
            ))}
          </span>
        ) : null}
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
