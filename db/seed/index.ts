import * as Y from "yjs";
import type { Db } from "../client";
import { hashPassword } from "../../server/auth/password";
import { createUser } from "../../server/repositories/users";
import { addMembership, countWorkspaces, createWorkspace } from "../../server/repositories/workspaces";
import { addSupportLink, addUnit, setTrustName } from "../../shared/collab/structure-doc";
import { seedDemoPerformance } from "./performance";
import { londonDate } from "../../shared/format/dates";
import { seedDemoGovernance } from "./governance";
import { seedDemoEscalations } from "./escalations";
import { seedDemoKpis } from "./kpi";
import { seedDemoAssessments } from "./assessment";
import { seedDemoPlans } from "./plans";
import { seedDemoReviews } from "./reviews";
import { seedDemoIncentives } from "./incentives";
import { addBaseline } from "../../server/repositories/kpi";
import { demoMonths } from "../../shared/autonomy/demo";
import { addMonths } from "../../shared/format/dates";
import { DEMO_LINKS, DEMO_PASSWORD, DEMO_TRUST_NAME, DEMO_UNITS, DEMO_USERS, DEMO_WORKSPACE_ID } from "./demo-structure";

export const unitIdForCode = (code: string) => code.toLowerCase();

/** Builds the demo structure as a Yjs document, through the same accessors the editor uses. */
export function buildDemoStructureDoc(): Y.Doc {
  const doc = new Y.Doc();
  setTrustName(doc, DEMO_TRUST_NAME);
  for (const u of DEMO_UNITS) {
    const res = addUnit(doc, {
      id: unitIdForCode(u.code),
      code: u.code,
      name: u.name,
      kind: u.kind,
      parentId: u.parent ? unitIdForCode(u.parent) : null,
      leaders: u.leaders,
      budgetHolder: u.budgetHolder ?? "",
      description: u.description ?? "",
    });
    if ("error" in res) throw new Error(`Demo unit ${u.code}: ${res.error}`);
  }
  for (const l of DEMO_LINKS) {
    const res = addSupportLink(doc, { fromId: unitIdForCode(l.from), toId: unitIdForCode(l.to), description: l.description });
    if ("error" in res) throw new Error(`Demo link ${l.from}→${l.to}: ${res.error}`);
  }
  return doc;
}

/**
 * Seeds the demo trust when the database has no workspace yet. Co-edited content goes straight into
 * the document update log, the one source of truth the collaboration server loads.
 */
export async function seedDemoIfEmpty(db: Db, options: { today?: string } = {}): Promise<boolean> {
  if (countWorkspaces(db) > 0) return false;
  // The demo lives in the present (DESIGN.md): every date is laid relative to the seed day.
  const today = options.today ?? londonDate();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // One outer transaction (inner ones become savepoints): a start-up killed half-way leaves an
  // empty database that seeds again, never a trust without its documents.
  db.$client.transaction(() => {
    createWorkspace(db, DEMO_WORKSPACE_ID, DEMO_TRUST_NAME);
    for (const u of DEMO_USERS) {
      const user = createUser(db, { email: u.email, name: u.name, passwordHash });
      addMembership(db, {
        workspaceId: DEMO_WORKSPACE_ID,
        userId: user.id,
        role: u.role,
        boardSignatory: u.boardSignatory,
        serviceLineIds: [...u.serviceLines],
      });
    }
    const figures = seedDemoPerformance(db, DEMO_WORKSPACE_ID, DEMO_UNITS.filter((u) => u.kind === "service_line").map((u) => ({ id: unitIdForCode(u.code), code: u.code })), today);
    // The structure and scheme logs are written as their approved histories, ending with the drafts.
    const histories = seedDemoGovernance(db, DEMO_WORKSPACE_ID, today, figures);
    // The KPI catalogue and its targets for this financial year and the last (issue 14).
    seedDemoKpis(db, DEMO_WORKSPACE_ID, today);
    // The SLM maturity self-assessments: last March's, approved, and this year's under way (issue 15).
    seedDemoAssessments(db, DEMO_WORKSPACE_ID, today);
    // The annual plans: this year's live and phased, next year's round in progress (issue 12).
    seedDemoPlans(db, DEMO_WORKSPACE_ID, today);
    // Review meetings, their schedules by the levels agreed at the accountability reviews, and action logs (issue 13).
    seedDemoReviews(db, DEMO_WORKSPACE_ID, today);
    // One escalation in progress, from a fall in the figures since the last accountability review (issue 13).
    seedDemoEscalations(db, DEMO_WORKSPACE_ID, today, histories);
    // The incentive and consequence framework of each year and its ledgers (issue 13).
    seedDemoIncentives(db, DEMO_WORKSPACE_ID, today);
    // Orthopaedics' 18-week performance began a sustained fall in the demo's 14th month; the
    // performance team rebased its chart from then, so its limits describe the process as it now is
    // (recorded with the reason and who approved it, as a rebase must be).
    const fall = demoMonths(today)[13]!;
    addBaseline(db, DEMO_WORKSPACE_ID, { unitId: "orth", code: "RTT18", fromMonth: fall, reason: "Sustained fall since trauma demand displaced elective lists; the earlier limits no longer describe the process", approvedBy: "Simon Clarke, Chief Operating Officer" }, { id: null, name: "Devolve demo set-up" }, Date.parse(`${addMonths(fall, 8)}-15T10:00:00Z`));
  })();
  return true;
}
