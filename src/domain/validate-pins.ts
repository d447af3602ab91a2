/**
 * Pins that cannot all hold (`pin-conflict-*`), weighed once a problem has been
 * read and found otherwise sound, so that the messages can rely on every id, day
 * and limit. Each code ends in the id of the roster rule the pins would break.
 *
 * With the extension (docs/format-periods.md) a pinned telework day is spent
 * where the problem fixes it: at the place of the person's request that day,
 * else of their `possible` entry that day, else at home. Only days at home and
 * at places with `licence: true` take licences and terminals; every day at a
 * place takes one of its desks. The weekly maximum holds per week, and a
 * period's cap per person in its scope.
 */
import {
  type IsoDate,
  type Period,
  type PinnedMode,
  type Place,
  type Problem,
  type Staff,
  HOME,
  desksOn,
  licencesOn,
  maxDaysOf,
  terminalsOf,
  weeksOf,
} from './rotation';
import { type IssueList, JsonPlace, quote } from './json-path';
import { doneOf, scopeOf } from './validate-periods';

/** Staff ids named in one pin-conflict message before "and N more". */
const NAMED_IN_CONFLICT = 10;

interface TeleworkPin {
  readonly staff: Staff;
  readonly day: IsoDate;
  readonly place: JsonPlace;
  /** Where the day is spent: a place, or undefined at home. */
  readonly office?: Place;
}

/**
 * Pins that cannot all hold. A pin that fails on its own (an absent day, someone
 * who cannot telework) is reported once and left out of the counts, so that the
 * limits below only weigh pins that could otherwise hold.
 */
export function checkPins(problem: Problem, issues: IssueList): void {
  const staffPlace = JsonPlace.root.field(problem, 'staff');
  const places = new Map((problem.places ?? []).map((p) => [p.id, p]));
  const periods = (problem.periods ?? []).map((period, index) => ({ period, index, inScope: scopeOf(period) }));
  const telework: TeleworkPin[] = [];
  problem.staff.forEach((s, i) => {
    if (!s.pinned) return;
    const pins = teleworkPins(s, staffPlace.index(i).field(s, 'pinned'), places, issues);
    checkWeeklyMaximum(problem, s, pins, issues);
    for (const p of periods) if (p.period.maxDays !== undefined && p.inScope(s)) checkCap(p.period, p.index, s, pins, issues);
    telework.push(...pins);
  });

  const byDay = groupBy(telework, (pin) => pin.day);
  const divisions = new Map(problem.divisions.map((d) => [d.id, d]));
  // With places, the messages say which days count for licences and terminals.
  const counted = problem.places
    ? { en: ' at home or at places that take a licence', ja: '自宅またはライセンスが必要な場所で ' }
    : { en: '', ja: '' };
  for (const day of problem.days) {
    const pins = byDay.get(day) ?? [];
    const licensed = places.size === 0 ? pins : pins.filter((pin) => pin.office === undefined || pin.office.licence === true);
    const licences = licencesOn(problem.policy, day);
    if (licensed.length > licences) {
      const limit = typeof problem.policy.licencesPerDay === 'number' ? 'licencesPerDay' : `licencesPerDay[${JSON.stringify(day)}]`;
      const ids = staffIds(licensed);
      issues.add(
        licensed[licences].place,
        'pin-conflict-licences',
        `pins in conflict: ${licensed.length} staff pinned to telework${counted.en} on ${day} (${ids.en}) but ${limit} is ${licences}`,
        `固定が矛盾しています: ${day} に ${counted.ja}${licensed.length} 人がテレワークで固定されています（${ids.ja}）が、${limit} は ${licences} です`,
      );
    }
    for (const [divisionId, group] of groupBy(licensed, (pin) => pin.staff.division)) {
      const division = divisions.get(divisionId);
      const terminals = division ? terminalsOf(division) : Infinity;
      if (group.length <= terminals) continue;
      const ids = staffIds(group);
      issues.add(
        group[terminals].place,
        'pin-conflict-terminals',
        `pins in conflict: ${group.length} staff of division ${divisionId} pinned to telework${counted.en} on ${day} (${ids.en}) but its terminals is ${terminals}`,
        `固定が矛盾しています: ${day} に課 ${divisionId} の職員 ${counted.ja}${group.length} 人がテレワークで固定されています（${ids.ja}）が、共用端末（terminals）は ${terminals} 台です`,
      );
    }
    if (places.size > 0) checkDesks(problem, day, pins, issues);
  }
}

/** A person's pins that could hold on their own, reporting those on absent days and telework for someone who cannot. */
function teleworkPins(s: Staff, pinned: JsonPlace, places: ReadonlyMap<string, Place>, issues: IssueList): TeleworkPin[] {
  const absent = new Set(s.absent);
  const telework: TeleworkPin[] = [];
  Object.entries(s.pinned ?? {}).forEach(([day, mode], order) => {
    const place = pinned.entry(day, order);
    if (absent.has(day)) {
      issues.add(
        place,
        'pin-conflict-absent',
        `pins in conflict: ${s.id} is pinned to ${mode} on ${day} but is absent that day`,
        `固定が矛盾しています: ${s.id} は ${day} に${MODE_JA[mode]}で固定されていますが、その日は休暇です`,
      );
    } else if (mode === 'telework' && !s.canTelework) {
      issues.add(
        place,
        'pin-conflict-can-telework',
        `pins in conflict: ${s.id} is pinned to telework on ${day} but cannot telework (canTelework is false)`,
        `固定が矛盾しています: ${s.id} は ${day} にテレワークで固定されていますが、テレワーク対象外です（canTelework が false）`,
      );
    } else if (mode === 'telework') {
      const office = places.size === 0 ? undefined : officeOf(s, day, places);
      telework.push(office ? { staff: s, day, place, office } : { staff: s, day, place });
    }
  });
  return telework;
}

