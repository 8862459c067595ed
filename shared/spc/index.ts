/** Statistical process control (issue 14): types, XmR charts by Making Data Count, rare events. */
export * from "./types";
export * from "./spc";
export * from "./rare";
