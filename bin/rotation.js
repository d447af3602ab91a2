#!/usr/bin/env node
'use strict';
// The `rotation` command. The TypeScript sources are compiled to dist/ by
// `npm run build`, which `npm install` runs through the `prepare` script.
let cli;
try {
  cli = require('../dist/src/cli/rotation.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
    console.error('rotation: dist/ is missing; run `npm install` (or `npm run build`) first.');
    process.exit(2);
  }
  throw error;
}
cli.main(process.argv);
