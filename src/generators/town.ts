import type { Counter, Division, IsoDate, Problem } from '../domain/rotation';
import { DEFAULT_SHORTFALL_PENALTY, PROBLEM_FORMAT } from '../domain/rotation';
import { isFirstOpenDayAfterHoliday, isMonthEdge, weekdayOf, workingDays } from '../domain/calendar';
import { MOVING_SEASON_PEAK, isTaxSeason, movingSeasonFactor, splitMinimum } from './demand';
import { finishStaff, newStaff, serialId, type StaffDraft } from './draft';
import { staffName } from './names';
import { PinLedger, drawPins } from './pins';
import { qualifyDivision } from './qualify';
import { Rng } from './random';
import { chooseCaregivers, drawWeek, weekModel } from './survey';

/**
 * A town of ~40,000 people: 25 divisions, 426 staff (town-data.md). Staff
 * counts, counter minimums and cannot-telework shares are the table's
 * estimates. The organisation (who works where, who is trained for which
 * counter, terminals, caregivers) depends only on the seed, so the fixtures of
 * different weeks describe the same town; leave, requests and pins depend on
 * the seed and the week.
 */
export interface TownCounter {
  readonly id: string;
  readonly name: string;
  /** Share of the division's minimum this counter takes. */
  readonly share: number;
}

export interface TownDivision {
  readonly id: string;
  readonly name: string;
  readonly staff: number;
  /** Counter minimum Mon … Fri for the whole division; absent = no counter. */
  readonly min?: readonly [number, number, number, number, number];
  /** Share of staff whose role cannot telework. */
  readonly cannot: number;
  readonly counters?: readonly TownCounter[];
}

const c = (id: string, name: string, share = 1): TownCounter => ({ id, name, share });

// prettier-ignore
export const TOWN_DIVISIONS: readonly TownDivision[] = [
  { id: 'gikai',    name: '議会事務局',       staff: 5,  cannot: 0 },
  { id: 'somu',     name: '総務課',           staff: 18, cannot: 0.05, min: [1, 1, 1, 1, 1], counters: [c('annai', '総合案内')] },
  { id: 'seisaku',  name: '政策企画課',       staff: 10, cannot: 0 },
  { id: 'zaisei',   name: '財政課',           staff: 8,  cannot: 0 },
  { id: 'anzen',    name: '地域安全課',       staff: 9,  cannot: 0.1 },
  { id: 'joho',     name: '情報政策課',       staff: 5,  cannot: 0 },
  { id: 'kaikei',   name: '会計課',           staff: 5,  cannot: 0,    min: [1, 1, 1, 1, 1], counters: [c('suito', '出納窓口')] },
  { id: 'zeimu',    name: '税務課',           staff: 20, cannot: 0,    min: [2, 2, 2, 2, 2], counters: [c('kazei', '課税窓口', 0.6), c('shuno', '収納窓口', 0.4)] },
  { id: 'jumin',    name: '住民課',           staff: 24, cannot: 0,    min: [4, 3, 3, 3, 4], counters: [c('juminhyo', '住民票窓口', 0.5), c('koseki', '戸籍窓口', 0.25), c('inkan', '印鑑登録窓口', 0.25)] },
  { id: 'hoken',    name: '保険年金課',       staff: 14, cannot: 0,    min: [2, 2, 2, 2, 2], counters: [c('kokuho', '国保窓口'), c('nenkin', '年金窓口')] },
  { id: 'fukushi',  name: '福祉課',           staff: 22, cannot: 0.05, min: [2, 2, 2, 2, 2], counters: [c('shogai', '障害福祉窓口'), c('seikatsu', '生活相談窓口')] },
  { id: 'choju',    name: '長寿介護課',       staff: 17, cannot: 0.05, min: [2, 1, 1, 1, 2], counters: [c('kaigo', '介護保険窓口', 0.6), c('korei', '高齢者相談窓口', 0.4)] },
  { id: 'kenko',    name: '健康推進課',       staff: 14, cannot: 0.3,  min: [1, 1, 1, 1, 1], counters: [c('kenshin', '健診・予防接種窓口')] },
  { id: 'kodomo',   name: 'こども政策課',     staff: 14, cannot: 0.05, min: [2, 2, 2, 2, 2], counters: [c('teate', '児童手当窓口'), c('kosodate', '子育て相談窓口')] },
  { id: 'hoiku',    name: '町立保育所',       staff: 50, cannot: 1 },
  { id: 'kankyo',   name: '環境対策課',       staff: 10, cannot: 0.3,  min: [1, 1, 1, 1, 1], counters: [c('gomi', 'ごみ・環境窓口')] },
  { id: 'sangyo',   name: '産業振興課',       staff: 12, cannot: 0.1 },
  { id: 'toshi',    name: '都市計画課',       staff: 10, cannot: 0 },
  { id: 'kensetsu', name: '建設課',           staff: 18, cannot: 0.3 },
  { id: 'kenchiku', name: '建築住宅課',       staff: 7,  cannot: 0.1,  min: [1, 1, 1, 1, 1], counters: [c('jutaku', '町営住宅窓口')] },
  { id: 'suido',    name: '上下水道課',       staff: 19, cannot: 0.4,  min: [1, 1, 1, 1, 1], counters: [c('ryokin', '水道料金窓口')] },
  { id: 'gakko',    name: '学校教育課',       staff: 14, cannot: 0.05, min: [1, 1, 1, 1, 1], counters: [c('shugaku', '就学窓口')] },
  { id: 'shogai',   name: '生涯学習課',       staff: 20, cannot: 0.5,  min: [2, 2, 2, 2, 2], counters: [c('toshokan', '図書館カウンター'), c('kominkan', '公民館受付')] },
  { id: 'kyushoku', name: '学校給食センター', staff: 15, cannot: 1 },
  { id: 'shobo',    name: '消防本部',         staff: 66, cannot: 1 },
];

