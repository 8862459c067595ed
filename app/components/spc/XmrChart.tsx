import { forwardRef } from "react";
import { CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis, type DotItemDotProps } from "recharts";
import { formatMonth } from "../../../shared/format";
import { MDC_COLOURS } from "../../../shared/spc/types";
import { formatValue, rulesText, shortMonth, type ChartModel, type ChartRow } from "./model";

/** Line colours: Making Data Count greys for the process, NHS red for the target. */
const INK = { value: "#425563", mean: "#212b32", limit: "#768692", near: "#aeb7bd", target: "#d5281b", rebase: "#330072" } as const;

const POINT_COLOUR = { concern: MDC_COLOURS.concern, improvement: MDC_COLOURS.improvement, neutral: MDC_COLOURS.neutral } as const;

/** The annotations' marker numbers, shared by the chart and its table. */
export function annotationNumbers(rows: readonly ChartRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) if (r.annotations.length) out.set(r.month, out.size + 1);
  return out;
}

function PointDot(props: DotItemDotProps & { numbers: Map<string, number> }) {
  const { cx, cy, numbers } = props;
  const payload = props.payload as ChartRow | undefined;
  if (cx === undefined || cy === undefined || !payload || payload.value === null) return null;
  const flagged = payload.special ? POINT_COLOUR[payload.special] : null;
  const n = numbers.get(payload.month);
  return (
    <g data-month={payload.month} data-special={payload.special ?? "none"}>
      {flagged ? <circle cx={cx} cy={cy} r={6} fill={flagged} stroke="#ffffff" strokeWidth={1.5} /> : <circle cx={cx} cy={cy} r={4} fill={INK.value} />}
      {n ? (
        <g>
          <path d={`M${cx - 7},${cy - 26} h14 v12 h-4 l-3,4 l-3,-4 h-4 z`} fill="#ffffff" stroke={INK.rebase} strokeWidth={1.2} />
          <text x={cx} y={cy - 16.5} textAnchor="middle" fontSize={10} fontWeight={700} fill={INK.rebase}>
            {n}
          </text>
        </g>
      ) : null}
    </g>
  );
}

function TooltipBody({ active, payload, model }: { active?: boolean; payload?: { payload: ChartRow }[]; model: ChartModel }) {
  const row = active ? payload?.[0]?.payload : undefined;
  if (!row) return null;
  const f = (v: number | null, extra = 1) => formatValue(v, model.unit, model.decimals + extra);
  return (
    <div className="app-spc-tooltip">
      <strong>{formatMonth(row.month)}</strong>: {f(row.value, 0)}
      <br />
      Mean {f(row.mean)}; limits {f(row.lower)} to {f(row.upper)}
      {row.trial ? " (trial)" : ""}
      {row.target !== null ? (
        <>
          <br />
          Target {f(row.target, 0)}
        </>
      ) : null}
      {row.rules.length ? (
        <>
          <br />
          {rulesText(row.rules)}
        </>
      ) : null}
      {row.annotations.map((a, i) => (
        <span key={i}>
          <br />
          Note: {a}
        </span>
      ))}
    </div>
  );
}

/**
 * An XmR chart in the Making Data Count style, drawn with Recharts: the points (flagged ones in
 * orange for concern, blue for improvement, purple for neutral), the mean, the process limits, the
 * near-limits (dashed), the target, rebases and numbered annotation markers. The same facts are in
 * the table beside it (SpcTable); the chart is hidden from screen readers in favour of the table.
 */
