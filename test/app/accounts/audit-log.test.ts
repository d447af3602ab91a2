/**
 * The audit log in Japanese: every action the app writes has a label (read
 * off the source: each `audit(m, actor, ACTION, …)` call, its action followed
 * through literals, conditionals, templates, string-literal union types and
 * the callers of the function it is a parameter of), and stored values are
 * shown in words (states, modes, reasons, yes/no, division names).
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ACTION_LABELS, auditLog, isAuditAction, REASON_LABELS } from '../../../src/app/accounts/audit-log';
import { Actor } from '../../../src/app/accounts/actor';
import { REASONS } from '../../../src/app/organisation/policy';
import { AuditEntity, DivisionEntity, PlaceEntity } from '../../../src/persistence/entities';
import { openTestDatabase, TestDatabase } from '../../support/web';

const SRC = path.join(__dirname, '../../../src');

function sourceFiles(dir: string): ts.SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) return [];
    return [ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)];
  });
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

function where(node: ts.Node): string {
  const sf = node.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
  return `${path.relative(SRC, sf.fileName)}:${line + 1}`;
}

type FunctionLike = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration;

/** Every action string an `audit(…)` call can write, found by following the action argument back to its literals. */
class ActionFinder {
  readonly found = new Map<string, string>();
  readonly unresolved: string[] = [];
  private readonly aliases = new Map<string, ts.TypeNode>();
  private readonly calls: ts.CallExpression[] = [];
  private readonly following = new Set<ts.Node>();

  constructor(files: readonly ts.SourceFile[]) {
    for (const sf of files) {
      walk(sf, (n) => {
        if (ts.isTypeAliasDeclaration(n)) this.aliases.set(n.name.text, n.type);
        if (ts.isCallExpression(n)) this.calls.push(n);
      });
    }
  }

  run(): void {
    for (const call of this.calls) {
      if (!ts.isIdentifier(call.expression) || call.expression.text !== 'audit' || call.arguments.length < 3) continue;
      if (call.getSourceFile().fileName.endsWith(path.join('accounts', 'audit.ts'))) continue;
      const values = this.values(call.arguments[2]);
      if (values === null) this.unresolved.push(where(call));
      else for (const v of values) if (!this.found.has(v)) this.found.set(v, where(call));
    }
  }

  /** The strings an expression can be; null when they cannot be told from the source. */
  private values(e: ts.Expression): string[] | null {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return this.values(e.expression);
    if (ts.isConditionalExpression(e)) return both(this.values(e.whenTrue), this.values(e.whenFalse));
    if (ts.isTemplateExpression(e)) {
      let out: string[] | null = [e.head.text];
      for (const span of e.templateSpans) {
        const parts = this.values(span.expression);
        if (!out || !parts) return null;
        out = out.flatMap((prefix) => parts.map((p) => prefix + p + span.literal.text));
      }
      return out;
    }
    if (ts.isIdentifier(e)) return this.identifier(e);
    return null;
  }

  private identifier(id: ts.Identifier): string[] | null {
    for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
      if (ts.isBlock(n) || ts.isSourceFile(n)) {
        for (const statement of n.statements) {
          if (!ts.isVariableStatement(statement)) continue;
          for (const d of statement.declarationList.declarations) {
            if (ts.isIdentifier(d.name) && d.name.text === id.text) return d.initializer ? this.values(d.initializer) : null;
          }
        }
      }
      if (isFunctionLike(n)) {
        const index = n.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === id.text);
        if (index >= 0) return this.parameter(n, index);
      }
    }
    return null;
  }

  /** A parameter: its string-literal type, or else whatever every caller of the function passes. */
  private parameter(fn: FunctionLike, index: number): string[] | null {
    const type = fn.parameters[index].type;
    const literal = type && this.literalType(type);
    if (literal) return literal;
    const name = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : null;
    if (!name || this.following.has(fn)) return null;
    this.following.add(fn);
    try {
      const callers = this.calls.filter((c) => calleeName(c) === name && c.arguments.length > index);
      if (callers.length === 0) return null;
      let out: string[] | null = [];
      for (const c of callers) out = both(out, this.values(c.arguments[index]));
      return out;
    } finally {
      this.following.delete(fn);
    }
  }

  private literalType(type: ts.TypeNode): string[] | null {
    if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return [type.literal.text];
    if (ts.isUnionTypeNode(type)) {
      let out: string[] | null = [];
      for (const t of type.types) out = both(out, this.literalType(t));
      return out;
    }
    if (ts.isParenthesizedTypeNode(type)) return this.literalType(type.type);
    if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
      const alias = this.aliases.get(type.typeName.text);
      return alias ? this.literalType(alias) : null;
    }
    return null;
  }
}

