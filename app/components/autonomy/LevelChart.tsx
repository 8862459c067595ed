import { formatMonth } from "../../../shared/format";

interface Point {
  month: string;
  level: 1 | 2 | 3 | 4;
  rawLevel: 1 | 2 | 3 | 4 | null;
}

const SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const short = (month: string) => `${SHORT[Number(month.slice(5, 7)) - 1]} ${month.slice(2, 4)}`;

/**
 * A step chart of the level held each month (solid) and the level that month's figures alone earned
 * (dots). Decorative: the history table beside it carries the same facts for screen readers.
 */
export function LevelChart({ points }: { points: Point[] }) {
  if (points.length === 0) return null;
  const w = Math.max(320, points.length * 56 + 70);
  const h = 190;
  const left = 64;
  const top = 16;
  const rowH = 36;
  const step = (w - left - 16) / Math.max(1, points.length);
  const x = (i: number) => left + step * i + step / 2;
  const y = (level: number) => top + (level - 1) * rowH;
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i) - step / 2},${y(p.level)} L${x(i) + step / 2},${y(p.level)}`).join(" ");
  return (
    <figure className="app-level-chart" aria-hidden="true">
      <svg viewBox={`0 0 ${w} ${h}`} width="100%" style={{ maxWidth: w }} role="presentation" focusable="false">
        {[1, 2, 3, 4].map((l) => (
          <g key={l}>
            <rect x={left} y={y(l) - rowH / 2} width={w - left - 16} height={rowH} className={`app-level-chart__band app-level-chart__band--l${l}`} />
            <text x={left - 8} y={y(l) + 4} textAnchor="end" className="app-level-chart__axis">
              Level {l}
            </text>
          </g>
        ))}
        <path d={path} className="app-level-chart__line" />
        {points.map((p, i) =>
          p.rawLevel ? <circle key={p.month} cx={x(i)} cy={y(p.rawLevel)} r={4} className="app-level-chart__raw"><title>{`${formatMonth(p.month)}: figures at level ${p.rawLevel}`}</title></circle> : null,
        )}
        {points.map((p, i) => (
          <text key={p.month} x={x(i)} y={h - 8} textAnchor="middle" className="app-level-chart__axis">
            {short(p.month)}
          </text>
        ))}
      </svg>
      <figcaption className="nhsuk-body-s">Line: level held. Dots: level the month's figures alone earned.</figcaption>
    </figure>
  );
}