export const XmrChart = forwardRef<HTMLDivElement, { model: ChartModel; height?: number }>(function XmrChart({ model, height = 380 }, ref) {
  const numbers = annotationNumbers(model.rows);
  const anyTrial = model.rows.some((r) => r.trial && r.mean !== null);
  const allTrial = model.rows.every((r) => r.trial || r.mean === null);
  const hasTarget = model.rows.some((r) => r.target !== null);
  const rebases = model.rows.filter((r, i) => i > 0 && r.baselineStart);
  const limitName = (what: string) => (allTrial ? `Trial ${what.toLowerCase()}` : what);
  // Axis ticks carry "%" only; a longer unit is named once beside the axis.
  const fmt = (v: number) => formatValue(v, model.unit === "%" ? "%" : "", model.decimals);
  return (
    <div className="app-spc-chart" ref={ref} data-testid="xmr-chart">
      <p className="app-spc-chart__title" aria-hidden="true">
        {model.name}
        {anyTrial ? <span className="app-spc-chart__trial"> – {allTrial ? "trial limits" : "trial limits after the latest rebase"} (fewer than 12 points)</span> : null}
      </p>
      <div aria-hidden="true">
        <ComposedChart data={model.rows} responsive style={{ width: "100%", height }} margin={{ top: 28, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e8edee" vertical={false} />
          <XAxis dataKey="month" tickFormatter={shortMonth} tick={{ fontSize: 12, fill: "#4c6272" }} interval="preserveStartEnd" minTickGap={8} />
          <YAxis tick={{ fontSize: 12, fill: "#4c6272" }} tickFormatter={fmt} width={model.unit && model.unit !== "%" ? 72 : 56} domain={["auto", "auto"]} label={model.unit && model.unit !== "%" ? { value: model.unit, angle: -90, position: "insideLeft", fontSize: 12, fill: "#4c6272", style: { textAnchor: "middle" } } : undefined} />
          <Tooltip content={<TooltipBody model={model} />} isAnimationActive={false} />
          <Line name={limitName("Process limits")} dataKey="upper" stroke={INK.limit} strokeWidth={1.5} dot={false} activeDot={false} type="stepAfter" isAnimationActive={false} legendType="line" />
          <Line name="Lower limit" dataKey="lower" stroke={INK.limit} strokeWidth={1.5} dot={false} activeDot={false} type="stepAfter" isAnimationActive={false} legendType="none" />
          <Line name="Near-limits (two thirds)" dataKey="upperNear" stroke={INK.near} strokeWidth={1.2} strokeDasharray="4 4" dot={false} activeDot={false} type="stepAfter" isAnimationActive={false} />
          <Line name="Lower near-limit" dataKey="lowerNear" stroke={INK.near} strokeWidth={1.2} strokeDasharray="4 4" dot={false} activeDot={false} type="stepAfter" isAnimationActive={false} legendType="none" />
          <Line name="Mean" dataKey="mean" stroke={INK.mean} strokeWidth={2} dot={false} activeDot={false} type="stepAfter" isAnimationActive={false} />
          {hasTarget ? <Line name="Target" dataKey="target" stroke={INK.target} strokeWidth={2} strokeDasharray="10 5" dot={false} activeDot={false} type="stepAfter" isAnimationActive={false} /> : null}
          <Line name={model.name} dataKey="value" stroke={INK.value} strokeWidth={2} dot={(p: DotItemDotProps) => <PointDot key={p.index} {...p} numbers={numbers} />} activeDot={{ r: 7 }} isAnimationActive={false} connectNulls={false} />
          {rebases.map((r) => (
            <ReferenceLine key={r.month} x={r.month} stroke={INK.rebase} strokeDasharray="2 3" label={{ value: r.trial ? "Rebased (trial)" : "Rebased", position: "insideTopLeft", fontSize: 12, fill: INK.rebase }} />
          ))}
        </ComposedChart>
      </div>
      <ul className="app-spc-key" aria-hidden="true">
        <li>
          <svg width="28" height="12" aria-hidden="true" focusable="false"><line x1="0" y1="6" x2="28" y2="6" stroke={INK.value} strokeWidth="2" /><circle cx="14" cy="6" r="4" fill={INK.value} /></svg> {model.name}
        </li>
        <li>
          <svg width="28" height="12" aria-hidden="true" focusable="false"><line x1="0" y1="6" x2="28" y2="6" stroke={INK.mean} strokeWidth="2" /></svg> Mean
        </li>
        <li>
          <svg width="28" height="12" aria-hidden="true" focusable="false"><line x1="0" y1="6" x2="28" y2="6" stroke={INK.limit} strokeWidth="1.5" /></svg> {limitName("Process limits")}
        </li>
        <li>
          <svg width="28" height="12" aria-hidden="true" focusable="false"><line x1="0" y1="6" x2="28" y2="6" stroke={INK.near} strokeWidth="1.5" strokeDasharray="4 4" /></svg> Near-limits (two thirds of the way)
        </li>
        {hasTarget ? (
          <li>
            <svg width="28" height="12" aria-hidden="true" focusable="false"><line x1="0" y1="6" x2="28" y2="6" stroke={INK.target} strokeWidth="2" strokeDasharray="10 5" /></svg> Target
          </li>
        ) : null}
        <li>
          <span className="app-spc-key__dot" style={{ background: MDC_COLOURS.concern }} /> Special cause concern
        </li>
        <li>
          <span className="app-spc-key__dot" style={{ background: MDC_COLOURS.improvement }} /> Special cause improvement
        </li>
        <li>
          <span className="app-spc-key__dot" style={{ background: MDC_COLOURS.neutral }} /> Special cause, no better or worse
        </li>
        {numbers.size ? <li>Numbered markers: notes (listed in the table)</li> : null}
      </ul>
    </div>
  );
});
