/**
 * Monitor's service-line management framework as data, taken verbatim from the seed
 * (`../shared/seeds/slm-framework-monitor.txt`, committed as `docs/sources/slm-framework-monitor.txt` for a clean clone): four parts, every section with its four level
 * descriptors, the scale, the caution about level 4 and the closing question. `framework.test.ts`
 * reads the seed and compares every string, so a typo here fails a test.
 *
 * Levels here are **SLM maturity, 1–4 (4 = most mature)**: the opposite direction to earned-autonomy
 * levels, where 1 is the most autonomy. Every screen says "SLM maturity" beside a level for that reason.
 *
 * The framework is versioned: an assessment records the `FrameworkVersion.id` it was answered
 * against, and `frameworkById` returns that wording, so a trust's answers keep the words they were
 * given if the framework is revised. Section titles (`title`) are Devolve's own short labels for
 * lists and charts; the seed numbers sections but does not name them.
 */

export type MaturityLevel = 1 | 2 | 3 | 4;
export const MATURITY_LEVELS: readonly MaturityLevel[] = [1, 2, 3, 4];
/** What every screen calls these levels, so they are never read as earned-autonomy levels. */
export const MATURITY_NAME = "SLM maturity, 1–4 (4 = most mature)";

export interface FrameworkSection {
  /** Stable id used in documents ("p4s7" = Part 4 section 7). */
  id: string;
  number: number;
  /** Devolve's short label (not in the seed). */
  title: string;
  /** The seed's descriptors for levels 1 to 4, verbatim (some hold the seed's own list markup). */
  descriptors: readonly [string, string, string, string];
}

export interface FrameworkPart {
  number: number;
  title: string;
  /** The seed's one-sentence statement of what the part is about. */
  statement: string;
  sections: readonly FrameworkSection[];
}

export interface FrameworkVersion {
  id: string;
  title: string;
  /** The seed's scale: what a score of 1, 2, 3 and 4 means across the framework. */
  scale: readonly [string, string, string, string];
  /** The seed's introduction to the assessment (its overview). */
  overview: readonly string[];
  /** The seed's caution, shown when every section is claimed at level 4. */
  caution: string;
  /** The seed's closing question and the sentence that follows it. */
  closingQuestion: string;
  closingNote: string;
  parts: readonly FrameworkPart[];
}

