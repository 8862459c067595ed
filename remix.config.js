/**
 * Remix options, kept here (not inline in vite.config.ts) so that tools and the server read one
 * source. `vite.config.ts` imports this.
 */
/** @type {import("@remix-run/dev").VitePluginConfig} */
export default {
  ignoredRouteFiles: ["**/*.test.*", "**/.*"],
  // BUILD_DIR lets a second build (e.g. a parallel test run) live beside the default one.
  buildDirectory: process.env.BUILD_DIR || "build",
  serverModuleFormat: "esm",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
