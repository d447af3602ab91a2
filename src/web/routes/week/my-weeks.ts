/**
 * A staff member's own pages (every role has them): my next weeks with the
 * published roster and why a request was not granted, the request form of a
 * week, and the personal calendar feed's secret URL. There are no ids in
 * these URLs: each page shows only the person who is logged in.
 */
import { Request, Router } from 'express';
import { icalTokenOf, resetIcalToken } from '../../../app/accounts/accounts';
import { instantJa, shiftWeek, todayOf, weekLabel, weekOfInstant, ZONE } from '../../../app/calendar';
import { askToday } from '../../../app/week/same-day';
import { AppError, invalid } from '../../../app/errors';
import { REASONS } from '../../../app/organisation/policy';
import { MyDay, MyOverview, MyWeek, myWeeks } from '../../../app/week/publications';
import { POSSIBLE_RANK, RequestForm, saveRequests, SaveRequestsResult } from '../../../app/week/requests';
import { HOME_LABEL, listPlaces } from '../../../app/organisation/place-names';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireLogin } from '../../auth';
import { field, isFormError, weekParam } from '../../forms';

/** What one day of my week says, ready to print. */
export interface MyDayView {
  readonly day: string;
  readonly label: string;
  /** CSS class of the day: telework, office, absent, closed or none. */
  readonly kind: 'telework' | 'office' | 'absent' | 'closed' | 'none';
  readonly assignment: string;
  /** Telework on a day not asked for: the person's turn in a period (期間の順番). */
  readonly turn: boolean;
  readonly request: string | null;
  /** The day marked 順番なら可, with its place when not home. */
  readonly possible: string | null;
  readonly outcome: null | { readonly kind: 'granted' | 'denied' | 'waiting'; readonly text: string };
}

export interface MyWeekView {
  readonly week: string;
  readonly label: string;
  readonly deadline: string;
  readonly open: boolean;
  readonly published: null | { readonly version: number; readonly publishedAt: string };
  readonly days: readonly MyDayView[];
  readonly requested: number;
  readonly granted: number;
}

/** One day of the request form with the values to show in its fields. */
export interface FormDay {
  readonly day: string;
  readonly label: string;
  readonly open: boolean;
  readonly closedBecause: string | null;
  readonly rank: string;
  readonly reason: string;
  /** The place's id, '' for home. */
  readonly place: string;
  /** The 場所 select's options, 自宅 first; none (no select) where there is no place to choose. */
  readonly places: readonly { readonly value: string; readonly label: string }[];
  /** The rank select offers 「希望しないが、順番なら可」. */
  readonly possibleOffered: boolean;
  /** After the deadline a request or a possible day already made can no longer change: what it is, in words. */
  readonly locked: null | string;
  /** A day already over is not offered. */
  readonly past: boolean;
}

type FormValues = ReadonlyMap<string, { readonly rank: string; readonly reason: string; readonly place: string }>;

/** The rank option of a day marked 順番なら可 (可能日). */
export const POSSIBLE_LABEL = '希望しないが、順番なら可';

/** A day marked 順番なら可, where it is shown rather than chosen. */
const POSSIBLE_SHOWN = '希望なし・順番なら可（可能日）';

export const REASON_OPTIONS = Object.entries(REASONS).map(([value, label]) => ({ value, label }));

