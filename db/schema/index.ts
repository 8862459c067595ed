export * from "./auth";
export * from "./collab";
export * from "./performance";
export * from "./governance";
export * from "./kpi";
export * from "./workshop";
export * from "./plans";
export * from "./maturity";
