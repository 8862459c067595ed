export * from "./types";
export * from "./bands";
export * from "./limits";
export * from "./validate";
export * from "./resolve";
export * from "./rows";
export * from "./demo";