/** Counters a few staff also serve next door: [staff's division, counter id]. */
const NEIGHBOURS: readonly (readonly [string, string])[] = [
  ['hoken', 'jumin-juminhyo'],
  ['jumin', 'hoken-kokuho'],
  ['kaikei', 'zeimu-shuno'],
  ['choju', 'fukushi-shogai'],
  ['fukushi', 'choju-kaigo'],
  ['kenko', 'kodomo-kosodate'],
  ['kodomo', 'kenko-kenshin'],
  ['suido', 'kankyo-gomi'],
];

export const TOWN_POLICY = {
  /** Most rules allow 2 days a week (4 for caregivers, set per person). */
  maxTeleworkDays: 2,
  /** An HR cap like "at most 50 people a day". */
  licencesPerDay: 50,
  spreadBonus: [20, 10],
  shortfallPenalty: DEFAULT_SHORTFALL_PENALTY,
} as const;

/** Share of a counter division trained for its counters (住民課 is nearly all counter work). */
const TRAINED_SHARE: Readonly<Record<string, readonly [number, number]>> = { jumin: [0.85, 0.95] };
const DEFAULT_TRAINED_SHARE: readonly [number, number] = [0.6, 0.8];

interface Town {
  readonly divisions: Division[];
  readonly counters: { readonly id: string; readonly division: TownDivision; readonly index: number }[];
  readonly staff: StaffDraft[];
  readonly caregivers: Set<string>;
}

export function townProblem(week: string, seed = 1): Problem {
  const days = workingDays(week);
  const town = buildTown(seed);
  const counters = town.counters.map((k) => townCounter(k.division, k.index, days));
  const rng = Rng.derive(seed, `town-week:${week}`);
  drawWeek(rng, town.staff, weekModel(days), town.caregivers);
  const policy = { ...TOWN_POLICY, spreadBonus: [...TOWN_POLICY.spreadBonus] };
  drawPins(rng, town.staff, new PinLedger(policy, town.divisions, days), days, rng.int(2, 4));
  const order = new Map(counters.map((k, i) => [k.id, i]));
  return {
    format: PROBLEM_FORMAT,
    name: `town-25 ${week}`,
    days,
    policy,
    divisions: town.divisions,
    counters,
    staff: town.staff.map((s) => finishStaff(s, order)),
  };
}