export const MONITOR_FRAMEWORK: FrameworkVersion = {
  id: "monitor-slm-framework-1",
  title: "Service-line management framework",
  scale: ["Limited implementation of SLM", "SLM established but not well developed", "SLM established and starting to work well", "SLM working well/best practice"],
  overview: [
    "This framework aims to support organisations in assessing the extent to which SLM has been implemented. It also provides an opportunity for organisations to highlight areas of good practice and to identify areas of concern or where ongoing support may be required.",
    "Each section of the framework will support organisations to assess the extent to which SLM is embedded in the trust on a score of 1 to 4:",
  ],
  caution: "Given the nature of SLM and how it evolves in trusts it is unlikely that a trust would be at level four across all categories. Furthermore it is likely that the levels will vary across the four areas above.",
  closingQuestion: "Now that you have reviewed the framework, would you change the SLM implementation level in your trust?",
  closingNote: "A score of 1 is 'minimal implementation' and a score of 4 is 'best practice'.",
  parts: [
    {
      number: 1,
      title: "Information management",
      statement: "Information management: the provision of accurate integrated and comprehensive service-line information for improved decision-making",
      sections: [
        {
          id: "p1s1",
          number: 1,
          title: "Service-line income and expenditure",
          descriptors: [
            "Basic service-line income and expenditure statements are produced setting out income, cost, contribution and margin for the service-line",
            "Income / cost allocation and /or transfer pricing methodologies are implemented. Corporate overhead allocation and apportionment agreed",
            "Service-line financial information is produced via an integrated system and is capable of drill down analysis to point of delivery",
            "Service-line financial information is capable of analysis to individual transaction, patient or pathway level",
          ],
        },
        {
          id: "p1s2",
          number: 2,
          title: "Sharing financial information",
          descriptors: [
            "Financial information is shared with service-line leaders, finance teams and managers",
            "Financial information is shared with service-line teams and drives the development of service improvement plans",
            "Service-line financial information is actively monitored by service-line team to make timely interventions",
            "Service-line financial data is made available to all staff and published on a quarterly basis",
          ],
        },
        {
          id: "p1s3",
          number: 3,
          title: "Service-line dashboards",
          descriptors: [
            "Service-line dashboards are agreed. The trust can produce monthly service-line key performance indicator dashboards which include some operational, quality and workforce metrics",
            "Service-line dashboards include a comprehensive set of relevant performance measures which are agreed by service-line clinical and managerial leaders",
            "Sub service-lines develop improvement action plans based on service-line dashboards",
            "Service-line dashboard information is integrated with other operational / clinical / quality information / costing systems",
          ],
        },
        {
          id: "p1s4",
          number: 4,
          title: "Involvement in dashboards and data quality",
          descriptors: [
            "Service -line leaders, clinicians and managers are involved in the development of dashboards and demonstrate an awareness of the service -line dashboard and measures contained within it",
            "Service-line leaders, clinical and managerial staff collaborate to improve the quality and integrity of dashboard information",
            "Service-line data is subject to quality assurance reviews to ensure data integrity and validity",
            "Service-line data quality is challenged by patients/members of staff",
          ],
        },
        {
          id: "p1s5",
          number: 5,
          title: "Monthly review and action plans",
          descriptors: [
            "Service-line dashboard information is reviewed by service -line leaders on a monthly basis",
            "Service-line leaders prepare monthly performance improvement action plans",
            "Service-line improvement action plans are updated and refreshed on a monthly basis",
            "Service-line performance dashboards are made available to patients/members of staff and are published on a monthly basis",
          ],
        },
      ],
    },
    {
      number: 2,
      title: "Strategy and service-line planning",
      statement: "Service-line strategy: The service-line strategy is defined. Service-lines are embedded in the annual planning process and service-line leaders are incentivised to deliver",
      sections: [
        {
          id: "p2s1",
          number: 1,
          title: "Service-line strategy",
          descriptors: [
            "No service-line strategy in place",
            "Service-line strategy developed at the trust and directorate level and agreed by the board",
            "Service-line leaders engage in development of service-line strategic plan",
            "Service-line strategy is reviewed and updated quarterly by service-line leaders",
          ],
        },
        {
          id: "p2s2",
          number: 2,
          title: "Targets and goals",
          descriptors: [
            "Targets and goals non-quantifiable, and determined top-down or bottom-up, but not both",
            "Executive and front line goals exist, but not agreed between parties. Short and long term goals exist, but are not necessarily linked",
            "Service-line targets and goals are quantifiable; executive and front line objectives and long term / short term objectives can be reconciled",
            "Service-lines develop their own strategic objectives that are linked to trust vision. Executive and front line strategic objectives agreed through constructive negotiation. Long term and short term targets clearly linked",
          ],
        },
        {
          id: "p2s3",
          number: 3,
          title: "Annual planning process",
          descriptors: [
            "Service-line annual planning is top down only and /or not developed until start of the financial year",
            "Service-line annual planning process takes into account service-line specific goals and budgets, but does not define bottom-up goals and / or are not signed off until after the start of the financial year",
            "Annual planning process takes into account service-line specific goals and budgets, but does not define bottom-up goals. These are agreed before the beginning of the financial year",
            "Coherent service-line annual plan process to set specific goals and budgets based on top-down and bottom up process to define quality, operational, financial and workforce goals",
          ],
        },
        {
          id: "p2s4",
          number: 4,
          title: "Ownership of annual plans",
          descriptors: [
            "Service-line annual plans are not in place",
            "Service-line annual plans are set at the board/exec or directorate level, and cascaded down the trust",
            "Finance and performance teams work with clinicians to develop annual plans",
            "Annual plans based on executive level guidance but owned by clinicians and staff, developed in partnership with finance and performance teams",
          ],
        },
        {
          id: "p2s5",
          number: 5,
          title: "Incentive and consequence framework",
          descriptors: [
            "Incentive and consequence frameworks are not defined",
            "Clinicians involved in defining incentives and consequences framework",
            "Incentives and consequence frameworks are agreed by trust board and applied to individual service-line leaders",
            "Incentive and consequence frameworks are operational and savings are reinvested in service - line change and transformation",
          ],
        },
        {
          id: "p2s6",
          number: 6,
          title: "Evidence-based action planning",
          descriptors: [
            "Action planning is not evidence based",
            "Service-lines are able to produce action plans with some evidential content",
            "Service-line action plans are evidence based (financial, dashboard, patient experience)",
            "Action plans are based on robust quality information (financial, dashboard, patient experience) and tracked by the service-line team",
          ],
        },
      ],
    },
    {
      number: 3,
      title: "Performance management",
      statement: "Performance management enables the development of accountability and transparency in the progress made against specific initiatives and objectives",
      sections: [
        {
          id: "p3s1",
          number: 1,
          title: "Performance review meetings",
          descriptors: [
            "Performance review meetings at executive level",
            "Performance review meetings at service-line level led by service-line leader and feed into executive review",
            "Performance review meetings at team and service-line level feed into executive review",
            "Performance review meetings at team and service-line level feed into executive review with clarity",
          ],
        },
        {
          id: "p3s2",
          number: 2,
          title: "Quality of review meetings",
          descriptors: [
            "Ad-hoc meetings held with limited information available. No clearly articulated purpose or agenda. Next steps not defined and owners not agreed",
            "Regular meetings held based on appropriate data and information with clear meeting purpose and responsibilities",
            "Regular service-line team meetings based on appropriate data and information and include planning for future developments",
            "Review conversation based on appropriate data and information. Purpose and agenda totally clear. Constructive feedback and coaching in evidence",
          ],
        },
        {
          id: "p3s3",
          number: 3,
          title: "Benchmarking",
          descriptors: [
            "No internal and external benchmarks for the service-line have been identified",
            "Internal and external benchmarks are identified by service-lines",
            "Internal and external benchmarks regularly used by clinicians and managers and used at board discussions",
            "Evidence that service-line decisions are based on service-line internal and external benchmark information",
          ],
        },
        {
          id: "p3s4",
          number: 4,
          title: "Key performance indicators",
          descriptors: [
            "Targets and key performance indicators are not clearly understood and have little service-line relevance",
            "Subset of service-line specific key performance indicators set by executive and agreed with service-lines",
            "Service-line key performance indicators defined by service-line and agreed by executive",
            "<ul style=\"list-style-type: none\"> •Sub service-line key performance indicators set and owned by front line staff / wards / teams •How to make improvements against key performance indicators is understood by frontline staff",
          ],
        },
        {
          id: "p3s5",
          number: 5,
          title: "Tracking performance",
          descriptors: [
            "Tracking is ad hoc, with some areas of measures not tracked at all",
            "Indicators are tracked formally",
            "Indicators are tracked formally and overseen by senior staff",
            "Performance is continuously tracked and communicated against most critical measures, both formally and informally, to all staff using a range of tools",
          ],
        },
        {
          id: "p3s6",
          number: 6,
          title: "Accountability for targets",
          descriptors: [
            "Little accountability on delivery of targets",
            "Accountability for targets and performance shared between multiple senior staff and/or some staff such as clinicians are not involved",
            "Single point of accountability for targets and performance exist at service-line level, but clinicians are not involved or bought in to them",
            "Single point of accountability for targets and performance exist and are appropriate. All relevant staff groups are involved and bought in to them",
          ],
        },
        {
          id: "p3s7",
          number: 7,
          title: "Recognising strong performance",
          descriptors: [
            "Lack of clarity in which areas and teams have the strongest performance",
            "Processes which allow managers to identify strong performers in place. Good performance not always recognised",
            "Processes which allow managers to identify strong areas and team performers and good performance is recognised and acknowledged",
            "Processes which allow managers to identify strong areas, team performers and good performance are recognised and acknowledged and linked to rewards",
          ],
        },
        {
          id: "p3s8",
          number: 8,
          title: "Consequences and rewards",
          descriptors: [
            "Failure to achieve objectives does not carry consequences. Resources are not allocated based on high performance",
            "<ul style=\"list-style-type: none\"> •Failure to achieve tolerated for some time before action is taken •Small elements of performance related rewards ",
            "<ul style=\"list-style-type: none\"> •Failure to achieve is identified and action is usually taken •Performance related rewards exist and additional resources reflect performance ",
            "<ul style=\"list-style-type: none\"> •Financial performance (quality, productivity) related rewards in-built to evaluation system •Poor performers are managed and coached to improve quickly",
          ],
        },
      ],
    },
    {
      number: 4,
      title: "Organisational structure",
      statement: "Organisational structure: Service-lines are clearly defined and agreed have identified leaders who are accountable for integrated service-line performance management. Service-line leaders are supported, incentivised and performance managed",
      sections: [
        {
          id: "p4s1",
          number: 1,
          title: "Defining service lines",
          descriptors: [
            "Trust executive agrees strategic objectives for new organisational structure and agrees service-line criteria",
            "Service-lines defined using agreed commercial business unit criteria including patient or service group and signed off by trust board",
            "Sub service-lines defined using agreed commercial business unit criteria and signed off by the trust board",
            "Points of delivery defined using agreed commercial business unit criteria",
          ],
        },
        {
          id: "p4s2",
          number: 2,
          title: "Communications",
          descriptors: [
            "Communications plan developed: reasons for adoption of service-line management communicated throughout the trust",
            "Events held (including commissioners) to inform stakeholders of the changes taking place allowing concerns to be addressed",
            "Communications and benefits messages developed for service-lines to articulate changes taking place in service-line",
            "All staff are aware of shift to service-line culture and understand the benefits of the new organisational structure",
          ],
        },
        {
          id: "p4s3",
          number: 3,
          title: "Leadership roles and competencies",
          descriptors: [
            "Service-line leader / manager roles and competencies defined",
            "Contract developed clarifying the roles of clinical and financial leads at the service-line level",
            "Service-line teams participate in the development of clinical, quality and productivity initiatives and enthuse other clinicians",
            "Leadership roles respected and recognised as successful across trust attracting talented clinicians",
          ],
        },
        {
          id: "p4s4",
          number: 4,
          title: "Clinical engagement in management",
          descriptors: [
            "Clinicians expressing interest in becoming involved with managerial and service improvement activities",
            "Clinicians become involved in management and development of services demonstrating evidence of leadership and managerial skills",
            "Service-line clinicians engage on managerial issues presented by senior executives",
            "Clinical leaders able to balance decisions across financial, operational, clinical and people dimensions",
          ],
        },
        {
          id: "p4s5",
          number: 5,
          title: "Corporate and support services",
          descriptors: [
            "Corporate and support staff are not actively engaged with clinical services",
            "Corporate and support staff form part of service-line team and are orientated with services",
            "Established team working together to deliver service-line objectives",
            "Nominated service-line support from corporate services and SLAs in place for corporate services",
          ],
        },
        {
          id: "p4s6",
          number: 6,
          title: "Training and support",
          descriptors: [
            "Support arrangements and needs analysis start: <ul style=\"list-style-type: none\"> – Admin support agreed e.g. PAs for service-line leads – Training needs analysis undertaken – Informal training e.g. finance staff providing sessions on income and expenditure statements ",
            "Training and development package agreed by HR and trust board",
            "Formal training commences including: business planning, project management, team leadership, performance management and meeting management",
            "Ongoing process in place for recruitment, training and support for leaders",
          ],
        },
        {
          id: "p4s7",
          number: 7,
          title: "Decision rights (scheme of delegation)",
          descriptors: [
            "High level decision rights framework (scheme of delegation) based on defined criteria for decision rights",
            "Some decision rights are clearly defined in detail at the executive, service-line and team levels",
            "Decision rights are clearly defined in detail at the executive, service-line and team levels. Change control process in place to amend decision rights based on performance",
            "Decision rights clearly defined across four areas: <ul style=\"list-style-type: none\"> –HR decisions –Financial –Clinical and operational –Strategic and service development",
          ],
        },
        {
          id: "p4s8",
          number: 8,
          title: "Delegation in practice and earned autonomy",
          descriptors: [
            "Decisions about service-line typically made by the Board, although may be lip service to service-line decision delegation",
            "Some decisions taken at the service-line level",
            "Leaders test decision rights for service improvement with many decisions taken at the service-line level",
            "Level of autonomy based on performance. Sensible thresholds for expenditure discretion in place",
          ],
        },
      ],
    },
  ],
};