export function myWeekRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/me', requireLogin);

  r.get('/me', async (req, res) => {
    const overview = await myWeeks(ctx.db.manager, actorOfRequest(req), ctx.clock, undefined, req.person);
    res.render('me/index', {
      title: '自分の予定',
      overview,
      weeks: overview.weeks.map(weekView),
      todayCard: todayCard(overview, todayOf(ctx.clock)),
      sameDayReasons: SAME_DAY_REASONS,
    });
  });

  // The sick-child morning: one form on the phone, straight to the chief.
  r.post('/me/today', async (req, res) => {
    try {
      await askToday(ctx.db, actorOfRequest(req), { day: field(req.body, 'day'), reason: field(req.body, 'reason') }, ctx.clock);
      flash(req, 'ok', '今日の在宅勤務を課長に申請しました。承認されると、この画面と通知でお知らせします。');
    } catch (e) {
      if (!isFormError(e)) throw e;
      flash(req, 'error', e.message);
    }
    res.redirect('/me');
  });

  r.get('/me/weeks/:week', async (req, res) => {
    const week = weekParam(req.params.week);
    const overview = await myWeeks(ctx.db.manager, actorOfRequest(req), ctx.clock, week, req.person);
    res.render('me/week', formLocals(ctx, overview, null, []));
  });

  r.post('/me/weeks/:week', async (req, res) => {
    const week = weekParam(req.params.week);
    const actor = actorOfRequest(req);
    if (week < weekOfInstant(ctx.clock())) throw invalid('この週はすでに終わっているため、希望は出せません。');
    let result: SaveRequestsResult;
    try {
      result = await saveRequests(ctx.db, actor, week, requestForm(req.body), ctx.clock);
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 422) throw e;
      const overview = await myWeeks(ctx.db.manager, actor, ctx.clock, week, req.person);
      const problems = e.problems.length ? e.problems : [e.message];
      res.status(422).render('me/week', formLocals(ctx, overview, submitted(req), problems));
      return;
    }
    flash(req, 'ok', savedMessage(week, result));
    res.redirect('/me');
  });

  r.get('/me/calendar', async (req, res) => {
    const token = await icalTokenOf(ctx.db.manager, actorOfRequest(req));
    const withPlaces = (await listPlaces(ctx.db.manager)).length > 0;
    res.render('me/calendar', { title: '自分のカレンダーに表示する', withPlaces, ...feedUrls(req, token) });
  });

  r.post('/me/calendar/reset', async (req, res) => {
    await resetIcalToken(ctx.db, actorOfRequest(req));
    flash(req, 'ok', '新しいURLを作りました。前のURLはもう使えません。カレンダーのアプリに新しいURLを登録し直してください。');
    res.redirect('/me/calendar');
  });
  return r;
}

/** Reasons offered for a same-day request, the morning ones first. */
export const SAME_DAY_REASONS = (['sick-child', 'illness', 'childcare', 'care', 'health', 'other'] as const).map((value) => ({
  value,
  label: REASONS[value],
}));

/** What the "today" card offers: asking to telework today, or why not. */
export interface TodayCard {
  readonly day: string;
  readonly label: string;
  /** The form is shown. */
  readonly canAsk: boolean;
  /** Otherwise, what today is for me. */
  readonly note: string | null;
}

export function todayCard(overview: MyOverview, today: string): TodayCard | null {
  const d = overview.weeks[0]?.days.find((x) => x.day === today);
  if (!d || !d.open || !overview.canTelework) return null;
  const label = d.label;
  if (d.request?.status === 'pending')
    return { day: today, label, canAsk: false, note: '今日の在宅勤務を申請しています。課長の承認を待っています。' };
  if (d.mode === 'telework') return { day: today, label, canAsk: false, note: `今日は${teleworkLabel(d)}の予定です。` };
  return { day: today, label, canAsk: true, note: null };
}

export function weekView(w: MyWeek): MyWeekView {
  const days = w.days.map((d) => dayView(d, w.published !== null));
  return {
    week: w.week,
    label: w.label,
    deadline: instantJa(w.deadline),
    open: w.open,
    published: w.published,
    days,
    requested: days.filter((d) => d.request).length,
    granted: days.filter((d) => d.outcome?.kind === 'granted').length,
  };
}

/** 在宅勤務, or 在宅勤務（北支所） at a place. */
export function teleworkLabel(d: Pick<MyDay, 'place'>): string {
  return d.place === null ? '在宅勤務' : `在宅勤務（${d.place}）`;
}

/** A place after what was asked: nothing for home, so that a town without places reads as before. */
const atPlace = (place: string | null): string => (place === null ? '' : `・${place}`);

