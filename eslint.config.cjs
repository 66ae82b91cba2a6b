// The page scripts' linter (tests/run runs it): ESLint's recommended rules, with the globals of
// the browser (and of a service worker for sw.js). ESLint and its two helpers are installed by
// tests/run into .cache/node (pinned there), so they are looked up in that folder.
"use strict";
const path = require("path");
const from = (name) => require(require.resolve(name, { paths: [path.join(__dirname, ".cache", "node")] }));
const js = from("@eslint/js");
const globals = from("globals");

module.exports = [
  { ignores: ["hooks/prep_handbook/assets/vendor/**", ".venv/**", ".cache/**", "site/**", "test-output/**"] },
  {
    files: ["hooks/prep_handbook/assets/*.js", "hooks/prep_handbook/locked/*.js", "docs/assets/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      ...js.configs.recommended.rules,
      "no-unused-vars": ["error", { caughtErrors: "none" }], // catch (e) {} says what it ignores
      eqeqeq: "error",
      "no-implicit-globals": "error",
      "no-shadow": "error",
      strict: ["error", "function"],
    },
  },
  {
    files: ["hooks/prep_handbook/locked/sw.js"],
    languageOptions: { globals: { ...globals.serviceworker } },
    // a worker's top level is its own scope, not the page's
    rules: { strict: ["error", "global"], "no-implicit-globals": "off" },
  },
  {
    files: ["eslint.config.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
];
