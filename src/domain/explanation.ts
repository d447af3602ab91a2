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
  /** The place whose desks are all taken (rule `desks`). */
  readonly place?: string;
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
  readonly places?: ReadonlyMap<string, string>;
}

export interface NamedParts {
  readonly staff: readonly { id: string; name: string }[];
  readonly counters: readonly { id: string; name: string }[];
  readonly divisions: readonly { id: string; name: string; terminals?: number }[];
  readonly places?: readonly { id: string; name: string }[];
}

export function nameBook(parts: NamedParts): NameBook {
  return {
    staff: new Map(parts.staff.map((s) => [s.id, s.name])),
    counters: new Map(parts.counters.map((c) => [c.id, c.name])),
    divisions: new Map(parts.divisions.map((d) => [d.id, d.name])),
    places: new Map((parts.places ?? []).map((p) => [p.id, p.name])),
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
    case 'desks':
      return `${names.places?.get(e.place ?? '') ?? e.place ?? 'サテライトオフィス'}の席はこの日すべて使用されています。`;
    case 'period-cap':
      return '期間あたりの在宅勤務の上限日数（月の上限など）に達しています。';
    default:
      return `規則「${e.rule}」により認められません。`;
  }
}

/** A day's remote-access licences for the whole organisation (a solve alone sees only what is left of them). */
export interface LicenceDay {
  /** The organisation's licences that day; null when there is no limit. */
  readonly total: number | null;
  /** People holding one that day, and how many divisions they belong to. */
  readonly people: number;
  readonly divisions: number;
  /** Of those, the ones held by divisions that have published their roster and are held as published. */
  readonly publishedPeople: number;
  readonly publishedDivisions: number;
}

/** The policy's fairness ledger: each denied request adds `perDenial` to the person's later requests, up to `max`, for `weeks` weeks. */
export interface FairnessLedger {
  readonly perDenial: number;
  readonly max: number;
  readonly weeks: number;
}

/**
 * Who reads an explanation and what the problem alone does not say. With a
 * context the explanation is in plain words only: no weights, no objective.
 */
export interface DenialContext {
  /** The person themself (nobody else is named) or their chief (their own division's staff are named). */
  readonly audience: 'staff' | 'chief';
  /** The reader's division. Staff of other divisions are never named, only counted. */
  readonly division: string;
  /** Division of each staff member of the problem. */
  readonly divisionOf: ReadonlyMap<string, string>;
  /** The organisation's licences per day, with who holds them. */
  readonly licences?: ReadonlyMap<IsoDate, LicenceDay>;
  readonly fairness?: FairnessLedger;
}

/**
 * Headline and detail lines explaining one denied request. Without a
 * context: the technical form of the command line (weights, objective).
 * With one: plain Japanese for the page it is shown on (see DenialContext).
 */
export function describeDenial(e: DenialExplanation, names: NameBook, context?: DenialContext): { headline: string; details: string[] } {
  if (context) return plainDenial(e, names, context);
  const details = e.consequences.map((c) => consequenceJa(c, names));
  if (e.improves) details.unshift('この希望を認めると勤務表がより良くなります（勤務表が最適ではありません）。');
  else if (e.tie) details.unshift('認めても全体の評価は同じで、同点の割当ての中から別の案が選ばれました。');
  else if (e.cost !== null && e.cost > 0) details.unshift(`認めると全体の評価値が${e.cost}下がります。`);
  return { headline: denialReasonJa(e, names), details };
}

/** The whole explanation as one paragraph (what a published roster keeps for the person). */
export function denialText(e: DenialExplanation, names: NameBook, context: DenialContext): string {
  const { headline, details } = plainDenial(e, names, context);
  return [headline, ...details].join('');
}

function plainDenial(e: DenialExplanation, names: NameBook, ctx: DenialContext): { headline: string; details: string[] } {
  const details: string[] = [];
  const licence = e.rule === 'licences' ? ctx.licences?.get(e.day) : undefined;
  let headline = denialReasonJa(e, names);
  if (licence && licence.total !== null) {
    headline = licenceSentence(e.day, licence, licence.total);
    if (licence.publishedPeople > 0) {
      details.push(`このうち${licence.publishedDivisions}課の${licence.publishedPeople}人分は、勤務表を公開済みの課のものです。`);
    }
  }
  // Not even by displacing another request: what holds the day's licences is fixed (published, pinned or past).
  if (licence && licence.total !== null && licence.total > 0 && e.cost === null) {
    details.push(
      licence.publishedPeople > 0
        ? 'この日のライセンスは公開済みの勤務表と固定された勤務ですべて埋まっているため、ほかの希望と入れ替えて認めることもできません。'
        : 'この日のライセンスは固定された勤務ですべて埋まっているため、ほかの希望と入れ替えて認めることもできません。',
    );
  }
  if (e.improves) {
    details.push(
      ctx.audience === 'chief'
        ? 'この希望は、ほかの希望を減らさずに認められます。「再計算」すると勤務表に反映されます。'
        : 'この希望は、ほかの希望を減らさずに認められる可能性があります。',
    );
  }
  details.push(...displacementJa(e, names, ctx));
  if (e.tie && !e.improves) details.push(tieJa(e, names, ctx));
  else if (!e.improves && e.cost !== null && e.cost > 0) {
    const cost = costJa(e);
    if (cost) details.push(cost);
  }
  return { headline, details };
}

