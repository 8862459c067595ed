import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { ancestorIds, indexStructure, UNIT_KIND_LABELS, UNIT_KINDS, type Unit } from "../../../shared/structure";
import type { AutonomyBadge } from "../graph/UnitNode";
import { LEVEL_TEXT } from "../graph/UnitNode";

interface Props {
  units: Unit[];
  selectedId: string | null;
  readOnly: boolean;
  badges?: Record<string, AutonomyBadge>;
  dimmed?: Set<string>;
  watchers: Map<string, { name: string; colour: string }[]>;
  onSelect(id: string): void;
  onRename(id: string, name: string): void;
  onAddChild(parentId: string): void;
  onDelete(id: string): void;
}

interface Row {
  unit: Unit;
  level: number;
  hasChildren: boolean;
  parentId: string | null;
  posinset: number;
  setsize: number;
}

/**
 * The accessible equivalent of the org chart: a WAI-ARIA tree with a roving tab stop. Arrow keys
 * move and expand/collapse, Enter renames, Insert adds a unit below, Delete removes (with confirmation).
 */
export function OutlineTree({ units, selectedId, readOnly, badges, dimmed, watchers, onSelect, onRename, onAddChild, onDelete }: Props) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [focusId, setFocusId] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const itemRefs = useRef(new Map<string, HTMLLIElement>());
  // True once the open rename has been saved or cancelled (Enter or Escape).
  const settled = useRef(true);

  const { rows, byId } = useMemo(() => {
    const { children, byId } = indexStructure(units);
    // The tree as shown, each unit once under its parent. A structure saved with a cycle (a unit
    // under one of its own units) would otherwise be walked for ever; the units of a cycle cannot be
    // reached from the top, so they are listed after the tree as tops of their own (the higher kind
    // first) rather than lost, until someone repairs the structure.
    const tops: Unit[] = [];
    const below = new Map<string, Unit[]>();
    const placed = new Set<string>();
    const placeFrom = (top: Unit) => {
      placed.add(top.id);
      tops.push(top);
      const stack = [top];
      while (stack.length) {
        const u = stack.pop()!;
        const kids = (children.get(u.id) ?? []).filter((c) => !placed.has(c.id));
        for (const c of kids) placed.add(c.id);
        below.set(u.id, kids);
        stack.push(...kids);
      }
    };
    for (const u of children.get(null) ?? []) if (!placed.has(u.id)) placeFrom(u);
    const rank = (u: Unit) => UNIT_KINDS.indexOf(u.kind);
    const stranded = units.filter((u) => !placed.has(u.id)).sort((a, b) => rank(a) - rank(b) || a.order - b.order || a.name.localeCompare(b.name));
    for (const u of stranded) if (!placed.has(u.id)) placeFrom(u);

    const rows: Row[] = [];
    const walk = (kids: readonly Unit[], parentId: string | null, level: number) => {
      kids.forEach((u, i) => {
        const mine = below.get(u.id) ?? [];
        rows.push({ unit: u, level, hasChildren: mine.length > 0, parentId, posinset: i + 1, setsize: kids.length });
        if (mine.length > 0 && !collapsed.has(u.id)) walk(mine, u.id, level + 1);
      });
    };
    walk(tops, null, 1);
    return { rows, byId };
  }, [units, collapsed]);

  // Reveal and focus the selection made elsewhere (e.g. by clicking a node in the chart).
  useEffect(() => {
    if (!selectedId || !byId.has(selectedId)) return;
    setFocusId(selectedId);
    // A unit added or chosen elsewhere is scrolled into view in the outline too (without taking focus).
    requestAnimationFrame(() => itemRefs.current.get(selectedId)?.scrollIntoView({ block: "nearest" }));
    // Bounded and cycle-safe: a unit saved under its own unit must not hang the page.
    const open = ancestorIds((id) => byId.get(id)?.parentId, selectedId).filter((id) => collapsed.has(id));
    if (open.length) setCollapsed((c) => new Set([...c].filter((id) => !open.includes(id))));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId, byId]);

  const tabStop = focusId && rows.some((r) => r.unit.id === focusId) ? focusId : rows[0]?.unit.id;
  const moveTo = (id: string | undefined) => {
    if (!id) return;
    setFocusId(id);
    onSelect(id);
    // Focus at once when the item is on screen (keyboard users expect no lag); after the next
    // render when it is about to appear (e.g. just expanded).
    const el = itemRefs.current.get(id);
    if (el) el.focus();
    else requestAnimationFrame(() => itemRefs.current.get(id)?.focus());
  };

  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>, row: Row) => {
    if (e.target !== e.currentTarget) return;
    const i = rows.findIndex((r) => r.unit.id === row.unit.id);
    const toggle = (open: boolean) =>
      setCollapsed((c) => {
        const n = new Set(c);
        if (open) n.delete(row.unit.id);
        else n.add(row.unit.id);
        return n;
      });
    switch (e.key) {
      case "ArrowDown":
        moveTo(rows[i + 1]?.unit.id);
        break;
      case "ArrowUp":
        moveTo(rows[i - 1]?.unit.id);
        break;
      case "Home":
        moveTo(rows[0]?.unit.id);
        break;
      case "End":
        moveTo(rows[rows.length - 1]?.unit.id);
        break;
      case "ArrowRight":
        if (row.hasChildren && collapsed.has(row.unit.id)) toggle(true);
        else if (row.hasChildren) moveTo(rows[i + 1]?.unit.id);
        break;
      case "ArrowLeft":
        if (row.hasChildren && !collapsed.has(row.unit.id)) toggle(false);
        else if (row.parentId) moveTo(row.parentId);
        break;
      case "Enter":
      case "F2":
        if (!readOnly) setRenaming(row.unit.id);
        break;
      case "Insert":
        if (!readOnly) onAddChild(row.unit.id);
        break;
      case "Delete":
        if (!readOnly) onDelete(row.unit.id);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div className="app-outline">
      <h2 className="nhsuk-heading-s" id="outline-heading">
        Outline
      </h2>
      <p className="nhsuk-body-s nhsuk-u-secondary-text-color" id="outline-help">
        {readOnly ? "Use the arrow keys to move through the structure." : "Arrow keys move, Enter renames, Insert adds a unit below, Delete removes."}
      </p>
      <ul role="tree" aria-labelledby="outline-heading" aria-describedby="outline-help" className="app-outline__tree">
        {rows.map((row) => {
          const u = row.unit;
          const badge = badges?.[u.id];
          const who = watchers.get(u.id) ?? [];
          return (
            <li
              key={u.id}
              ref={(el) => {
                if (el) itemRefs.current.set(u.id, el);
                else itemRefs.current.delete(u.id);
              }}
              role="treeitem"
              aria-level={row.level}
              aria-posinset={row.posinset}
              aria-setsize={row.setsize}
              aria-expanded={row.hasChildren ? !collapsed.has(u.id) : undefined}
              aria-selected={selectedId === u.id}
              tabIndex={tabStop === u.id ? 0 : -1}
              className={"app-outline__item" + (selectedId === u.id ? " app-outline__item--selected" : "") + (dimmed?.has(u.id) ? " app-dimmed" : "")}
              style={{ paddingLeft: `${(row.level - 1) * 1.1 + 0.3}rem` }}
              onKeyDown={(e) => onKeyDown(e, row)}
              onClick={(e) => {
                e.stopPropagation();
                moveTo(u.id);
              }}
              data-testid={`outline-${u.code}`}
            >
              <span aria-hidden="true" className="app-outline__twisty">
                {row.hasChildren ? (collapsed.has(u.id) ? "▸" : "▾") : "·"}
              </span>
              {renaming === u.id ? (
                <input
                  className="nhsuk-input app-outline__rename"
                  aria-label={`New name for ${u.name}`}
                  defaultValue={u.name}
                  maxLength={120}
                  autoFocus
                  onClick={(e) => e.stopPropagation()}
                  onKeyDown={(e) => {
                    e.stopPropagation();
                    if (e.key === "Enter") {
                      // Moving focus below blurs this input at once, before React drops it: the
                      // ref says the rename is already settled so the blur does not write again.
                      settled.current = true;
                      onRename(u.id, e.currentTarget.value);
                      setRenaming(null);
                      moveTo(u.id);
                    } else if (e.key === "Escape") {
                      e.preventDefault();
                      settled.current = true;
                      setRenaming(null);
                      moveTo(u.id);
                    }
                  }}
                  onFocus={() => {
                    settled.current = false;
                  }}
                  onBlur={(e) => {
                    if (!settled.current) onRename(u.id, e.currentTarget.value);
                    settled.current = true;
                    setRenaming(null);
                  }}
                />
              ) : (
                <span className="app-outline__name">{u.name}</span>
              )}
              <span className="app-outline__meta">
                {u.kind !== "board" && (!u.parentId || !byId.has(u.parentId)) ? (
                  // Saved before the server checked parents (or from bad data): a problem to resolve, not a new top.
                  <strong className="app-outline__orphan" data-testid="orphan">
                    No parent: choose where it belongs above ·{" "}
                  </strong>
                ) : null}
                {UNIT_KIND_LABELS[u.kind]}
                {badge ? (
                  <>
                    {" · "}
                    <span className={`app-badge app-badge--l${badge.level}`}>{LEVEL_TEXT[badge.level]}</span> {badge.review}
                    {/* The graph's incentive mark, in words (issue 13; every graph has a tree equivalent). */}
                    {badge.incentive ? <span data-testid={`outline-incentive-${u.code}`}> · Incentives: {badge.incentive.label}</span> : null}
                  </>
                ) : null}
              </span>
              {who.map((w) => (
                <span key={w.name} className="app-outline__watcher" style={{ background: w.colour }} title={`${w.name} has this selected`}>
                  <span className="nhsuk-u-visually-hidden">, selected by {w.name}</span>
                </span>
              ))}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
