import * as path from 'path';

/**
 * The project's root folder (where package.json, views/ and data/ are), both
 * when this file runs from src/ (ts-jest, ts-node) and from dist/src/ (the
 * built app).
 */
export function projectRoot(): string {
  const up = path.resolve(__dirname, '..');
  return path.basename(up) === 'dist' ? path.dirname(up) : up;
}
