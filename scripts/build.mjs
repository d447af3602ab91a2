#!/usr/bin/env node
/**
 * `npm run build`: compiles the TypeScript sources to dist/ — only when they
 * changed since the last build. `npm install` builds (through `prepare`), so
 * `npm start`, the first `npx rotation` and every later build on an
 * installed tree skip the compiler (about a minute on a 2-core server) and
 * take a fraction of a second to see that dist/ is current.
 *
 * "Changed" is decided by content, not file times: a hash of every input
 * (the sources under src/, ormconfig.ts, the tsconfig files, the compiler's
 * version), kept in dist/.build-hash after a build that succeeded. A file
 * added, edited, renamed or deleted changes the hash; a checkout that only
 * touched times does not.
 *
 *   node scripts/build.mjs           build when the sources changed
 *   node scripts/build.mjs --force   build anyway
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-hash');
const require = createRequire(import.meta.url);

/** Every file under `dir` (relative to the root), sorted. */
function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(relative(root, path));
    }
  };
  walk(join(root, dir));
  return out.sort();
}

function inputsHash() {
  const hash = createHash('sha256');
  hash.update(`typescript ${require('typescript/package.json').version}\n`);
  for (const file of [...filesUnder('src'), 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json']) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(root, file)));
  }
  return hash.digest('hex');
}

const force = process.argv.includes('--force');
const current = inputsHash();
if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === current && existsSync(join(root, 'dist/src/cli/start.js'))) {
  console.log('build: dist/ is up to date with the sources');
  process.exit(0);
}
console.log('build: compiling the TypeScript sources to dist/ …');
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
// Written only after a build that succeeded, and for the sources as they were when it started.
writeFileSync(stamp, `${current}\n`);
