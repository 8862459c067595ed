import { MDC_COLOURS, type AssuranceIcon as Assurance, type VariationIcon as Variation } from "../../../shared/spc/types";
import { ASSURANCE_LABELS, VARIATION_LABELS, variationKind } from "./model";

/**
 * The Making Data Count icons, each drawn with a letter or mark AND followed by its words, so that
 * the meaning never rests on colour alone (WCAG 1.4.1). The SVG is decorative; the text is the label.
 */
function Circle({ colour, children, dashed }: { colour: string; children: React.ReactNode; dashed?: boolean }) {
  return (
    <svg className="app-spc-icon__mark" width="28" height="28" viewBox="0 0 28 28" aria-hidden="true" focusable="false">
      <circle cx="14" cy="14" r="12" fill="#ffffff" stroke={colour} strokeWidth="3" strokeDasharray={dashed ? "4 3" : undefined} />
      {children}
    </svg>
  );
}

function Letter({ colour, children }: { colour: string; children: string }) {
  return (
    <text x="14" y={children.length > 1 ? 17.5 : 19} textAnchor="middle" fontSize={children.length > 1 ? 9 : 14} fontWeight="700" fontFamily="Arial, sans-serif" fill={colour}>
      {children}
    </text>
  );
}

const VARIATION_COLOUR = { concern: MDC_COLOURS.concern, improvement: MDC_COLOURS.improvement, neutral: MDC_COLOURS.neutral, common: "#768692" } as const;

/** The variation icon: common cause (grey, a level wave), special cause concern (orange), improvement (blue) or neutral (purple), with H or L for the side. */
export function VariationIcon({ icon, testId, label, letter }: { icon: Variation; testId?: string; label?: string; letter?: string }) {
  const kind = variationKind(icon);
  const colour = VARIATION_COLOUR[kind];
  const side = letter ?? (icon.endsWith("_high") ? "H" : icon.endsWith("_low") ? "L" : "");
  return (
    <span className={`app-spc-icon app-spc-icon--${kind}`} data-testid={testId} data-icon={icon}>
      <Circle colour={colour}>
        {kind === "common" ? <path d="M6 15 q2 -4 4 0 t4 0 t4 0 t4 0" fill="none" stroke={colour} strokeWidth="2" /> : <Letter colour={colour}>{side}</Letter>}
      </Circle>
      <span className="app-spc-icon__label">{label ?? VARIATION_LABELS[icon]}</span>
    </span>
  );
}

const ASSURANCE_MARK: Record<Assurance, { colour: string; letter: string }> = {
  consistently_pass: { colour: MDC_COLOURS.pass, letter: "P" },
  consistently_fail: { colour: MDC_COLOURS.fail, letter: "F" },
  hit_and_miss: { colour: "#768692", letter: "?" },
  none: { colour: "#768692", letter: "–" },
};

/** The assurance icon: P (consistently pass, blue), F (consistently fail, orange), ? (hit and miss, grey). */
export function AssuranceIcon({ icon, testId }: { icon: Assurance; testId?: string }) {
  const m = ASSURANCE_MARK[icon];
  return (
    <span className={`app-spc-icon app-spc-icon--${icon}`} data-testid={testId} data-icon={icon}>
      <Circle colour={m.colour} dashed={icon === "none"}>
        <Letter colour={m.colour}>{m.letter}</Letter>
      </Circle>
      <span className="app-spc-icon__label">{ASSURANCE_LABELS[icon]}</span>
    </span>
  );
}
