import type { Leader, UnitKind } from "../../shared/structure/model";

/**
 * The demo trust: a fictional acute trust of about £650m income with four divisions (three clinical,
 * one of clinical support services), seventeen service lines (codes match the demo performance data)
 * and corporate support services.
 * Ids are the lower-cased codes so that URLs and plan rooms stay readable (`plan/card/2027-28`).
 */
export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parent: string | null;
  leaders: Leader[];
  budgetHolder?: string;
  description?: string;
}

const L = (...pairs: [string, string][]): Leader[] => pairs.map(([role, name]) => ({ role, name }));

export const DEMO_TRUST_NAME = "Riverside University Hospitals NHS Foundation Trust";
export const DEMO_WORKSPACE_ID = "riverside";

export const DEMO_UNITS: DemoUnit[] = [
  { code: "BOARD", name: "Trust Board", kind: "board", parent: null, leaders: L(["Chair", "Dame Elizabeth Hart"], ["Chief Executive", "Dr James Okafor"]), description: "Sets strategy, holds the reserved matters and signs off the scheme of delegation." },

  // Medicine
  { code: "MED", name: "Medicine", kind: "division", parent: "BOARD", leaders: L(["Managing Director", "Claire Donovan"], ["Clinical Director", "Dr Rajesh Patel"], ["Head of Nursing", "Fiona McAllister"]), budgetHolder: "Claire Donovan" },
  { code: "CARD", name: "Cardiology", kind: "service_line", parent: "MED", leaders: L(["Clinical Lead", "Dr Aisha Rahman"], ["Service Line Manager", "Gareth Lloyd"], ["Finance Business Partner", "Nadia Kowalski"]), budgetHolder: "Dr Aisha Rahman", description: "Inpatient, outpatient and interventional cardiology for the Riverside population." },
  { code: "CARD-INT", name: "Interventional cardiology", kind: "sub_service_line", parent: "CARD", leaders: L(["Clinical Lead", "Dr Samuel Ade"], ["Manager", "Lucy Brennan"]) },
  { code: "CARD-CATH", name: "Cardiac catheter laboratory", kind: "pod", parent: "CARD-INT", leaders: L(["Lead", "Mark Toller"]) },
  { code: "CARD-CCU", name: "Coronary care unit", kind: "pod", parent: "CARD", leaders: L(["Lead", "Sister Joanne Price"]) },
  { code: "CARD-OP", name: "Cardiology outpatients", kind: "pod", parent: "CARD", leaders: L(["Lead", "Helen Marsh"]) },
  { code: "RESP", name: "Respiratory medicine", kind: "service_line", parent: "MED", leaders: L(["Clinical Lead", "Dr Owen Griffiths"], ["Service Line Manager", "Becky Shaw"], ["Finance Business Partner", "Nadia Kowalski"]), budgetHolder: "Dr Owen Griffiths" },
  { code: "RESP-SLEEP", name: "Sleep and ventilation service", kind: "pod", parent: "RESP", leaders: L(["Lead", "Dr Kate Morris"]) },
  { code: "GAST", name: "Gastroenterology", kind: "service_line", parent: "MED", leaders: L(["Clinical Lead", "Dr Meera Iyer"], ["Service Line Manager", "Paul Hendry"], ["Finance Business Partner", "Nadia Kowalski"]), budgetHolder: "Dr Meera Iyer" },
  { code: "GAST-ENDO", name: "Endoscopy unit", kind: "pod", parent: "GAST", leaders: L(["Lead", "Sarah Quinn"]) },
  { code: "DIAB", name: "Diabetes and endocrinology", kind: "service_line", parent: "MED", leaders: L(["Clinical Lead", "Dr Victor Osei"], ["Service Line Manager", "Amy Fletcher"], ["Finance Business Partner", "Nadia Kowalski"]), budgetHolder: "Dr Victor Osei" },
  { code: "UEC", name: "Urgent and emergency care", kind: "service_line", parent: "MED", leaders: L(["Clinical Lead", "Dr Kwame Mensah"], ["Service Line Manager", "Rachel Doyle"], ["Finance Business Partner", "Nadia Kowalski"]), budgetHolder: "Dr Kwame Mensah", description: "The emergency department, same-day emergency care and the urgent treatment centre." },
  { code: "UEC-ED", name: "Emergency department", kind: "sub_service_line", parent: "UEC", leaders: L(["Clinical Lead", "Dr Imogen Hartley"], ["Manager", "Rachel Doyle"]) },
  { code: "UEC-MAJ", name: "ED majors", kind: "pod", parent: "UEC-ED", leaders: L(["Lead", "Sister Bethan Morgan"]) },
  { code: "UEC-RESUS", name: "Resuscitation", kind: "pod", parent: "UEC-ED", leaders: L(["Lead", "Charge Nurse Tomasz Nowak"]) },
  { code: "UEC-SDEC", name: "Same-day emergency care", kind: "pod", parent: "UEC", leaders: L(["Lead", "Dr Olivia Grant"]) },

  // Surgery
  { code: "SURG", name: "Surgery", kind: "division", parent: "BOARD", leaders: L(["Managing Director", "Robert Haines"], ["Clinical Director", "Mr Daniel Whitaker"], ["Head of Nursing", "Grace Adeyemi"]), budgetHolder: "Robert Haines" },
  { code: "GSUR", name: "General surgery", kind: "service_line", parent: "SURG", leaders: L(["Clinical Lead", "Ms Hannah Cole"], ["Service Line Manager", "Ian Baxter"], ["Finance Business Partner", "Chris Evans"]), budgetHolder: "Ms Hannah Cole" },
  { code: "GSUR-COL", name: "Colorectal surgery", kind: "sub_service_line", parent: "GSUR", leaders: L(["Clinical Lead", "Mr Ali Hassan"], ["Manager", "Ian Baxter"]) },
  { code: "ORTH", name: "Trauma and orthopaedics", kind: "service_line", parent: "SURG", leaders: L(["Clinical Lead", "Mr Peter Lang"], ["Service Line Manager", "Zoe Carter"], ["Finance Business Partner", "Chris Evans"]), budgetHolder: "Mr Peter Lang" },
  { code: "ORTH-EL", name: "Elective orthopaedic centre", kind: "pod", parent: "ORTH", leaders: L(["Lead", "Dawn Fisher"]) },
  { code: "UROL", name: "Urology", kind: "service_line", parent: "SURG", leaders: L(["Clinical Lead", "Mr Femi Adebayo"], ["Service Line Manager", "Kerry Wood"], ["Finance Business Partner", "Chris Evans"]), budgetHolder: "Mr Femi Adebayo" },
  { code: "ENT", name: "Ear, nose and throat", kind: "service_line", parent: "SURG", leaders: L(["Clinical Lead", "Ms Laura Jennings"], ["Service Line Manager", "Kerry Wood"], ["Finance Business Partner", "Chris Evans"]), budgetHolder: "Ms Laura Jennings" },
  { code: "CRIT", name: "Critical care", kind: "service_line", parent: "SURG", leaders: L(["Clinical Lead", "Dr Sunita Rao"], ["Service Line Manager", "Andrew Pike"], ["Finance Business Partner", "Chris Evans"]), budgetHolder: "Dr Sunita Rao", description: "Adult intensive care and high dependency care, and the critical care outreach team." },
  { code: "CRIT-ICU", name: "Intensive care unit", kind: "pod", parent: "CRIT", leaders: L(["Lead", "Sister Niamh Kelly"]) },
  { code: "CRIT-HDU", name: "High dependency unit", kind: "pod", parent: "CRIT", leaders: L(["Lead", "Charge Nurse Daniel Osborne"]) },

  // Women and children
  { code: "WCH", name: "Women and Children", kind: "division", parent: "BOARD", leaders: L(["Managing Director", "Sian Roberts"], ["Clinical Director", "Dr Michael Chen"], ["Head of Midwifery", "Ruth Okonjo"]), budgetHolder: "Sian Roberts" },
  { code: "OBST", name: "Obstetrics and maternity", kind: "service_line", parent: "WCH", leaders: L(["Clinical Lead", "Dr Emma Nolan"], ["Service Line Manager", "Jade Atkinson"], ["Finance Business Partner", "Omar Siddiqui"]), budgetHolder: "Dr Emma Nolan" },
  { code: "OBST-LAB", name: "Labour ward", kind: "pod", parent: "OBST", leaders: L(["Lead", "Midwife Carol Dunn"]) },
  { code: "GYNAE", name: "Gynaecology", kind: "service_line", parent: "WCH", leaders: L(["Clinical Lead", "Ms Priya Nair"], ["Service Line Manager", "Jade Atkinson"], ["Finance Business Partner", "Omar Siddiqui"]), budgetHolder: "Ms Priya Nair" },
  { code: "PAED", name: "Paediatrics", kind: "service_line", parent: "WCH", leaders: L(["Clinical Lead", "Dr Tom Fairbairn"], ["Service Line Manager", "Leanne Hughes"], ["Finance Business Partner", "Omar Siddiqui"]), budgetHolder: "Dr Tom Fairbairn" },
  { code: "NEON", name: "Neonatology", kind: "service_line", parent: "WCH", leaders: L(["Clinical Lead", "Dr Ingrid Solberg"], ["Service Line Manager", "Leanne Hughes"], ["Finance Business Partner", "Omar Siddiqui"]), budgetHolder: "Dr Ingrid Solberg" },
  { code: "NEON-NICU", name: "Neonatal intensive care unit", kind: "pod", parent: "NEON", leaders: L(["Lead", "Sister Anna Webb"]) },

  // Clinical support services
  { code: "CSS", name: "Clinical support services", kind: "division", parent: "BOARD", leaders: L(["Managing Director", "Stephen Ward"], ["Clinical Director", "Dr Amara Okeke"], ["Head of Nursing", "Louise Bennett"]), budgetHolder: "Stephen Ward" },
  { code: "THEA", name: "Theatres and anaesthetics", kind: "service_line", parent: "CSS", leaders: L(["Clinical Lead", "Dr Philip Turner"], ["Service Line Manager", "Claire Whitmore"], ["Finance Business Partner", "Lewis Carver"]), budgetHolder: "Dr Philip Turner", description: "Main and day-surgery theatres, anaesthesia, recovery and pre-operative assessment." },
  { code: "THEA-MAIN", name: "Main theatres", kind: "pod", parent: "THEA", leaders: L(["Lead", "Theatre Manager Gemma Rhodes"]) },
  { code: "THEA-DSU", name: "Day surgery unit", kind: "pod", parent: "THEA", leaders: L(["Lead", "Sister Paula Grey"]) },
  { code: "IMAG", name: "Imaging", kind: "service_line", parent: "CSS", leaders: L(["Clinical Lead", "Dr Farah Qureshi"], ["Service Line Manager", "Martin Hale"], ["Finance Business Partner", "Lewis Carver"]), budgetHolder: "Dr Farah Qureshi", description: "Radiology for the hospital and GPs, including the community diagnostic centre." },
  { code: "IMAG-MRI", name: "MRI", kind: "pod", parent: "IMAG", leaders: L(["Lead", "Superintendent Radiographer Joel Afolabi"]) },
  { code: "IMAG-CT", name: "CT", kind: "pod", parent: "IMAG", leaders: L(["Lead", "Superintendent Radiographer Anita Desai"]) },
  { code: "PATH", name: "Pathology", kind: "service_line", parent: "CSS", leaders: L(["Clinical Lead", "Dr Edward Lim"], ["Service Line Manager", "Sonia Burke"], ["Finance Business Partner", "Lewis Carver"]), budgetHolder: "Dr Edward Lim", description: "Blood sciences, microbiology and cellular pathology for the trust and local GPs." },
  { code: "PATH-BS", name: "Blood sciences", kind: "pod", parent: "PATH", leaders: L(["Lead", "Laboratory Manager Craig Dunlop"]) },
  { code: "PATH-MICRO", name: "Microbiology", kind: "pod", parent: "PATH", leaders: L(["Lead", "Dr Yusuf Karim"]) },

  // Corporate support
  { code: "FIN", name: "Finance", kind: "corporate", parent: "BOARD", leaders: L(["Director", "Priya Shah"]) },
  { code: "WFD", name: "Workforce and organisational development", kind: "corporate", parent: "BOARD", leaders: L(["Director", "Nicholas Grant"]) },
  { code: "EST", name: "Estates and facilities", kind: "corporate", parent: "BOARD", leaders: L(["Director", "Alan Birch"]) },
];

