import type { LedgerLine, Suspension } from "./ledger";
import type { AppliedConsequence } from "./rules";

/** What a line's page shows of its incentives (issue 13), as the summary resource route returns it. */
export interface LineIncentivesSummary {
  year: number;
  label: string;
  approved: boolean;
  line: LedgerLine | null;
  reserve: number;
  consequences: AppliedConsequence[];
  openConsequences: number;
  /** Every Board suspension in force, whatever its scope: every line is shown them. */
  suspensions: Suspension[];
}
