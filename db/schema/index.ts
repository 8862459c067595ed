export * from "./auth";
export * from "./collab";
