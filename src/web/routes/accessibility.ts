/**
 * アクセシビリティ方針: the target (JIS X 8341-3:2016, level AA) and the
 * latest results of the automated check, read from docs/accessibility.json,
 * which the browser test (test/browser/accessibility.test.ts) writes and
 * compares with every run. Public: people look for it before they log in.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { Router } from 'express';
import { projectRoot } from '../../project-root';

interface PageResult {
  readonly page: string;
  readonly role: 'anonymous' | 'staff' | 'chief' | 'hr';
  readonly width: number;
  readonly critical: number;
  readonly serious: number;
  readonly moderate: number;
  readonly minor: number;
}

interface Record {
  readonly tested: string;
  readonly axe: string;
  readonly tags: readonly string[];
  readonly widths: readonly number[];
  readonly pages: readonly PageResult[];
}

const ROLE_JA: Readonly<{ [role in PageResult['role']]: string }> = { anonymous: 'ログイン前', staff: '職員', chief: '課長', hr: '人事課' };

export function accessibilityRoutes(): Router {
  const r = Router();
  const record = JSON.parse(readFileSync(path.join(projectRoot(), 'docs', 'accessibility.json'), 'utf8')) as Record;
  // One row per page and role, with both widths' results side by side.
  const rows = new Map<string, { page: string; role: string; byWidth: Map<number, PageResult> }>();
  for (const p of record.pages) {
    const key = `${p.page}\u0000${p.role}`;
    const row = rows.get(key) ?? { page: p.page, role: ROLE_JA[p.role], byWidth: new Map<number, PageResult>() };
    row.byWidth.set(p.width, p);
    rows.set(key, row);
  }
  const total = (impact: 'critical' | 'serious' | 'moderate' | 'minor') => record.pages.reduce((sum, p) => sum + p[impact], 0);
  const view = {
    title: 'アクセシビリティ方針',
    record,
    rows: [...rows.values()],
    pageCount: rows.size,
    totals: { critical: total('critical'), serious: total('serious'), moderate: total('moderate'), minor: total('minor') },
  };
  r.get('/accessibility', (_req, res) => res.render('accessibility', view));
  return r;
}
