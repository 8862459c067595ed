import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [remix(remixConfig), tsconfigPaths()],
  server: { hmr: { path: "/__vite_hmr" } },
  build: { chunkSizeWarningLimit: 2000 },
  // nhsuk-frontend's compiled CSS keeps an old IE media-query hack that esbuild's minifier flags on
  // every build; the rule is harmless and left as it is.
  esbuild: { logOverride: { "css-syntax-error": "silent" } },
});