function buildTown(seed: number): Town {
  const rng = Rng.derive(seed, 'town-org');
  const staff: StaffDraft[] = [];
  const counters: Town['counters'] = [];
  const divisions: Division[] = [];
  for (const div of TOWN_DIVISIONS) {
    const cannot = Math.round(div.staff * div.cannot);
    const grounded = new Set(rng.sample(range(div.staff), cannot));
    const members = range(div.staff).map((i) => newStaff(serialId('t', staff.length + i + 1, 4), div.id, staffName(rng), !grounded.has(i)));
    staff.push(...members);
    (div.counters ?? []).forEach((_, index) => counters.push({ id: counterId(div, index), division: div, index }));
    const [lo, hi] = TRAINED_SHARE[div.id] ?? DEFAULT_TRAINED_SHARE;
    qualifyDivision(rng, members, needsOf(div), lo + (hi - lo) * rng.float());
    divisions.push({ id: div.id, name: div.name });
  }
  crossTrain(rng, staff, rng.int(5, 7));
  const caregivers = chooseCaregivers(rng, staff);
  return { divisions: withTerminals(rng, divisions, staff), counters, staff, caregivers };
}

/** Qualified head-count each counter needs: its minimum on the year's busiest day, plus one spare. */
function needsOf(div: TownDivision) {
  const counters = div.counters ?? [];
  const peak = peakTotal(div);
  const split = splitMinimum(
    peak,
    counters.map((k) => k.share),
  );
  return counters.map((k, i) => ({ id: counterId(div, i), share: k.share, target: split[i] + 1 }));
}

function peakTotal(div: TownDivision): number {
  const base = Math.max(...(div.min ?? [0]));
  if (div.id === 'jumin') return base * MOVING_SEASON_PEAK + 1;
  if (div.id === 'zeimu') return base + 1;
  return base;
}

/**
 * The division's minimum on a day, by the table's weekday column and the
 * calendar rules: 税務課 +1 in June–July (tax certificates); 住民課 ×2–4 in
 * the moving season, +1 on the first open day after a holiday and on the
 * first and last open day of a month.
 */
export function townDivisionMinimum(div: TownDivision, day: IsoDate): number {
  if (!div.min) return 0;
  const base = div.min[weekdayOf(day) - 1] ?? 0;
  if (div.id === 'zeimu') return base + (isTaxSeason(day) ? 1 : 0);
  if (div.id === 'jumin') {
    const busy = isFirstOpenDayAfterHoliday(day) || isMonthEdge(day) ? 1 : 0;
    return Math.ceil(base * movingSeasonFactor(day)) + busy;
  }
  return base;
}

function townCounter(div: TownDivision, index: number, days: readonly IsoDate[]): Counter {
  const counters = div.counters ?? [];
  const min: Record<IsoDate, number> = {};
  for (const day of days)
    min[day] = splitMinimum(
      townDivisionMinimum(div, day),
      counters.map((k) => k.share),
    )[index];
  return { id: counterId(div, index), division: div.id, name: counters[index].name, min };
}

function counterId(div: TownDivision, index: number): string {
  return `${div.id}-${(div.counters ?? [])[index].id}`;
}

/** A few staff also trained for a neighbouring division's counter. */
function crossTrain(rng: Rng, staff: readonly StaffDraft[], count: number): void {
  for (const [from, counter] of rng.sample(NEIGHBOURS, count)) {
    const pool = staff.filter((s) => s.division === from && !s.counters.includes(counter));
    if (pool.length > 0) rng.pick(pool).counters.push(counter);
  }
}

/** 6–8 divisions share 2–4 telework terminals (Nagayo: 56 terminals for 25 divisions). */
function withTerminals(rng: Rng, divisions: readonly Division[], staff: readonly StaffDraft[]): Division[] {
  const able = (id: string) => staff.filter((s) => s.division === id && s.canTelework).length;
  const eligible = divisions.filter((d) => able(d.id) >= 6).map((d) => d.id);
  const chosen = new Set(rng.sample(eligible, rng.int(6, 8)));
  return divisions.map((d) => (chosen.has(d.id) ? { ...d, terminals: rng.int(2, 4) } : d));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
