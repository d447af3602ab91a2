/**
 * The rules of a roster, each with a stable id. The same id names the rule in
 * the engine's explanations, in the independent checker's findings, in the
 * tests and in the UI. Only data lives here: the checker and the engine each
 * implement the rules on their own.
 */
export const RULES = {
  /** `assignments` has exactly one entry for every staff member and every day. */
  'one-entry-per-day': {
    ja: '職員・日ごとに1件の割当て',
    en: 'one assignment per staff member and day',
  },
  /** `mode` is `absent` exactly on the person's absent days. */
  absent: { ja: '休暇日', en: 'absent days' },
  /** Telework only for someone who can telework. */
  'can-telework': { ja: 'テレワーク対象外の職種', en: 'role that cannot telework' },
  /** Telework only on a requested or pinned-telework day. */
  'requested-only': { ja: '希望日以外のテレワーク', en: 'telework only on requested days' },
  /** Pins set by the section chief hold. */
  pins: { ja: '課長による固定', en: 'pins by the section chief' },
  /** A person's telework days ≤ their weekly maximum. */
  'max-telework-days': { ja: '週あたりの上限日数', en: 'weekly maximum of telework days' },
  /** Teleworking staff per day ≤ remote-access licences. */
  licences: { ja: 'リモート接続ライセンス数', en: 'remote-access licences per day' },
  /** Teleworking staff of a division per day ≤ its shared terminals. */
  terminals: { ja: '課の共用端末数', en: 'shared terminals of the division' },
  /** An office entry names at most one counter, one the person is qualified for. */
  'qualified-counter': { ja: '窓口の担当資格', en: 'counter qualification' },
  /** Staff at the counter + missing ≥ minimum, every counter and day. */
  'counter-minimum': { ja: '窓口の最低配置人数', en: 'counter minimum' },
  /** `shortfalls` lists exactly the counter-days with missing > 0, correctly counted. */
  shortfalls: { ja: '不足の記載', en: 'shortfalls listed' },
  /** Extension: a telework entry names the place the problem fixes for that day (docs/format-periods.md). */
  place: { ja: 'テレワークの場所', en: 'place of telework' },
  /** Extension: telework days at a place per day ≤ its desks. */
  desks: { ja: 'サテライトオフィスの席数', en: 'desks of a place' },
  /** Extension: a person's telework days in a period ≤ its cap (days already worked included). */
  'period-cap': { ja: '期間あたりの上限日数', en: 'cap of a period' },
  /** Extension: `turnsShort` lists exactly who is below a period's goal. */
  'turns-short': { ja: '期間の目標に届かない職員の記載', en: 'persons below a period goal listed' },
  /** `objective` equals the format's objective for these assignments. */
  objective: { ja: '目的関数値', en: 'objective value' },
} as const;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];
