/**
 * Why a request was denied, as data: the engine derives it from the model
 * (engine/explain.ts), the CLI and the web app render it (describeDenial).
 */
import { IsoDate } from './rotation';
import { RuleId } from './rules';

export type DenialReason = RuleId | 'spread-bonus';

export type Consequence =
  /** Another granted day would be denied. */
  | { readonly kind: 'deny'; readonly staff: string; readonly day: IsoDate; readonly weight: number }
  /** Another day would be granted instead (part of the best rearrangement). */
  | { readonly kind: 'grant'; readonly staff: string; readonly day: IsoDate; readonly weight: number }
  /** A counter would be short (by this many more people). */
  | { readonly kind: 'shortfall'; readonly counter: string; readonly day: IsoDate; readonly missing: number }
  /** A shortfall of the roster would be covered. */
  | { readonly kind: 'cover'; readonly counter: string; readonly day: IsoDate; readonly missing: number };

export interface DenialExplanation {
  readonly staff: string;
  readonly day: IsoDate;
  readonly weight: number;
  /** The rule that stands in the way. */
  readonly rule: DenialReason;
  readonly counter?: string;
  readonly division?: string;
  /** Objective lost by granting it; null when it cannot be granted at all. */
  readonly cost: number | null;
  /** True when an equally good roster grants it (the engine chose between equals). */
  readonly tie: boolean;
  /** What granting it would change elsewhere. */
  readonly consequences: readonly Consequence[];
  /** True when granting it would improve the roster: the roster is not optimal. */
  readonly improves?: boolean;
}

export interface NameBook {
  readonly staff: ReadonlyMap<string, string>;
  readonly counters: ReadonlyMap<string, string>;
  readonly divisions: ReadonlyMap<string, string>;
}

export interface NamedParts {
  readonly staff: readonly { id: string; name: string }[];
  readonly counters: readonly { id: string; name: string }[];
  readonly divisions: readonly { id: string; name: string; terminals?: number }[];
}

export function nameBook(parts: NamedParts): NameBook {
  return {
    staff: new Map(parts.staff.map((s) => [s.id, s.name])),
    counters: new Map(parts.counters.map((c) => [c.id, c.name])),
    divisions: new Map(parts.divisions.map((d) => [d.id, d.name])),
  };
}

const WEEKDAYS_JA = ['月', '火', '水', '木', '金', '土', '日'];

/** `2026-11-24` → `11月24日(火)`. */
export function dayJa(day: IsoDate): string {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return `${m}月${d}日(${WEEKDAYS_JA[weekday]})`;
}

function consequenceJa(c: Consequence, names: NameBook): string {
  const who = (id: string) => `${names.staff.get(id) ?? id}さん`;
  const counter = (id: string) => names.counters.get(id) ?? id;
  switch (c.kind) {
    case 'deny':
      return `${who(c.staff)}の${dayJa(c.day)}の在宅勤務（重み${c.weight}）が取り消されます`;
    case 'grant':
      return `代わりに${who(c.staff)}の${dayJa(c.day)}の在宅勤務（重み${c.weight}）が認められます`;
    case 'shortfall':
      return `${counter(c.counter)}が${dayJa(c.day)}に${c.missing}名不足します`;
    case 'cover':
      return `${counter(c.counter)}の${dayJa(c.day)}の不足${c.missing}名が解消されます`;
  }
}

/** The binding rule of a denial, in plain Japanese for staff and chiefs. */
export function denialReasonJa(e: DenialExplanation, names: NameBook): string {
  switch (e.rule) {
    case 'absent':
      return 'この日は休暇のため、在宅勤務は割り当てられません。';
    case 'can-telework':
      return '職種がテレワーク対象外のため、在宅勤務は割り当てられません。';
    case 'pins':
      return e.cost === null
        ? '課長による勤務の固定のため、この日の在宅勤務は割り当てられません。'
        : '課長による勤務の固定と両立しません。';
    case 'max-telework-days':
      return '週あたりの在宅勤務の上限日数に達しています。';
    case 'licences':
      return 'この日のリモート接続ライセンスはすべて使用されています。';
    case 'terminals':
      return `${names.divisions.get(e.division ?? '') ?? '課'}の共用端末はこの日すべて使用されています。`;
    case 'counter-minimum':
      return `${names.counters.get(e.counter ?? '') ?? '窓口'}の最低配置人数を満たせなくなります。`;
    case 'spread-bonus':
      return 'より多くの職員に在宅勤務が行き渡るよう、他の職員の希望を優先しました。';
    default:
      return `規則「${e.rule}」により認められません。`;
  }
}

/** Headline and detail lines explaining one denied request. */
export function describeDenial(e: DenialExplanation, names: NameBook): { headline: string; details: string[] } {
  const details = e.consequences.map((c) => consequenceJa(c, names));
  if (e.improves) details.unshift('この希望を認めると勤務表がより良くなります（勤務表が最適ではありません）。');
  else if (e.tie) details.unshift('認めても全体の評価は同じで、同点の割当ての中から別の案が選ばれました。');
  else if (e.cost !== null && e.cost > 0) details.unshift(`認めると全体の評価値が${e.cost}下がります。`);
  return { headline: denialReasonJa(e, names), details };
}