function both(a: string[] | null, b: string[] | null): string[] | null {
  return a && b ? [...a, ...b] : null;
}

function isFunctionLike(n: ts.Node): n is FunctionLike {
  return ts.isFunctionDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n);
}

function calleeName(c: ts.CallExpression): string | null {
  if (ts.isIdentifier(c.expression)) return c.expression.text;
  if (ts.isPropertyAccessExpression(c.expression)) return c.expression.name.text;
  return null;
}

describe('audit actions', () => {
  const finder = new ActionFinder(sourceFiles(SRC));
  finder.run();

  it('can tell every action the app writes from the source', () => {
    expect(finder.unresolved).toEqual([]);
    // The finder follows parameters and templates: the roster's actions are among those it found.
    for (const action of [
      'generate',
      'generate-all',
      'resolve-other',
      'cell-office',
      'cell-clear',
      'publish',
      'requests',
      'approve-request',
    ]) {
      expect([...finder.found.keys()]).toContain(action);
    }
  });

  it('has a Japanese label for every action written anywhere in src', () => {
    const missing = [...finder.found].filter(([action]) => !isAuditAction(action)).map(([action, at]) => `${action} (${at})`);
    expect(missing).toEqual([]);
    for (const label of Object.values(ACTION_LABELS)) expect(label).toMatch(/[ぁ-んァ-ヶ一-龠]/);
  });

  it('labels the actions other features write as well', () => {
    for (const action of ['urgent-approve', 'bcp-apply', 'record-actual', 'notification-settings', 'urgent-request', 'reject-request']) {
      expect(isAuditAction(action)).toBe(true);
    }
  });

  it('names the reasons as the policy does', () => {
    expect(REASON_LABELS).toEqual(REASONS);
  });
});

