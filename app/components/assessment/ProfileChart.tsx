import { Bar, BarChart, CartesianGrid, Legend, XAxis, YAxis } from "recharts";
import type { YearComparison } from "../../../shared/maturity/scoring";

const COLOURS = { now: "#005eb8", before: "#aeb7bd" } as const;

/**
 * The mean agreed SLM maturity level of each part, this year beside the earlier year: bars, since a
 * radar over four axes hides the differences between parts that the seed expects. The table beside
 * it (in the results page) holds the same figures.
 */
export function ProfileChart({ comparison, nowLabel, beforeLabel }: { comparison: YearComparison; nowLabel: string; beforeLabel: string | null }) {
  const data = comparison.parts.map((p) => ({
    name: `Part ${p.number}`,
    title: p.title,
    now: p.now ?? 0,
    before: p.before ?? 0,
  }));
  return (
    <div className="app-assessment-chart" aria-hidden="true" data-testid="profile-chart">
      {/* The chart is hidden from assistive technology (the table holds the same figures), so its
          keyboard layer would be a focus stop nobody can hear: axe's aria-hidden-focus. */}
      <BarChart width={640} height={300} data={data} margin={{ top: 16, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" />
        <YAxis domain={[0, 4]} ticks={[0, 1, 2, 3, 4]} allowDecimals={false} />
        <Legend />
        <Bar dataKey="now" name={nowLabel} fill={COLOURS.now} isAnimationActive={false} />
        {beforeLabel ? <Bar dataKey="before" name={beforeLabel} fill={COLOURS.before} isAnimationActive={false} /> : null}
      </BarChart>
    </div>
  );
}