/** Corporate support links: which service supports which unit, and what it provides. */
export const DEMO_LINKS: { from: string; to: string; description: string }[] = [
  { from: "FIN", to: "MED", description: "Finance business partnering and monthly service-line reporting" },
  { from: "FIN", to: "SURG", description: "Finance business partnering and monthly service-line reporting" },
  { from: "FIN", to: "WCH", description: "Finance business partnering and monthly service-line reporting" },
  { from: "FIN", to: "CSS", description: "Finance business partnering and monthly service-line reporting" },
  { from: "EST", to: "IMAG", description: "Scanner room maintenance and the community diagnostic centre lease" },
  { from: "WFD", to: "CARD", description: "Recruitment and e-rostering support" },
  { from: "EST", to: "ORTH", description: "Theatre estate maintenance, response within 4 hours" },
];

export const DEMO_PASSWORD = "Devolve-demo-2027";

/** One demo user per role; the README lists these sign-ins. */
export const DEMO_USERS = [
  { email: "admin@riverside.example", name: "Helen Carter", title: "Board Secretary", role: "admin", boardSignatory: true, serviceLines: [] as string[] },
  { email: "executive@riverside.example", name: "Priya Shah", title: "Director of Finance", role: "executive", boardSignatory: false, serviceLines: [] },
  { email: "editor@riverside.example", name: "Tom Reid", title: "Head of Planning and Performance", role: "editor", boardSignatory: false, serviceLines: [] },
  { email: "contributor@riverside.example", name: "Dr Aisha Rahman", title: "Clinical Lead, Cardiology", role: "contributor", boardSignatory: false, serviceLines: ["card"] },
  { email: "viewer@riverside.example", name: "Mark Ellis", title: "Non-executive Director", role: "viewer", boardSignatory: false, serviceLines: [] },
] as const;