describe('the audit log in words', () => {
  let t: TestDatabase;
  const hr: Actor = { accountId: 1, loginId: 'jinji', role: 'hr', staffId: 't0001', name: '人事', divisionId: 'somu' };

  beforeAll(async () => {
    t = await openTestDatabase('sqlite');
    await t.db.write(async (m) => {
      const place = await m.save(
        PlaceEntity,
        m.create(PlaceEntity, { name: '北支所', desks: 2, updatedBy: 'jinji', updatedAt: '2026-11-18T01:00:00.000Z' }),
      );
      await m.insert(DivisionEntity, [
        { id: 'jumin', name: '住民課', terminals: null, sortOrder: 1 },
        { id: 'zeimu', name: '税務課', terminals: null, sortOrder: 2 },
      ]);
      const entry = (action: string, entity: string, entityId: string, before: unknown, after: unknown) => ({
        at: '2026-11-18T01:00:00.000Z',
        actor: 'jumin-kacho',
        action,
        entity,
        entityId,
        before: before === null ? null : JSON.stringify(before),
        after: after === null ? null : JSON.stringify(after),
      });
      await m.insert(AuditEntity, [
        entry(
          'approve-request',
          'request',
          '12',
          { day: '2026-11-25', rank: 1, reason: 'childcare', status: 'pending' },
          {
            day: '2026-11-25',
            rank: 1,
            reason: 'childcare',
            status: 'active',
          },
        ),
        entry('reject-request', 'request', '13', { status: 'pending' }, { status: 'rejected' }),
        entry('cell-telework', 'staff-day', 't0083|2026-11-25', { pin: null, absent: false }, { pin: 'telework', absent: true }),
        entry('resolve-other', 'roster', 'zeimu|2026-W48', { revision: 1, changed: 2 }, { revision: 2, because: 'jumin' }),
        entry('publish', 'roster', 'jumin|2026-W48', { version: 1 }, { version: 2, because: 'urgent-approve' }),
        entry(
          'requests',
          'staff-week',
          't0083|2026-W48',
          [{ day: '2026-11-24', rank: 1, reason: 'care', status: 'active' }],
          [
            { day: '2026-11-24', rank: 1, reason: 'care' },
            { day: '2026-11-26', rank: 2, reason: 'health' },
          ],
        ),
        entry('urgent-request', 'staff-week', 't0083|2026-W48', null, [{ day: '2026-11-26', rank: 1, reason: 'care', placeId: place.id }]),
        entry(
          'possible-days',
          'staff-week',
          't0083|2026-W48',
          [],
          [
            { day: '2026-11-25', placeId: place.id },
            { day: '2026-11-26', placeId: null },
          ],
        ),
        entry(
          'staff-update',
          'staff',
          't0083',
          { divisionId: 'jumin', role: 'staff', caregiver: false },
          { divisionId: 'zeimu', role: 'chief', caregiver: true },
        ),
        entry(
          'policy-update',
          'policy',
          '1',
          { deadlineWeekday: 4, licencesPerDay: 50, 'terminals:jumin': 3 },
          { deadlineWeekday: 5, licencesPerDay: null, 'terminals:jumin': 4 },
        ),
      ]);
    });
  });
  afterAll(async () => t.close());

  it('shows states, modes, reasons, yes/no and divisions in Japanese, never the stored codes', async () => {
    const log = await auditLog(t.db.manager, hr, {});
    const of = (action: string) => {
      const e = log.entries.find((x) => x.action === action)!;
      return Object.fromEntries(e.changes.map((c) => [c.key, `${c.before} → ${c.after}`]));
    };
    expect(of('approve-request')).toMatchObject({ 状態: '承認待ち → 有効', 理由: '育児 → 育児', 日付: '11月25日(水) → 11月25日(水)' });
    expect(of('reject-request')).toEqual({ 状態: '承認待ち → 却下' });
    expect(of('cell-telework')).toEqual({ 固定: 'なし → 在宅勤務', 休暇: 'いいえ → はい' });
    expect(of('resolve-other')).toMatchObject({ きっかけ: ' → 住民課' });
    expect(of('publish')).toMatchObject({ きっかけ: ' → 当日の申請を承認して公開' });
    expect(of('requests')).toEqual({
      値: '11月24日(火) 第1希望（介護） → 11月24日(火) 第1希望（介護）、11月26日(木) 第2希望（健康上の理由）',
    });
    expect(of('urgent-request')).toEqual({ 値: ' → 11月26日(木) 第1希望（介護）・北支所' });
    expect(of('possible-days')).toEqual({ 値: 'なし → 11月25日(水) 順番なら可・北支所、11月26日(木) 順番なら可' });
    expect(of('staff-update')).toEqual({ 所属課: '住民課 → 税務課', 権限: '職員 → 課長', '介護・育児': 'いいえ → はい' });
    expect(of('policy-update')).toEqual({ 締切の曜日: '木曜日 → 金曜日', ライセンス数: '50 → 無制限', '共用端末（住民課）': '3 → 4' });

    const roster = log.entries.find((x) => x.action === 'publish')!;
    expect([roster.actionLabel, roster.entityLabel, roster.subject]).toEqual(['勤務表の公開', '勤務表', '住民課・2026-W48']);
    const cell = log.entries.find((x) => x.action === 'cell-telework')!;
    expect([cell.actionLabel, cell.entityLabel, cell.subject]).toEqual(['在宅勤務に固定', '職員の1日', 't0083・11月25日(水)']);
    expect(log.actions.every((a) => a.label !== a.value)).toBe(true);

    const shown = log.entries.flatMap((e) => e.changes.flatMap((c) => [c.key, c.before, c.after]));
    for (const code of ['pending', 'active', 'rejected', 'telework', 'childcare', 'true', 'false', 'jumin', 'urgent-approve']) {
      expect(shown.filter((s) => s.includes(code))).toEqual([]);
    }
  });
});