function dayView(d: MyDay, published: boolean): MyDayView {
  const kind = !d.open ? 'closed' : (d.mode ?? 'none');
  const assignment = !d.open
    ? `閉庁日（${d.closedBecause ?? '閉庁日'}）`
    : d.mode === 'telework'
      ? teleworkLabel(d)
      : d.mode === 'office'
        ? `出勤${d.counter ? `（${d.counter}）` : ''}`
        : d.mode === 'absent'
          ? '休暇'
          : published
            ? '割当てなし'
            : '未公開';
  const request = d.request ? `第${d.request.rank}希望（${d.request.reason}）${atPlace(d.request.place)}` : null;
  const possible = d.possible && !d.request ? `${POSSIBLE_SHOWN}${atPlace(d.possible.place)}` : null;
  return {
    day: d.day,
    label: d.label,
    kind,
    assignment,
    turn: d.turn,
    request,
    possible,
    outcome: d.request ? outcomeOf(d, published) : possible ? possibleOutcomeOf(d, published) : null,
  };
}

/** What became of a day marked 順番なら可: not a request, so never "denied". */
function possibleOutcomeOf(d: MyDay, published: boolean): MyDayView['outcome'] {
  if (!published || d.mode === null) return { kind: 'waiting', text: '勤務表の公開を待っています。' };
  if (d.mode === 'telework') return { kind: 'granted', text: '順番が回り、在宅勤務になりました。' };
  return null;
}

/** What became of my request for the day, in words a person without training reads at once. */
function outcomeOf(d: MyDay, published: boolean): MyDayView['outcome'] {
  if (!d.request) return null;
  if (d.request.status === 'pending') return { kind: 'waiting', text: '締切後の申請です。課長の承認を待っています。' };
  if (d.request.status === 'rejected') return { kind: 'denied', text: '締切後の申請は、課長が認めませんでした。' };
  if (!published || d.mode === null) return { kind: 'waiting', text: '勤務表の公開を待っています。' };
  if (d.mode === 'telework') return { kind: 'granted', text: '在宅勤務が認められました。' };
  if (d.denial) return { kind: 'denied', text: `認められませんでした。理由: ${d.denial}` };
  return { kind: 'denied', text: d.mode === 'absent' ? '休暇のため、在宅勤務の割当てはありません。' : '在宅勤務は認められませんでした。' };
}

function formLocals(ctx: AppContext, overview: MyOverview, values: FormValues | null, problems: readonly string[]) {
  const w = overview.weeks[0];
  const open = w.days.filter((d) => d.open);
  const now = ctx.clock();
  const ended = w.week < weekOfInstant(now);
  const today = now.setZone(ZONE).toISODate()!;
  const days = w.days.map((d) => formDay(d, w.open, values, today, overview.places));
  return {
    title: `在宅勤務の希望 ${w.label}`,
    overview,
    week: weekView(w),
    ended,
    rankCount: open.length,
    reasons: REASON_OPTIONS,
    possibleLabel: POSSIBLE_LABEL,
    possibleRank: POSSIBLE_RANK,
    days,
    withPlaces: days.some((d) => d.places.length > 0),
    possibleLocked: !w.open && w.days.some((d) => d.possible),
    possibleHints: days.some((d) => d.possibleOffered && !d.past)
      ? w.turnPeriods.filter((p) => p.possible).map((p) => possibleHint(p.name, p.from, p.to))
      : [],
    prevWeek: shiftWeek(w.week, -1),
    nextWeekOf: shiftWeek(w.week, 1),
    problems,
    message: '希望を保存できませんでした。次の点を直してください。',
  };
}

/** The hint of a period in which everyone takes a turn on the days they mark 順番なら可. */
function possibleHint(name: string, from: string, to: string): string {
  return (
    `期間「${name}」（${monthDay(from)}〜${monthDay(to)}）は、全員が順番に在宅勤務をします。` +
    `希望がない日でも、順番が回ってくれば在宅勤務できる日は、順位で「${POSSIBLE_LABEL}」を選んでください。`
  );
}

