export * from "./types";
export * from "./rules";
export * from "./assess";
export * from "./import";
export * from "./demo";
export * from "./keys";
export * from "./spc-rule";
export * from "./ytd";
