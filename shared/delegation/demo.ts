import type * as Y from "yjs";
import { setServiceLineLimit, type Result } from "../collab/scheme-doc";
import { defaultRuleIndicators, type RuleIndicator } from "../collab/autonomy-rules-doc";
import type { AutonomyLevel } from "../autonomy/types";
import { VSM_BAND } from "./bands";
import { cellLimitFromHolders } from "./limits";
import type { AreaId, Decision, DecisionCell, HolderLimit, LimitKind, ProcurementRoute, Scheme, VatBasis } from "./types";
import { DEFAULT_SERVICE_LINE_LEVEL_ID, defaultLevels } from "./types";

type Value = number | "reserved" | "unlimited" | "yes" | null;
/** A value, or [value, holder, conditions], or several holders with their own limits at one level. */
type CellSpec = Value | [Value, string, string?] | { holders: HolderLimit[]; holder: string; conditions?: string };
type LevelKey = "governors" | "board" | "committee" | "executive" | "division" | "team";

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
  /** Conditions every answer lists (STANDARD_CONDITIONS ids or the trust's words). */
  conditions?: string[];
  /** Money decisions: whether limits include VAT (default "incl"). */
  vat?: VatBasis;
  performanceIndependent?: boolean;
  procurement?: boolean;
}

const DEFAULT_HOLDER: Record<LevelKey, string> = {
  governors: "Council of Governors",
  board: "Trust Board",
  committee: "Finance and Investment Committee",
  executive: "Chief Executive",
  division: "Managing Director",
  team: "Ward manager or matron",
};
const SERVICE_LINE_HOLDER = "Service line clinical lead and manager";
const LEVEL_KEYS: LevelKey[] = ["governors", "board", "committee", "executive", "division", "team"];

function cell(key: LevelKey, spec: CellSpec | undefined): DecisionCell {
  if (spec !== null && typeof spec === "object" && !Array.isArray(spec)) {
    return { mode: "delegated", limit: cellLimitFromHolders(spec.holders), holder: spec.holder, conditions: spec.conditions ?? "", holders: spec.holders.map((h) => ({ ...h })) };
  }
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
  const cells: Record<string, DecisionCell> = {};
  for (const key of LEVEL_KEYS) {
    if (key === "team") cells[DEFAULT_SERVICE_LINE_LEVEL_ID] = slCell;
    cells[key] = cell(key, spec.cells[key]);
  }
  const d: Decision = {
    id: spec.id,
    area: spec.area,
    title: spec.title,
    description: spec.description,
    limitKind: kind,
    cells,
    serviceLineLimits: { 1: spec.sl[0], 2: spec.sl[1], 3: spec.sl[2], 4: spec.sl[3] },
  };
  if (spec.unit) d.unit = spec.unit;
  if (spec.conditions?.length) d.conditions = [...spec.conditions];
  if (kind === "money") d.vatBasis = spec.vat ?? "incl";
  if (spec.performanceIndependent) d.performanceIndependent = true;
  if (spec.procurement) d.procurement = true;
  return d;
}

const execDirector = (limit: number | null): HolderLimit => ({ holder: "Executive director", limit });
const ceo = (limit: number | null): HolderLimit => ({ holder: "Chief Executive", limit });

