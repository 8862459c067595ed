import type { AreaId, Decision, DecisionCell, LimitKind, Scheme } from "./types";
import { DEFAULT_LEVELS, DEFAULT_SERVICE_LINE_LEVEL_ID } from "./types";

type Value = number | "reserved" | "unlimited" | "yes" | null;
type CellSpec = Value | [Value, string, string?];
type LevelKey = "board" | "committee" | "executive" | "division" | "team";

interface Spec {
  id: string;
  area: AreaId;
  title: string;
  description: string;
  kind?: LimitKind;
  unit?: string;
  cells: Partial<Record<LevelKey, CellSpec>>;
  /** Limits at autonomy levels 1–4 (for yes/no: 1 yes, 0 no, null not held). */
  sl: [number | null, number | null, number | null, number | null];
  slHolder?: string;
  slConditions?: string;
  slException?: string;
}

const DEFAULT_HOLDER: Record<LevelKey, string> = {
  board: "Trust Board",
  committee: "Finance & Investment Committee",
  executive: "Chief Executive",
  division: "Managing Director",
  team: "Ward manager or matron",
};
const SERVICE_LINE_HOLDER = "Service line clinical lead and manager";

function cell(key: LevelKey, spec: CellSpec | undefined): DecisionCell {
  const [value, holder, conditions] = Array.isArray(spec) ? spec : [spec ?? null, undefined, undefined];
  if (value === null) return { mode: "none", limit: null, holder: "", conditions: "" };
  const base = { holder: holder ?? DEFAULT_HOLDER[key], conditions: conditions ?? "" };
  if (value === "reserved") return { mode: "reserved", limit: null, ...base };
  if (value === "unlimited" || value === "yes") return { mode: "delegated", limit: null, ...base };
  return { mode: "delegated", limit: value, ...base };
}

function build(spec: Spec): Decision {
  const kind = spec.kind ?? "money";
  const held = spec.sl.some((v) => (kind === "yesno" ? v === 1 : v !== null));
  const slCell: DecisionCell = held
    ? { mode: "delegated", limit: null, holder: spec.slHolder ?? SERVICE_LINE_HOLDER, conditions: spec.slConditions ?? "" }
    : { mode: "none", limit: null, holder: "", conditions: "" };
  if (spec.slException) slCell.exception = { reason: spec.slException };
  const d: Decision = {
    id: spec.id,
    area: spec.area,
    title: spec.title,
    description: spec.description,
    limitKind: kind,
    cells: {
      board: cell("board", spec.cells.board),
      committee: cell("committee", spec.cells.committee),
      executive: cell("executive", spec.cells.executive),
      division: cell("division", spec.cells.division),
      [DEFAULT_SERVICE_LINE_LEVEL_ID]: slCell,
      team: cell("team", spec.cells.team),
    },
    serviceLineLimits: { 1: spec.sl[0], 2: spec.sl[1], 3: spec.sl[2], 4: spec.sl[3] },
  };
  if (spec.unit) d.unit = spec.unit;
  return d;
}

