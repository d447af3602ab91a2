/**
 * HR's allowance rule form (在宅勤務等手当の条件): threshold days, period in
 * months and amount. Every field is checked before anything is written; a
 * form built from an older revision is refused (409) and changes nothing.
 */
import { ALLOWANCE_LIMITS, AllowanceRule } from '../../domain/allowance';
import { Database } from '../../persistence/database';
import { AllowanceRuleEntity } from '../../persistence/entities';
import { Actor, assertHr } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { invalid } from '../errors';
import { readInt } from '../form-input';
import { readRevision, saveAtRevision, staleConflict } from '../organisation/revision';

export interface AllowanceRuleInput {
  readonly thresholdDays: string;
  readonly periodMonths: string;
  readonly amountYen: string;
  readonly revision: string;
}

export const ALLOWANCE_LABELS: Readonly<Record<keyof AllowanceRule, string>> = {
  thresholdDays: '基準日数（月平均でこの日数を超えると対象）',
  periodMonths: '平均をとる期間（か月）',
  amountYen: '手当額（円／月）',
};

export function parseAllowanceRule(input: AllowanceRuleInput): AllowanceRule {
  const problems: string[] = [];
  const read = (key: keyof AllowanceRule) => readInt(input[key], ALLOWANCE_LABELS[key], ...ALLOWANCE_LIMITS[key], problems);
  const rule = { thresholdDays: read('thresholdDays'), periodMonths: read('periodMonths'), amountYen: read('amountYen') };
  if (problems.length) throw invalid('手当の条件を保存できませんでした。次の点を直してください。', problems);
  return rule as AllowanceRule;
}

/** Saves the rule; `changed` lists the labels of the fields that changed (empty: nothing saved). */
export async function saveAllowanceRule(
  db: Database,
  actor: Actor,
  input: AllowanceRuleInput,
): Promise<{ readonly changed: readonly string[]; readonly revision: number }> {
  assertHr(actor);
  const seen = readRevision(input.revision)!;
  const rule = parseAllowanceRule(input);
  return db.write(
    async (m) => {
      const row = await m.findOneByOrFail(AllowanceRuleEntity, { id: 1 });
      if (row.revision !== seen) throw staleConflict('手当の条件');
      const keys = Object.keys(rule) as (keyof AllowanceRule)[];
      const changedKeys = keys.filter((k) => row[k] !== rule[k]);
      if (changedKeys.length === 0) return { changed: [], revision: row.revision };
      const saved = await saveAtRevision(m, AllowanceRuleEntity, 'id = :id', { id: 1 }, seen, {
        ...rule,
        updatedBy: actor.loginId,
        updatedAt: new Date().toISOString(),
      });
      if (!saved) throw staleConflict('手当の条件');
      await audit(
        m,
        actor.loginId,
        'allowance-rule-update',
        'allowance-rule',
        '1',
        Object.fromEntries([['revision', row.revision], ...changedKeys.map((k) => [k, row[k]])]),
        Object.fromEntries([['revision', row.revision + 1], ...changedKeys.map((k) => [k, rule[k]])]),
      );
      return { changed: changedKeys.map((k) => ALLOWANCE_LABELS[k]), revision: row.revision + 1 };
    },
    ['allowance-rule'],
  );
}