const monthDay = (day: string): string => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`;

function formDay(d: MyDay, open: boolean, values: FormValues | null, today: string, places: MyOverview['places']): FormDay {
  const locked =
    !open && d.request
      ? `希望: 第${d.request.rank}希望（${d.request.reason}）${atPlace(d.request.place)}${d.request.status === 'pending' ? ' — 課長の承認待ち' : ''}`
      : !open && d.possible
        ? `${POSSIBLE_SHOWN}${atPlace(d.possible.place)}`
        : null;
  const given = values?.get(d.day);
  const saved = d.request?.placeId ?? d.possible?.placeId ?? null;
  return {
    day: d.day,
    label: d.label,
    open: d.open,
    closedBecause: d.open ? null : (d.closedBecause ?? '閉庁日'),
    rank: given ? given.rank : d.request && !locked ? String(d.request.rank) : d.possible && !locked ? POSSIBLE_RANK : '',
    reason: given ? given.reason : (d.request?.reasonCode ?? 'other'),
    place: given ? given.place : saved === null ? '' : String(saved),
    places: placeOptions(places, saved),
    possibleOffered: open && d.possibleOffered,
    locked,
    past: d.day < today,
  };
}

/**
 * 自宅 and the places open to new requests (desks > 0), in HR's order; a place the day already
 * has stays offered after it closed, so that saving the form again does not move the day home.
 * None when there is nothing but home to choose.
 */
function placeOptions(places: MyOverview['places'], saved: number | null): FormDay['places'] {
  const options = places
    .filter((p) => p.desks > 0 || p.id === saved)
    .map((p) => ({ value: String(p.id), label: p.desks > 0 ? p.name : `${p.name}（受付停止中）` }));
  return options.length ? [{ value: '', label: HOME_LABEL }, ...options] : [];
}

/**
 * The `days` object of the form. The use case names every wrong value; here
 * only the shape is checked, so that a crafted body (a string, an array, a
 * rank sent twice) is refused instead of being read as "no requests".
 */
export function requestForm(body: unknown): RequestForm {
  const days = (body as Record<string, unknown> | undefined)?.days;
  if (days === undefined) return {};
  const problems: string[] = [];
  if (!isPlainObject(days)) {
    problems.push('送信された内容が、希望の入力欄の形になっていません。画面を読み込み直して、もう一度入力してください。');
  } else {
    for (const [day, value] of Object.entries(days)) {
      const ok =
        isPlainObject(value) &&
        Object.entries(value).every(([k, v]) => (k === 'rank' || k === 'reason' || k === 'place') && typeof v === 'string');
      if (!ok) problems.push(`${day.slice(0, 20)}の入力欄の形が正しくありません。画面を読み込み直して、もう一度入力してください。`);
    }
  }
  if (problems.length) throw invalid('希望を保存できませんでした。次の点を直してください。', problems);
  return days as RequestForm;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What the person typed, to show again with the problems. */
function submitted(req: Request): FormValues {
  const days = (req.body as Record<string, unknown> | undefined)?.days;
  const out = new Map<string, { rank: string; reason: string; place: string }>();
  if (!isPlainObject(days)) return out;
  for (const [day, value] of Object.entries(days)) {
    if (!isPlainObject(value)) continue;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    out.set(day, { rank: text(value.rank), reason: text(value.reason), place: text(value.place) });
  }
  return out;
}

function savedMessage(week: string, { urgent, saved, possible }: SaveRequestsResult): string {
  const label = weekLabel(week);
  if (urgent)
    return `${label}：締切を過ぎているため、${saved}日分を課長への緊急の申請として送りました。課長が承認すると、勤務表の作り直しのときに検討されます。`;
  if (saved === 0 && possible === 0) return `${label}：在宅勤務の希望をすべて取り消しました。`;
  if (saved === 0)
    return `${label}：在宅勤務の希望はなしで、「順番なら可」の日を${possible}日分保存しました。締切までは何度でも変更できます。`;
  const marked = possible > 0 ? `（「順番なら可」の日は${possible}日）` : '';
  return `${label}：在宅勤務の希望を${saved}日分保存しました${marked}。締切までは何度でも変更できます。`;
}

/** The feed's address as this request reached the app (behind the TLS proxy: https). */
function feedUrls(req: Request, token: string) {
  const url = `${req.protocol}://${req.get('host')}/ical/${encodeURIComponent(token)}.ics`;
  return { feedUrl: url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
}