// Limits follow DOMAIN-REFERENCE.md's typical figures for a trust of about £650m income ("Typical
// authorisation limits"); earned autonomy raises the service line's limits for the best-rated lines
// and removes them for the worst ("e.g. service line £25k → £50k; division £100k → £250k").
// Reserved matters follow its "How trusts write a scheme of delegation today": matters reserved to the
// Board (and Council of Governors for foundation trusts), delegated to committees, then to officers.
// Money limits include VAT ("non-pay order within budget (incl. VAT)") except budget moves and pay
// costs, which carry no VAT.
const SPECS: Spec[] = [
  // Financial
  {
    id: "revenue-nonpay", area: "financial",
    title: "Authorise non-pay revenue expenditure",
    description: "Approve a non-pay order or invoice, including VAT, that is within the approved budget.",
    cells: {
      board: ["unlimited", "Trust Board", "Above £1,000,000"],
      // DOMAIN-REFERENCE.md: "executive director £250k | chief executive £500k | CEO+CFO to £1m; Board above".
      executive: { holder: "Chief Executive or executive director", holders: [execDirector(250_000), ceo(500_000), { holder: "Chief Executive", jointWith: "Director of Finance", limit: 1_000_000 }] },
      division: 100_000,
      team: 5_000,
    },
    sl: [250_000, 100_000, 25_000, null],
    conditions: ["within-budget", "no-splitting"],
    procurement: true,
    slException: "The Board agreed that level 1 service lines may authorise up to £250,000, above the standard divisional limit, as earned autonomy",
  },
  {
    id: "capital-own", area: "financial",
    title: "Spend the service line's own capital allocation",
    description: "Buy equipment or make minor works from the capital allocated to the service line or division.",
    cells: {
      board: "unlimited",
      // DOMAIN-REFERENCE.md: "equipment from own capital allocation: £50k | £500k | £1m | committee to £5m; Board".
      committee: [5_000_000, "Finance and Investment Committee"],
      executive: { holder: "Chief Executive or executive director", holders: [execDirector(500_000), ceo(1_000_000)] },
      division: 50_000,
    },
    sl: [50_000, 25_000, null, null],
    slConditions: "Within the capital allocation agreed in the annual plan",
    conditions: ["no-splitting"],
    procurement: true,
  },
  {
    id: "supplier-contract", area: "financial",
    title: "Enter a contract with a supplier",
    description: "Sign a contract for goods or services; the limit is the total contract value.",
    cells: {
      // DOMAIN-REFERENCE.md: "supplier contract: £100k | £500k | £1m | Board over £1m".
      board: ["unlimited", "Trust Board", "Contracts over £1,000,000"],
      executive: { holder: "Chief Executive or executive director", holders: [execDirector(500_000), ceo(1_000_000)] },
      division: 100_000,
    },
    sl: [100_000, 50_000, null, null],
    slConditions: "On the trust's standard terms, through the procurement team",
    conditions: ["within-budget"],
    procurement: true,
  },
  {
    id: "commissioner-contract", area: "financial",
    title: "Agree a contract or variation with a commissioner",
    description: "Agree a contract, variation or local price with a commissioner; the limit is the annual value.",
    vat: "excl",
    cells: {
      board: "unlimited",
      committee: [10_000_000, "Finance and Investment Committee"],
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
    vat: "excl",
    cells: {
      // DOMAIN-REFERENCE.md: "pay budget to non-pay: division £50k | executive director £250k | Finance & Investment Committee".
      board: "unlimited",
      committee: ["unlimited", "Finance and Investment Committee"],
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
    vat: "excl",
    cells: {
      // DOMAIN-REFERENCE.md: "budget transfer within division: £25k | £100k | £500k | £1m | Board".
      board: "unlimited",
      executive: { holder: "Chief Executive or executive director", holders: [execDirector(500_000), ceo(1_000_000)] },
      division: 100_000,
    },
    sl: [50_000, 25_000, 10_000, null],
  },
  // Tendering and quotations are the scheme's procurement routes (PROCUREMENT_ROUTES below), cited by
  // the answers for purchases; a waiver of them stays a decision right with its own limits.
  {
    id: "tender-waiver", area: "financial",
    title: "Waive competitive tendering (single-tender action)",
    description: "Award a contract without competition, with the reasons recorded.",
    cells: {
      // DOMAIN-REFERENCE.md: "single-tender waiver: £25k | £100k | £250k | Audit Committee told".
      board: "unlimited",
      executive: { holder: "Chief Executive or executive director", holders: [execDirector(100_000), ceo(250_000)] },
      division: [25_000, "Managing Director"],
    },
    sl: [null, null, null, null],
    conditions: ["The reasons for not competing are recorded on the waiver form", "Every waiver is reported to the Audit Committee"],
  },
  {
    id: "bad-debt", area: "financial",
    title: "Write off a bad debt",
    description: "Write off money owed to the trust that cannot be recovered.",
    cells: {
      // DOMAIN-REFERENCE.md: "bad-debt write-off: £1k | £10k | £50k | Audit Committee".
      board: "unlimited",
      committee: ["unlimited", "Audit Committee"],
      executive: { holder: "Chief Executive or Director of Finance", holders: [{ holder: "Director of Finance", limit: 10_000 }, ceo(50_000)] },
      division: 1_000,
    },
    sl: [null, null, null, null],
    conditions: ["Reported to the Audit Committee"],
  },
  {
    id: "losses", area: "financial",
    title: "Approve losses and special payments",
    description: "Approve a loss, compensation or ex gratia payment.",
    cells: {
      // DOMAIN-REFERENCE.md: "losses and special payments: £5k | £50k | Audit Committee / Board; HM Treasury rules".
      board: "unlimited",
      committee: ["unlimited", "Audit Committee", "HM Treasury approval where its delegated limits are exceeded"],
      executive: { holder: "Chief Executive or Director of Finance", holders: [{ holder: "Director of Finance", limit: 5_000 }, ceo(50_000)] },
    },
    sl: [null, null, null, null],
    conditions: ["Entered in the losses and special payments register and reported to the Audit Committee"],
  },
  {
    id: "business-case", area: "financial",
    title: "Approve a business case",
    description: "Approve a business case for investment; the limit is the whole-life cost.",
    cells: {
      // DOMAIN-REFERENCE.md: "business case: £100k | £500k | £1m | committee to £5m; Board; national approval for the largest".
      board: ["unlimited", "Trust Board", "National approval for the largest schemes"],
      committee: [5_000_000, "Finance and Investment Committee"],
      executive: { holder: "Chief Executive or executive director", holders: [execDirector(500_000), ceo(1_000_000)] },
      division: 100_000,
    },
    sl: [50_000, 25_000, null, null],
    slConditions: "Self-funding within the service line's budget",
  },
  {
    id: "additional-sessions", area: "financial",
    title: "Approve overtime and additional sessions",
    description: "Pay for overtime or waiting-list sessions to meet activity plans.",
    vat: "excl",
    cells: {
      board: "unlimited",
      executive: ["unlimited", "Chief Operating Officer"],
      division: 50_000,
    },
    sl: [25_000, 10_000, 5_000, null],
    slConditions: "Monthly total; at agreed trust rates",
    conditions: ["within-budget"],
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
  // Matters reserved to the Board (DOMAIN-REFERENCE.md: "matters reserved to the Board").
  {
    id: "annual-plan-budget", area: "financial",
    title: "Approve the trust's annual plan and budget",
    description: "Approve the trust's annual operational plan and the budget that goes with it.",
    kind: "yesno",
    cells: {
      board: ["reserved", "Trust Board", "Recommended by the Finance and Investment Committee; the Council of Governors' views on the forward plan are taken into account"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "annual-report-accounts", area: "financial",
    title: "Approve the annual report and accounts",
    description: "Adopt the annual report and the audited accounts.",
    kind: "yesno",
    cells: {
      board: ["reserved", "Trust Board", "Recommended by the Audit Committee; presented to the Council of Governors"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "borrowing", area: "financial",
    title: "Approve borrowing",
    description: "Take out a loan or other borrowing, including working-capital facilities.",
    kind: "yesno",
    cells: {
      board: ["reserved", "Trust Board", "Recommended by the Finance and Investment Committee"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "external-auditor", area: "financial",
    title: "Appoint or remove the external auditor",
    description: "Appoint, reappoint or remove the trust's external auditor.",
    kind: "yesno",
    cells: {
      governors: ["reserved", "Council of Governors", "On the recommendation of the Audit Committee"],
    },
    sl: [null, null, null, null],
  },
  // HR
  {
    id: "recruit-funded", area: "hr",
    title: "Recruit to a funded post",
    description: "Appoint to a vacant post within the funded establishment; the limit is the highest Agenda for Change band.",
    kind: "band",
    cells: {
      // DOMAIN-REFERENCE.md: "recruit to a funded post: up to Band 5 | up to Band 7 | up to Band 8b | Band 8c+ | very senior managers | Remuneration Committee".
      committee: [VSM_BAND, "Remuneration Committee", "Very senior managers"],
      executive: [9, "Executive director", "Band 8c and above"],
      division: [8.2, "Managing Director"],
      team: 5,
    },
    sl: [7, 7, 6, null],
    slConditions: "Post must be in the funded establishment",
  },
  {
    id: "appoint-consultant", area: "hr",
    title: "Appoint a consultant",
    description: "Appoint a consultant doctor or dentist to a substantive post.",
    kind: "yesno",
    cells: {
      committee: ["reserved", "Advisory Appointments Committee", "Ratified by the Trust Board; the panel includes the royal college's assessor"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "appoint-medical", area: "hr",
    title: "Appoint doctors below consultant",
    description: "Appoint resident doctors, specialty doctors and specialists to funded posts.",
    kind: "yesno",
    cells: {
      executive: ["yes", "Medical Director", "Specialist grade posts"],
      division: ["yes", "Clinical Director"],
    },
    sl: [1, 1, 1, null],
    slHolder: "Service line clinical lead",
    slConditions: "Within the funded establishment; resident doctors' rotations are agreed with the deanery",
  },
  {
    id: "approve-ceo-appointment", area: "hr",
    title: "Approve the appointment of the Chief Executive",
    description: "The Chair and non-executive directors appoint the Chief Executive; the appointment needs the governors' approval.",
    kind: "yesno",
    cells: {
      governors: ["reserved", "Council of Governors"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "create-post", area: "hr",
    title: "Create or redesign posts within the staffing budget",
    description: "Create a new post or change the skill mix, funded from the existing pay budget; the limit is the annual cost.",
    vat: "excl",
    cells: {
      // DOMAIN-REFERENCE.md: "new post / establishment change (annual cost): £100k | £250k | £500k | committee".
      board: "unlimited",
      committee: ["unlimited", "Finance and Investment Committee"],
      executive: { holder: "Chief Executive or executive director", holders: [execDirector(250_000), ceo(500_000)] },
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
  // Rights that do not depend on performance: the same for every service line, whatever its level.
  {
    id: "gifts", area: "hr",
    title: "Approve accepting a gift or hospitality",
    description: "Allow a member of staff to accept a gift or hospitality; the limit is its value.",
    performanceIndependent: true,
    cells: {
      executive: [1_000, "Director of Corporate Affairs"],
      division: 250,
    },
    sl: [100, 100, 100, 100],
    conditions: ["Every offer over £50 is declared on the register of gifts and hospitality"],
  },
  {
    id: "conflicts-of-interest", area: "hr",
    title: "Agree how a declared conflict of interest is managed",
    description: "Agree what a member of staff does about an interest they have declared, and record it.",
    kind: "yesno",
    performanceIndependent: true,
    cells: {
      executive: ["yes", "Director of Corporate Affairs", "Interests of executive directors and senior managers"],
      division: ["yes", "Managing Director"],
    },
    sl: [1, 1, 1, 1],
    slHolder: "Service line manager",
    conditions: ["Every declaration is entered on the register of interests, which the Audit Committee reviews"],
  },
  {
    id: "dismissal", area: "hr",
    title: "Dismiss an employee after a formal hearing",
    description: "Chair a formal hearing that may end in dismissal, for staff at Band 7 and below.",
    kind: "yesno",
    performanceIndependent: true,
    cells: {
      executive: ["yes", "Executive director"],
      division: ["yes", "Managing Director"],
    },
    sl: [1, 1, 1, 1],
    slConditions: "The hearing manager is trained and senior to the employee",
    conditions: ["An HR adviser attends, and the employee may appeal"],
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
    conditions: ["within-budget"],
  },
  // Clinical & operational. Management groups (Drugs and Therapeutics, Medical Devices, New
  // Interventions) advise an executive director; they are not committees of the Board.
  {
    id: "new-procedure", area: "clinical",
    title: "Introduce a new clinical procedure",
    description: "Start a procedure new to the trust, following NICE interventional procedures guidance.",
    kind: "yesno",
    cells: {
      executive: ["yes", "Medical Director, on the advice of the New Interventions Group", "Consent and patient information prepared; outcomes audited and reported to the Quality Committee"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "new-drug", area: "clinical",
    title: "Add a drug to the trust formulary",
    description: "Add a new medicine to the formulary, or widen its use.",
    kind: "yesno",
    cells: {
      executive: ["yes", "Drugs and Therapeutics Group (chaired by the Medical Director)", "Cost impact agreed with the division"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "new-device", area: "clinical",
    title: "Introduce a medical device",
    description: "Bring a medical device into use in the service.",
    kind: "yesno",
    cells: {
      executive: ["yes", "Medical Devices Group (reporting to the Chief Nurse)", "New types of device are evaluated first"],
      division: ["yes", "Clinical Director"],
    },
    sl: [1, 1, 0, 0],
    slConditions: "Only devices the Medical Devices Group has already evaluated, within budget",
  },
  {
    id: "clinical-policy", area: "clinical",
    title: "Approve a clinical policy or guideline",
    description: "Approve a clinical policy, or a guideline for how a service treats patients.",
    kind: "yesno",
    cells: {
      committee: ["yes", "Quality Committee", "Trust-wide clinical policies"],
      executive: ["yes", "Medical Director or Chief Nurse", "Policies that apply to more than one division"],
      division: ["yes", "Clinical Director"],
    },
    sl: [1, 1, 0, 0],
    slHolder: "Service line clinical lead",
    slConditions: "Guidelines used only in the service line, after its clinical governance meeting",
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
      committee: [5_000_000, "Finance and Investment Committee"],
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
  {
    id: "approve-sord", area: "strategic",
    title: "Approve the scheme of reservation and delegation",
    description: "Approve this scheme, and every change to it.",
    kind: "yesno",
    cells: {
      // DOMAIN-REFERENCE.md: each version records "the committee that recommended it (often Audit), Board approval … Reviewed at least yearly".
      board: ["reserved", "Trust Board", "Recommended by the Audit Committee; reviewed at least once a year"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "standing-orders", area: "strategic",
    title: "Approve the standing orders and standing financial instructions",
    description: "Approve, change or suspend the Board's standing orders and the standing financial instructions.",
    kind: "yesno",
    cells: {
      board: ["reserved", "Trust Board", "Recommended by the Audit Committee"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "committee-terms", area: "strategic",
    title: "Approve the terms of reference of Board committees",
    description: "Set up a committee of the Board and approve its terms of reference and membership.",
    kind: "yesno",
    cells: {
      board: ["reserved", "Trust Board"],
    },
    sl: [null, null, null, null],
  },
  // Reserved to the Council of Governors of a foundation trust (NHS Act 2006, Schedule 7 and section 51A).
  {
    id: "appoint-chair-neds", area: "strategic",
    title: "Appoint or remove the Chair and non-executive directors",
    description: "Appoint, reappoint or remove the Chair and the other non-executive directors, and set their pay.",
    kind: "yesno",
    cells: {
      governors: ["reserved", "Council of Governors", "On the recommendation of the governors' nominations committee"],
    },
    sl: [null, null, null, null],
  },
  {
    id: "significant-transactions", area: "strategic",
    title: "Approve a significant transaction",
    description: "Approve a merger, acquisition, separation or other transaction the constitution defines as significant.",
    kind: "yesno",
    cells: {
      governors: ["reserved", "Council of Governors", "More than half of the governors voting must approve; the Board proposes it first"],
    },
    sl: [null, null, null, null],
  },
];

/**
 * The procurement routes of the scheme in force (v4.0), by total value including VAT. Quotation and
 * tender thresholds from DOMAIN-REFERENCE.md ("quotations / tender: under £10k two quotes |
 * £10k–£25k three quotes | from £25k tender"). The top row is the Procurement Act 2023 threshold for
 * supplies and services let by sub-central authorities, which include NHS trusts and foundation
 * trusts: £207,720 including VAT from 1 January 2026 (The Procurement Act 2023 (Threshold Amounts)
 * (Amendment) Regulations 2025, SI 2025/1200; £214,904 before then). Healthcare services bought under
 * the Provider Selection Regime follow that regime instead.
 */
const PROCUREMENT_ROUTES: ProcurementRoute[] = [
  { from: 0, route: "Two written quotations" },
  { from: 10_000, route: "Three written quotations" },
  { from: 25_000, route: "Competitive tender through the procurement team" },
  { from: 207_720, route: "Competitive tender under the Procurement Act 2023, advertised with a tender notice on Find a Tender" },
];

/**
 * The demo trust's scheme of reservation and delegation, version 4.0 (in force from 1 April 2026): a
 * foundation trust's matters reserved to the Council of Governors and the Board, delegated to Board
 * committees and officers, with limits by earned autonomy for service lines.
 */
export function demoScheme(): Scheme {
  return {
    levels: defaultLevels({ foundationTrust: true }),
    serviceLineLevelId: DEFAULT_SERVICE_LINE_LEVEL_ID,
    decisions: SPECS.map(build),
    procurementRoutes: PROCUREMENT_ROUTES.map((r) => ({ ...r })),
  };
}

/**
 * Version 3.2, approved by the Board on 27 March 2025 and superseded by 4.0. The same decisions, with
 * these differences from 4.0 (each visible in a Who decides? answer):
 * - revenue-nonpay, service line at autonomy level 2: £50,000 (4.0: £100,000): £75,000 at level 2
 *   went to the Division then, the service line now;
 * - revenue-nonpay, Division: £75,000 (4.0: £100,000);
 * - revenue-nonpay, executive level: no joint approval: executive director £250,000, Chief Executive
 *   £500,000 (4.0 adds the Chief Executive jointly with the Director of Finance to £1,000,000), so
 *   £750,000 went to the Board;
 * - tender-waiver, Division: £10,000 (4.0: £25,000);
 * - procurement routes: the Find a Tender threshold was £214,904 including VAT (before 1 January 2026).
 */
export function demoSchemeV32(): Scheme {
  const s = demoScheme();
  const d = (id: string) => s.decisions.find((x) => x.id === id)!;
  const revenue = d("revenue-nonpay");
  revenue.serviceLineLimits[2] = 50_000;
  revenue.cells.division!.limit = 75_000;
  const exec = revenue.cells.executive!;
  exec.holders = [execDirector(250_000), ceo(500_000)];
  exec.limit = 500_000;
  revenue.cells.board!.conditions = "Above £500,000";
  d("tender-waiver").cells.division!.limit = 10_000;
  s.procurementRoutes = s.procurementRoutes!.map((r) => (r.from === 207_720 ? { ...r, from: 214_904 } : r));
  return s;
}

/** One pending change of the v5.0 draft: a service line's limit at one autonomy level. */
export interface DemoDraftChange {
  decisionId: string;
  autonomyLevel: AutonomyLevel;
  from: number;
  to: number;
}

/**
 * The v5.0 draft's pending changes to 4.0, one in each area: more earned autonomy for level 2 lines.
 * (Revenue spending stays as it is: the Who decides? examples quote its 4.0 limits.)
 */
export const DEMO_DRAFT_CHANGES: readonly DemoDraftChange[] = [
  { decisionId: "capital-own", autonomyLevel: 2, from: 25_000, to: 50_000 },
  { decisionId: "agency-shifts", autonomyLevel: 2, from: 10, to: 15 },
  { decisionId: "bed-closure", autonomyLevel: 2, from: 2, to: 4 },
  { decisionId: "new-service", autonomyLevel: 2, from: 50_000, to: 100_000 },
];

/** Version 4.0 with the v5.0 draft's pending changes applied: what the demo's live document holds once seeded. */
export function demoDraftScheme(): Scheme {
  const s = demoScheme();
  for (const c of DEMO_DRAFT_CHANGES) s.decisions.find((d) => d.id === c.decisionId)!.serviceLineLimits[c.autonomyLevel] = c.to;
  return s;
}

/** Applies the v5.0 draft's pending changes (DEMO_DRAFT_CHANGES) to a delegation document holding 4.0, through the document's accessors. */
export function demoDraftChanges(doc: Y.Doc, origin?: unknown): Result {
  let result: Result = { ok: true };
  doc.transact(() => {
    for (const c of DEMO_DRAFT_CHANGES) {
      const r = setServiceLineLimit(doc, c.decisionId, c.autonomyLevel, c.to, origin);
      if (!r.ok) {
        result = { ok: false, error: `${c.decisionId}: ${r.error}` };
        return;
      }
    }
  }, origin);
  return result;
}

/**
 * The one key indicator the demo trust judges by SPC (issue 14's optional rule, off by default for a
 * new trust): 18 weeks, so that Trauma and orthopaedics' falling trend counts as a failure from its
 * first special-cause month (January 2026 in the reference window) rather than when it crosses the
 * target in April, and a line whose 18-week misses are common cause is not failed for them.
 */
export const DEMO_SPC_INDICATOR = "RTT18";

/** The demo's rule indicators, in every version of its scheme and the draft: the framework's, with 18 weeks judged by SPC. */
export function demoRuleIndicators(): RuleIndicator[] {
  return defaultRuleIndicators().map((i) => (i.code === DEMO_SPC_INDICATOR ? { ...i, spc: true } : i));
}