// Limits follow DOMAIN-REFERENCE.md's typical figures for a trust of about £650m income; earned
// autonomy raises the service line's limits for the best-rated lines and removes them for the worst.
const SPECS: Spec[] = [
  // Financial
  {
    id: "revenue-nonpay", area: "financial",
    title: "Authorise non-pay revenue expenditure",
    description: "Approve a non-pay order or invoice, including VAT, that is within the approved budget.",
    cells: {
      board: ["unlimited", "Trust Board", "Above £1,000,000"],
      executive: [500_000, "Chief Executive", "Executive directors up to £250,000; Chief Executive up to £500,000; Chief Executive with the Director of Finance up to £1,000,000"],
      division: 100_000,
      team: 5_000,
    },
    sl: [250_000, 100_000, 25_000, null],
    slConditions: "Within the service line's approved budget; orders must not be split to stay under a limit",
    slException: "The Board agreed that level 1 service lines may authorise up to £250,000, above the standard divisional limit, as earned autonomy",
  },
  {
    id: "capital-own", area: "financial",
    title: "Spend the service line's own capital allocation",
    description: "Buy equipment or make minor works from the capital allocated to the service line or division.",
    cells: {
      board: "unlimited",
      committee: [5_000_000, "Finance & Investment Committee"],
      executive: [1_000_000, "Chief Executive", "Executive directors up to £500,000"],
      division: 50_000,
    },
    sl: [50_000, 25_000, null, null],
    slConditions: "Within the capital allocation agreed in the annual plan",
  },
  {
    id: "supplier-contract", area: "financial",
    title: "Enter a contract with a supplier",
    description: "Sign a contract for goods or services; the limit is the total contract value.",
    cells: {
      board: ["unlimited", "Trust Board", "Contracts over £1,000,000"],
      executive: [1_000_000, "Chief Executive", "Executive directors up to £500,000"],
      division: 100_000,
    },
    sl: [100_000, 50_000, null, null],
    slConditions: "Through procurement, on the trust's standard terms",
  },
  {
    id: "commissioner-contract", area: "financial",
    title: "Agree a contract or variation with a commissioner",
    description: "Agree a contract, variation or local price with a commissioner; the limit is the annual value.",
    cells: {
      board: "unlimited",
      committee: [10_000_000, "Finance & Investment Committee"],
      executive: [2_000_000, "Chief Executive or Director of Finance"],
      division: 250_000,
    },
    sl: [100_000, 50_000, null, null],
    slConditions: "Agreed with the contracting team before it is signed",
  },
  {
    id: "pay-to-nonpay", area: "financial",
    title: "Move budget between pay and non-pay",
    description: "Transfer budget from pay to non-pay, or back, within the service line's total budget.",
    cells: {
      board: "unlimited",
      committee: ["unlimited", "Finance & Investment Committee"],
      executive: [250_000, "Director of Finance"],
      division: 50_000,
    },
    sl: [25_000, 10_000, null, null],
    slConditions: "Recurrent moves need the division's agreement",
  },
  {
    id: "virement", area: "financial",
    title: "Transfer budget within the division (virement)",
    description: "Move budget between budget lines or service lines within the division.",
    cells: {
      board: "unlimited",
      executive: [1_000_000, "Chief Executive", "Executive directors up to £500,000"],
      division: 100_000,
    },
    sl: [50_000, 25_000, 10_000, null],
  },
  {
    id: "quotations", area: "financial",
    title: "Buy on written quotations rather than formal tender",
    description: "Choose a supplier on written quotations for a purchase below the tender threshold.",
    cells: {
      board: "unlimited",
      executive: ["unlimited", "Director of Finance", "From £25,000 a formal competitive tender is required"],
      division: [25_000, "Managing Director", "At least three written quotations from £10,000"],
    },
    sl: [10_000, 10_000, 10_000, null],
    slConditions: "At least two written quotations",
  },
  {
    id: "tender-waiver", area: "financial",
    title: "Waive competitive tendering (single-tender action)",
    description: "Award a contract without competition, with the reasons recorded.",
    cells: {
      board: "unlimited",
      executive: [250_000, "Chief Executive", "Executive directors up to £100,000; every waiver reported to the Audit Committee"],
      division: [25_000, "Managing Director", "Reported to the Audit Committee"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "bad-debt", area: "financial",
    title: "Write off a bad debt",
    description: "Write off money owed to the trust that cannot be recovered.",
    cells: {
      board: "unlimited",
      committee: ["unlimited", "Audit Committee"],
      executive: [50_000, "Chief Executive", "Director of Finance up to £10,000"],
      division: 1_000,
    },
    sl: [null, null, null, null],
  },
  {
    id: "losses", area: "financial",
    title: "Approve losses and special payments",
    description: "Approve a loss, compensation or ex gratia payment.",
    cells: {
      board: "unlimited",
      committee: ["unlimited", "Audit Committee", "HM Treasury approval where its delegated limits are exceeded"],
      executive: [50_000, "Chief Executive", "Director of Finance up to £5,000; all reported to the Audit Committee"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "business-case", area: "financial",
    title: "Approve a business case",
    description: "Approve a business case for investment; the limit is the whole-life cost.",
    cells: {
      board: ["unlimited", "Trust Board", "National approval for the largest schemes"],
      committee: [5_000_000, "Finance & Investment Committee"],
      executive: [1_000_000, "Chief Executive", "Executive directors up to £500,000"],
      division: 100_000,
    },
    sl: [50_000, 25_000, null, null],
    slConditions: "Self-funding within the service line's budget",
  },
  {
    id: "additional-sessions", area: "financial",
    title: "Approve overtime and additional sessions",
    description: "Pay for overtime or waiting-list sessions to meet activity plans.",
    cells: {
      board: "unlimited",
      executive: ["unlimited", "Chief Operating Officer"],
      division: 50_000,
    },
    sl: [25_000, 10_000, 5_000, null],
    slConditions: "Monthly total; at agreed trust rates",
  },
  {
    id: "seal", area: "financial",
    title: "Use the trust's common seal",
    description: "Seal a deed or other document that must be executed under seal.",
    kind: "yesno",
    cells: {
      board: ["reserved", "Trust Board", "Attested by the Chief Executive and another executive director; entered in the sealing register"],
    },
    sl: [null, null, null, null],
  },
  // HR
  {
    id: "recruit-funded", area: "hr",
    title: "Recruit to a funded post",
    description: "Appoint to a vacant post within the funded establishment; the limit is the highest Agenda for Change band (8 covers 8a to 8d).",
    kind: "count", unit: "band",
    cells: {
      committee: ["unlimited", "Remuneration Committee", "Very senior managers"],
      executive: [9, "Executive director", "Band 8c and above"],
      division: [8, "Managing Director", "Up to Band 8b; 8c and 8d need an executive director"],
      team: 5,
    },
    sl: [7, 7, 6, null],
    slConditions: "Post must be in the funded establishment",
  },
  {
    id: "create-post", area: "hr",
    title: "Create or redesign posts within the staffing budget",
    description: "Create a new post or change the skill mix, funded from the existing pay budget; the limit is the annual cost.",
    cells: {
      board: "unlimited",
      committee: ["unlimited", "Finance & Investment Committee"],
      executive: [500_000, "Chief Executive", "Executive directors up to £250,000"],
      division: 100_000,
    },
    sl: [100_000, 50_000, null, null],
    slConditions: "No increase in the total cost of the establishment",
  },
  {
    id: "agency-shifts", area: "hr",
    title: "Book agency staff shifts",
    description: "Book agency shifts within the staffing budget, through approved frameworks and at capped rates; the limit is shifts a week.",
    kind: "count", unit: "shifts",
    cells: {
      executive: ["unlimited", "Chief Nurse or Medical Director"],
      division: 50,
    },
    sl: [20, 10, 5, null],
  },
  {
    id: "agency-off-framework", area: "hr",
    title: "Book agency staff off framework or above the price cap",
    description: "Book agency staff outside approved frameworks or above national price caps.",
    kind: "yesno",
    cells: {
      executive: ["yes", "Chief Executive", "Only where patient safety requires it; reported to NHS England"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "gifts", area: "hr",
    title: "Approve accepting a gift or hospitality",
    description: "Allow a member of staff to accept a gift or hospitality; the limit is its value.",
    cells: {
      executive: [1_000, "Director of Corporate Affairs", "Every offer over £50 is declared on the register"],
      division: 250,
    },
    sl: [100, 100, 50, 50],
    slConditions: "Every offer over £50 is declared on the register",
  },
  {
    id: "dismissal", area: "hr",
    title: "Dismiss an employee after a formal hearing",
    description: "Chair a formal hearing that may end in dismissal, for staff at Band 7 and below.",
    kind: "yesno",
    cells: {
      executive: ["yes", "Executive director"],
      division: ["yes", "Managing Director"],
    },
    sl: [1, 1, 0, 0],
    slConditions: "The hearing manager is trained and senior to the employee",
  },
  {
    id: "study-leave", area: "hr",
    title: "Approve funded study leave and training",
    description: "Approve study leave and course fees paid from the service line's training budget.",
    cells: {
      board: "unlimited",
      executive: ["unlimited", "Director of People"],
      division: 25_000,
      team: 500,
    },
    sl: [10_000, 5_000, 2_000, 1_000],
  },
  // Clinical & operational
  {
    id: "new-procedure", area: "clinical",
    title: "Introduce a new clinical procedure",
    description: "Start a procedure new to the trust, following NICE interventional procedures guidance.",
    kind: "yesno",
    cells: {
      committee: ["yes", "Clinical Effectiveness Committee (New Interventions Group)", "Consent and patient information prepared; outcomes audited"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "new-drug", area: "clinical",
    title: "Add a drug to the trust formulary",
    description: "Add a new medicine to the formulary, or widen its use.",
    kind: "yesno",
    cells: {
      committee: ["yes", "Drugs and Therapeutics Committee", "Cost impact agreed with the division"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "new-device", area: "clinical",
    title: "Introduce a medical device",
    description: "Bring a medical device into use in the service.",
    kind: "yesno",
    cells: {
      committee: ["yes", "Medical Devices Committee", "New types of device are evaluated first"],
      division: ["yes", "Clinical Director"],
    },
    sl: [1, 1, 0, 0],
    slConditions: "Only devices the Medical Devices Committee has already evaluated, within budget",
  },
  {
    id: "job-plans", area: "clinical",
    title: "Agree a consultant job plan",
    description: "Agree a consultant's job plan; the limit is programmed activities a week.",
    kind: "count", unit: "programmed activities",
    cells: {
      executive: ["unlimited", "Medical Director"],
      division: [12, "Clinical Director"],
    },
    sl: [12, 11, 10, null],
    slHolder: "Service line clinical lead",
    slConditions: "Within the funded sessions; signed off in the job-planning system",
  },
  {
    id: "bed-closure", area: "clinical",
    title: "Close beds temporarily",
    description: "Close beds for staffing, infection control or refurbishment; the limit is the number of beds.",
    kind: "count", unit: "beds",
    cells: {
      executive: ["unlimited", "Chief Operating Officer", "Commissioners told of closures over 7 days"],
      division: 10,
    },
    sl: [4, 2, null, null],
  },
  {
    id: "session-changes", area: "clinical",
    title: "Change theatre and clinic timetables",
    description: "Move, swap or cancel theatre lists and clinics with six weeks' notice.",
    kind: "yesno",
    cells: {
      division: ["yes", "Managing Director"],
    },
    sl: [1, 1, 1, 0],
  },
  {
    id: "pathway-change", area: "clinical",
    title: "Change a clinical pathway within the service line",
    description: "Redesign how patients move through the service, without changing which services are offered.",
    kind: "yesno",
    cells: {
      executive: ["yes", "Medical Director and Chief Nurse", "Pathways that cross divisions"],
      division: ["yes", "Clinical Director"],
    },
    sl: [1, 1, 0, 0],
    slConditions: "Quality impact assessment completed first",
  },
  // Strategic & service development
  {
    id: "new-service", area: "strategic",
    title: "Agree a new service within trust business rules",
    description: "Start a new service or extend an existing one; the limit is the annual cost or income.",
    cells: {
      board: "unlimited",
      committee: [5_000_000, "Finance & Investment Committee"],
      executive: [1_000_000, "Chief Executive"],
      division: 250_000,
    },
    sl: [100_000, 50_000, null, null],
    slConditions: "Must make a positive contribution and fit the trust's strategy",
  },
  {
    id: "partnership", area: "strategic",
    title: "Enter a research or commercial partnership",
    description: "Agree a partnership with a university, company or other provider; the limit is its value to the trust.",
    cells: {
      board: "unlimited",
      executive: [500_000, "Chief Executive"],
      division: 50_000,
    },
    sl: [25_000, null, null, null],
  },
  {
    id: "annual-plan", area: "strategic",
    title: "Approve a service line's annual plan",
    description: "Approve the service line's quality, operational, financial and workforce goals and budget for the year.",
    kind: "yesno",
    cells: {
      executive: ["yes", "Executive Team", "Recommended by the division"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "service-closure", area: "strategic",
    title: "Close a service or change it substantially",
    description: "Stop providing a service, or change it so much that patients or commissioners must be consulted.",
    kind: "yesno",
    cells: {
      board: ["reserved", "Trust Board", "After consultation with commissioners and, where required, the public"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "trust-strategy", area: "strategic",
    title: "Approve the trust's strategy",
    description: "Approve the trust's long-term strategy and its service-line structure.",
    kind: "yesno",
    cells: {
      board: ["reserved", "Trust Board"],
    },
    sl: [null, null, null, null],
  },
];

/** A realistic scheme of delegation for the demo trust: about thirty decisions across the four areas. */
export function demoScheme(): Scheme {
  return {
    levels: DEFAULT_LEVELS.map((l) => ({ ...l })),
    serviceLineLevelId: DEFAULT_SERVICE_LINE_LEVEL_ID,
    decisions: SPECS.map(build),
  };
}