/** The place a telework day is spent at: the request's that day, else the possible entry's; undefined at home. */
function officeOf(s: Staff, day: IsoDate, places: ReadonlyMap<string, Place>): Place | undefined {
  const request = s.requests.find((q) => q.day === day);
  const id = request ? request.place : s.possible?.find((p) => p.day === day)?.place;
  return id === undefined || id === HOME ? undefined : places.get(id);
}

/** `pin-conflict-max-telework-days`: per week (per entry of `weeks`, or all of `days` without them). */
function checkWeeklyMaximum(problem: Problem, s: Staff, pins: readonly TeleworkPin[], issues: IssueList): void {
  const max = maxDaysOf(problem, s);
  if (pins.length <= max) return;
  weeksOf(problem).forEach((week, w) => {
    const inWeek = problem.weeks ? pins.filter((pin) => week.includes(pin.day)) : pins;
    if (inWeek.length <= max) return;
    const days = inWeek.map((p) => p.day).join(', ');
    const limit = s.maxTeleworkDays === undefined ? 'policy.maxTeleworkDays' : 'their maxTeleworkDays';
    const limitJa = s.maxTeleworkDays === undefined ? 'policy.maxTeleworkDays' : '本人の maxTeleworkDays';
    const ofWeek = problem.weeks ? { en: ` of weeks[${w}]`, ja: `weeks[${w}] のうち ` } : { en: '', ja: '' };
    issues.add(
      inWeek[max].place,
      'pin-conflict-max-telework-days',
      `pins in conflict: ${s.id} is pinned to telework on ${inWeek.length} days${ofWeek.en} (${days}) but ${limit} is ${max}`,
      `固定が矛盾しています: ${s.id} は ${ofWeek.ja}${inWeek.length} 日（${days}）テレワークで固定されていますが、${limitJa} は ${max} です`,
    );
  });
}

/** `pin-conflict-period`: a person in the period's scope pinned on more of its days than max(0, maxDays − done). */
function checkCap(period: Period, index: number, s: Staff, pins: readonly TeleworkPin[], issues: IssueList): void {
  const maxDays = period.maxDays ?? Infinity;
  const done = doneOf(period, s.id);
  const cap = Math.max(0, maxDays - done);
  const inPeriod = pins.filter((pin) => pin.day >= period.from && pin.day <= period.to);
  if (inPeriod.length <= cap) return;
  const days = inPeriod.map((p) => p.day).join(', ');
  const name = `periods[${index}] ${quote(period.id)}`;
  const rule = done > 0 ? `maxDays ${maxDays} − done ${done}` : `maxDays ${maxDays}`;
  issues.add(
    inPeriod[cap].place,
    'pin-conflict-period',
    `pins in conflict: ${s.id} is pinned to telework on ${inPeriod.length} days of ${name} (${days}) but its cap allows ${cap} (${rule})`,
    `固定が矛盾しています: ${s.id} は ${name} の期間に ${inPeriod.length} 日（${days}）テレワークで固定されていますが、この期間の上限は ${cap} 日です（${rule}）`,
  );
}

/** `pin-conflict-desks`: more pins at a place on a day than its desks. */
function checkDesks(problem: Problem, day: IsoDate, pins: readonly TeleworkPin[], issues: IssueList): void {
  const places = problem.places ?? [];
  for (const [id, group] of groupBy(pins, (pin) => pin.office?.id)) {
    const index = places.findIndex((p) => p.id === id);
    const office = places[index];
    const desks = desksOn(office, day);
    if (group.length <= desks) continue;
    const named = typeof office.desks === 'number' || Object.hasOwn(office.desks, day);
    const limit = typeof office.desks === 'number' ? `places[${index}].desks` : `places[${index}].desks[${JSON.stringify(day)}]`;
    const unnamed = named ? { en: '', ja: '' } : { en: ' (a day not named has no desks)', ja: '（記載のない日は 0 席）' };
    const ids = staffIds(group);
    issues.add(
      group[desks].place,
      'pin-conflict-desks',
      `pins in conflict: ${group.length} staff pinned to telework at ${quote(id)} on ${day} (${ids.en}) but ${limit} is ${desks}${unnamed.en}`,
      `固定が矛盾しています: ${day} に ${group.length} 人が ${quote(id)} でのテレワークに固定されています（${ids.ja}）が、${limit} は ${desks} です${unnamed.ja}`,
    );
  }
}

/** The items by key, in the order they come; items without a key are left out. */
function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const MODE_JA: Readonly<Record<PinnedMode, string>> = { office: '出勤', telework: 'テレワーク' };

function staffIds(pins: readonly TeleworkPin[]): { en: string; ja: string } {
  const named = pins.slice(0, NAMED_IN_CONFLICT).map((p) => p.staff.id);
  const more = pins.length - named.length;
  return {
    en: named.join(', ') + (more > 0 ? `, and ${more} more` : ''),
    ja: named.join('、') + (more > 0 ? ` ほか ${more} 人` : ''),
  };
}