/** The framework new assessments use. */
export const CURRENT_FRAMEWORK = MONITOR_FRAMEWORK;
const FRAMEWORKS: Record<string, FrameworkVersion> = { [MONITOR_FRAMEWORK.id]: MONITOR_FRAMEWORK };

/** The framework an assessment was answered against; unknown ids fall back to the current one. */
export function frameworkById(id: string | null | undefined): FrameworkVersion {
  return (id && Object.hasOwn(FRAMEWORKS, id) ? FRAMEWORKS[id] : undefined) ?? CURRENT_FRAMEWORK;
}

/** Every section in order, with its part. */
export function allSections(fw: FrameworkVersion = CURRENT_FRAMEWORK): (FrameworkSection & { part: FrameworkPart })[] {
  return fw.parts.flatMap((part) => part.sections.map((s) => ({ ...s, part })));
}

/** The section with this id, or null. */
export function sectionById(id: string, fw: FrameworkVersion = CURRENT_FRAMEWORK): (FrameworkSection & { part: FrameworkPart }) | null {
  return allSections(fw).find((s) => s.id === id) ?? null;
}

/** "Part 4 §7" — how the seed's sections are cited. */
export function sectionRef(s: { id: string }): string {
  const m = /^p(\d)s(\d+)$/.exec(s.id);
  return m ? `Part ${m[1]} §${m[2]}` : s.id;
}

