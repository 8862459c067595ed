// ESLint 9 flat config. `npm run lint`; `npm test` runs it (after `tsc --noEmit`) and fails on errors,
// not on warnings. The rule set catches mistakes, not style: formatting is left alone.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["build/", "build-*/", "node_modules/", "test-results/", "data/", ".cache/", "scripts/tmp/"] },

  js.configs.recommended,
  // Syntax-only rules (no type information), so linting stays fast; `tsc --noEmit` does the type checks.
  // Its no-unused-expressions also flags the comma idiom `if (x) (a(), b());`: write a block instead.
  // Kept as an error because it catches no-op statements such as `a === b;`.
  tseslint.configs.recommended,

  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      // Code under shared/ runs on both sides; the server, scripts and tests in Node; app/ in both
      // (Remix renders routes on the server too). One generous set avoids false no-undef reports in JS.
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      // Unused code is an error; a leading underscore marks a deliberately unused name.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { args: "after-used", argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },

  {
    files: ["**/*.{ts,tsx,js,jsx,mjs}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      // A warning: a missing dependency is often deliberate (e.g. run once on mount); review, don't block.
      "react-hooks/exhaustive-deps": "warn",
    },
  },
);
