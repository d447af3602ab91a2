/**
 * dist/ as the sources are now, for tests that run the built commands in
 * child processes: `scripts/build.mjs` compiles only when a source changed
 * since the last build (`npm ci` has built it through `prepare`), so this
 * costs a fraction of a second in CI. A tree that does not compile fails
 * the test with the compiler's errors.
 */
import { execFileSync } from 'child_process';
import { join } from 'path';

export const ROOT = join(__dirname, '..', '..');

export function buildDist(): void {
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const out = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npm run build failed:\n${String(out.stdout ?? '')}${String(out.stderr ?? '')}`, { cause: error });
  }
}