/** True for a section id of the framework. */
export function isSectionId(id: unknown, fw: FrameworkVersion = CURRENT_FRAMEWORK): id is string {
  return typeof id === "string" && allSections(fw).some((s) => s.id === id);
}

export function isMaturityLevel(v: unknown): v is MaturityLevel {
  return v === 1 || v === 2 || v === 3 || v === 4;
}

/**
 * A descriptor as a lead sentence and a list: the seed writes some descriptors as an HTML list
 * (`<ul style="list-style-type: none"> •First •Second` or with "–" dashes). Screens and exports show
 * it as text and bullets; the stored descriptor keeps the seed's characters.
 */
export function descriptorParts(raw: string): { lead: string; bullets: string[] } {
  const at = raw.indexOf("<ul");
  if (at < 0) return { lead: raw.trim(), bullets: [] };
  const lead = raw.slice(0, at).trim();
  const rest = raw.slice(raw.indexOf(">", at) + 1);
  const bullets = rest
    .split(/\s*[•–]\s*/)
    .map((b) => b.trim())
    .filter(Boolean);
  return { lead, bullets };
}

/** A descriptor as one line of plain text ("Lead: first; second"). */
export function descriptorText(raw: string): string {
  const { lead, bullets } = descriptorParts(raw);
  if (bullets.length === 0) return lead;
  return lead ? `${lead} ${bullets.join("; ")}` : bullets.join("; ");
}
