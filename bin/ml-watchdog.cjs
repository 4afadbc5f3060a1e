#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's CommonJS loader, so `npx ml-watchdog` works from a checkout without a build step.
require('tsx/cjs');
const { main } = require('../src/cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`ml-watchdog: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