function licenceSentence(day: IsoDate, l: LicenceDay, total: number): string {
  if (total === 0) return `${dayJa(day)}に使える全庁のテレワーク用ライセンスはありません。`;
  if (l.people >= total)
    return `${dayJa(day)}は全庁のテレワーク用ライセンス${total}件が、${l.divisions}課の${l.people}人に割り当て済みです。`;
  return `${dayJa(day)}は全庁のテレワーク用ライセンス${total}件のうち${l.people}件が、${l.divisions}課の${l.people}人に割り当てられています。`;
}

/** Who a consequence is about, as the reader may see it: named, or only counted. */
type Party = { readonly named: string } | { readonly group: 'same' | 'other'; readonly staff: string };

function partyOf(staff: string, day: IsoDate, e: DenialExplanation, names: NameBook, ctx: DenialContext): Party {
  const division = ctx.divisionOf.get(staff);
  if (staff === e.staff)
    return { named: `${ctx.audience === 'staff' ? 'あなた' : `${names.staff.get(staff) ?? staff}さん`}の${dayJa(day)}の希望` };
  if (division !== ctx.division) return { group: 'other', staff };
  if (ctx.audience === 'chief') return { named: `${names.staff.get(staff) ?? staff}さんの${dayJa(day)}の希望` };
  return { group: 'same', staff };
}

function partiesJa(parties: readonly Party[]): string {
  const named: string[] = [];
  const groups = { same: new Set<string>(), other: new Set<string>() };
  for (const p of parties) {
    if ('named' in p) named.push(p.named);
    else groups[p.group].add(p.staff);
  }
  if (groups.same.size) named.push(`同じ課のほかの職員${groups.same.size}人の希望`);
  if (groups.other.size) named.push(`ほかの課の職員${groups.other.size}人の希望`);
  return named.join('と');
}

/** What granting the request would change, without the names of people the reader may not see. */
function displacementJa(e: DenialExplanation, names: NameBook, ctx: DenialContext): string[] {
  const out: string[] = [];
  const party = (c: { staff: string; day: IsoDate }) => partyOf(c.staff, c.day, e, names, ctx);
  const denied = e.consequences.flatMap((c) => (c.kind === 'deny' ? [party(c)] : []));
  const granted = e.consequences.flatMap((c) => (c.kind === 'grant' ? [party(c)] : []));
  if (denied.length) out.push(`認めると、代わりに${partiesJa(denied)}が認められなくなります。`);
  if (granted.length) out.push(`一方で、${partiesJa(granted)}が新たに認められます。`);
  for (const c of e.consequences) {
    const counter = (id: string) => names.counters.get(id) ?? id;
    if (c.kind === 'shortfall') out.push(`認めると、${counter(c.counter)}が${dayJa(c.day)}に${c.missing}人不足します。`);
    if (c.kind === 'cover') out.push(`${counter(c.counter)}の${dayJa(c.day)}の不足${c.missing}人が解消されます。`);
  }
  return out;
}

/** A tie: equally good rosters, one chosen. True to the fairness ledger (problem.ts deniedBefore, policy.ts requestWeight). */
function tieJa(e: DenialExplanation, names: NameBook, ctx: DenialContext): string {
  const denied = e.consequences.filter((c) => c.kind === 'deny');
  const ownOnly = denied.length > 0 && denied.every((c) => c.staff === e.staff);
  const own = ctx.audience === 'staff' ? 'あなた' : `${names.staff.get(e.staff) ?? e.staff}さん`;
  const chosen = ownOnly ? `同じ優先度の、${own}のほかの日の希望が選ばれました。` : '同じ優先度のほかの希望が選ばれました。';
  const f = ctx.fairness;
  if (!f || f.perDenial <= 0 || f.max <= 0 || f.weeks <= 0) return chosen;
  const when = f.weeks === 1 ? '来週は' : `来週以降（${f.weeks}週間）は`;
  return `${chosen}公平のため、${when}${own}の希望が優先されます。`;
}

/**
 * What granting would cost, in requests and counter staff instead of the
 * objective: the net totals when the consequences listed are more than one,
 * else why the roster chose as it did (priority, or the spread of telework).
 */
function costJa(e: DenialExplanation): string | null {
  let requests = 1;
  let weight = e.weight;
  let short = 0;
  let counterLines = 0;
  for (const c of e.consequences) {
    if (c.kind === 'deny') {
      requests--;
      weight -= c.weight;
    } else if (c.kind === 'grant') {
      requests++;
      weight += c.weight;
    } else {
      counterLines++;
      short += c.kind === 'shortfall' ? c.missing : -c.missing;
    }
  }
  const parts: string[] = [];
  if (requests < 0) parts.push(`認められる希望が差し引き${-requests}件減り`);
  if (short > 0 && counterLines > 1) parts.push(`窓口の不足が差し引き${short}人増え`);
  if (parts.length) return `全体では、${parts.join('、')}ます。`;
  if (short > 0) return null;
  if (weight < 0) return 'より優先度の高い希望を優先しました。';
  // Nothing lost but the spread of telework over more people: the spread-bonus headline already says so.
  return e.rule === 'spread-bonus' ? null : 'より多くの職員に在宅勤務が行き渡るよう、ほかの組合せを選びました。';
}
