/**
 * The CLI's own words in both languages. Validation issues and checker
 * findings carry their own `message` / `messageJa`; denial explanations are
 * Japanese (describeDenial). Everything else the CLI says comes from here.
 */
import type { RosterStatus } from '../../domain/rotation';

export type Lang = 'ja' | 'en';

export const LANGS: readonly Lang[] = ['ja', 'en'];

/** Japanese when the locale says so (LC_ALL, then LC_MESSAGES, then LANG), else English. */
export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

const JA = {
  activity: { solve: '求解中…', explain: '却下理由を計算中…', check: '検査中…', generate: '生成中…' },
  simulate: {
    simulating: 'シミュレーション中…',
    insights: '改善効果を計算中…',
    cancelled: '中止しました（結果は書き出していません）',
    needOrganisation: 'organisation: コマンドラインでは organisation（generator または problem）が必要です',
    needReplay: 'demand.replay: source が "replay" のときは問題ファイルを 1 つ以上指定してください',
    badThreads: (value: string) => `--threads ${value}: 0 以上の整数を指定してください`,
    header: ['シナリオ', '承認率', '週あたり在宅日数', '1日以上在宅', '目標50%', '公平性(Jain)', '窓口の不足'],
    met: (yes: boolean): string => (yes ? '達成' : '未達'),
    suggestions: '改善の提案（効果の大きい順）',
    noInsights: '改善の提案: 追加しても効果のある資源はありませんでした',
    wrote: (file: string) => `出力: ${file}`,
    took: (millis: number, threads: number) => `計算時間 ${ms(millis)}（${threads === 0 ? 'このスレッドで計算' : `ワーカー ${threads}`}）`,
  },
  cannotRead: (file: string, why: string) => `${file}: 読み込めません（${why}）`,
  tooLarge: (file: string, size: number, max: number) =>
    `${file}: ファイルが大きすぎます（${mib(size)}、上限 ${mib(max)}）。読み込まずに終了します`,
  warning: (line: string) => `警告: ${line}`,
  cannotWrite: (file: string, why: string) => `${file}: 書き込めません（${why}）`,
  notFound: 'ファイルがありません',
  isDirectory: 'ディレクトリです',
  noPermission: '権限がありません',
  status: (s: RosterStatus): string => (s === 'optimal' ? '最適（optimal）' : '実行可能（feasible、最適性は未証明）'),
  summary: {
    status: '状態',
    objective: '目的関数値',
    requests: '在宅勤務の希望',
    granted: (g: number, r: number) => `${r} 件中 ${g} 件を承認${r > 0 ? `（${percent(g, r)}）` : ''}`,
    shortfalls: '窓口の不足',
    noShortfall: 'なし',
    shortfallFigures: (count: number, missing: number) => `${count} 窓口日、延べ ${missing} 人日`,
    time: '計算時間',
    timeFigures: (engine: number, total: number) => `求解 ${ms(engine)}（全体 ${ms(total)}）`,
    wrote: '出力',
  },
  problemMismatch: (roster: string, problem: string) =>
    `警告: 勤務表は問題「${roster}」のものですが、問題ファイルの名前は「${problem}」です`,
  rosterBreaksRules: (n: number) =>
    `警告: 勤務表は ${n} 件の規則に違反しています（rotation check で確認できます）。説明は参考程度にしてください`,
  unknownStaff: (id: string) => `--staff ${id}: この職員は問題にいません`,
  unknownDay: (day: string) => `--day ${day}: この日は問題の days に含まれていません`,
  noDenials: '却下された在宅勤務の希望はありません。',
  denialsHeader: (requests: number, staff: number) => `却下された在宅勤務の希望: ${requests} 件（職員 ${staff} 名）`,
  staffHeader: (name: string, id: string, division: string, n: number) => `${name}（${id}、${division}）却下 ${n} 件`,
  weight: (w: number) => `重み ${w}`,
  checkOk: '勤務表はすべての規則を満たしています。',
  checkFailed: (n: number) => `勤務表は ${n} 件の規則違反があります:`,
  checkMore: (n: number) => `…ほか ${n} 件（すべて表示するには --all）`,
  checkObjective: (computed: number, stated: number) => `目的関数値 ${computed}（勤務表の記載 ${stated}）`,
  checkRequests: (g: number, r: number) => `承認された希望 ${g} / ${r} 件`,
  checkShortfall: (n: number) => `窓口の不足 延べ ${n} 人日`,
  generated: (file: string, days: number, staff: number, divisions: number, counters: number, requests: number) =>
    `${file}: ${days} 日、職員 ${staff} 名、${divisions} 課、${counters} 窓口、希望 ${requests} 件`,
  usage: {
    notInteger: (flag: string, value: string) => `${flag} ${value}: 整数を指定してください`,
    notPositive: (flag: string, value: string) => `${flag} ${value}: 1 以上の整数を指定してください`,
    badWeek: (value: string) => `--week ${value}: 2026-W50 の形式で指定してください`,
    needStaff: '--staff N を指定してください（町の問題なら --town）',
    badShape: (value: string) => `--shape ${value}: city または coupled を指定してください`,
    notShare: (flag: string, value: string, max: number) => `${flag} ${value}: 0 以上 ${max} 以下の数を指定してください`,
    badDays: (value: string) => `--days ${value}: 4 または 5 を指定してください`,
    coupledOnly: (flag: string) => `${flag} は --shape coupled でのみ使えます`,
    notWithCoupled: (flag: string) => `${flag} は --shape coupled とは使えません（4 日の週は 2026-W48、5 日の週は 2026-W50）`,
    notSeconds: (value: string) => `--time-limit ${value}: 0 より大きい秒数を指定してください`,
  },
  internal: (message: string) => `内部エラー: ${message}（DEBUG=1 で詳細を表示）`,
};

type Messages = typeof JA;

const EN: Messages = {
  activity: { solve: 'solving…', explain: 'explaining denials…', check: 'checking…', generate: 'generating…' },
  simulate: {
    simulating: 'simulating…',
    insights: 'measuring improvements…',
    cancelled: 'cancelled (no results written)',
    needOrganisation: 'organisation: the command line needs an organisation (generator or problem)',
    needReplay: 'demand.replay: with source "replay", list at least one problem file',
    badThreads: (value) => `--threads ${value}: expected an integer ≥ 0`,
    header: ['scenario', 'granted', 'days/eligible/week', 'teleworked ≥1 day', 'target 50%', 'fairness (Jain)', 'shortfall'],
    met: (yes) => (yes ? 'met' : 'not met'),
    suggestions: 'Suggestions (largest effect first)',
    noInsights: 'Suggestions: no extra resource would make a difference',
    wrote: (file) => `wrote ${file}`,
    took: (millis, threads) =>
      `took ${ms(millis)} (${threads === 0 ? 'in this thread' : threads === 1 ? '1 worker' : `${threads} workers`})`,
  },
  cannotRead: (file, why) => `${file}: cannot read (${why})`,
  tooLarge: (file, size, max) => `${file}: the file is too large (${mib(size)}; at most ${mib(max)} is read), so it was not read`,
  warning: (line) => `warning: ${line}`,
  cannotWrite: (file, why) => `${file}: cannot write (${why})`,
  notFound: 'no such file',
  isDirectory: 'is a directory',
  noPermission: 'permission denied',
  status: (s) => (s === 'optimal' ? 'optimal' : 'feasible (optimality not proven)'),
  summary: {
    status: 'status',
    objective: 'objective',
    requests: 'requests',
    granted: (g, r) => `${g} of ${r} granted${r > 0 ? ` (${percent(g, r)})` : ''}`,
    shortfalls: 'shortfalls',
    noShortfall: 'none',
    shortfallFigures: (count, missing) => `${count} counter-days, ${missing} person-days`,
    time: 'time',
    timeFigures: (engine, total) => `solve ${ms(engine)} (total ${ms(total)})`,
    wrote: 'wrote',
  },
  problemMismatch: (roster, problem) => `warning: the roster is for problem "${roster}" but the problem file is named "${problem}"`,
  rosterBreaksRules: (n) => `warning: the roster breaks ${n} rule(s) (see rotation check); the explanations may not hold`,
  unknownStaff: (id) => `--staff ${id}: no such staff member in the problem`,
  unknownDay: (day) => `--day ${day}: not one of the problem's days`,
  noDenials: 'No telework request was denied.',
  denialsHeader: (requests, staff) => `Denied telework requests: ${requests} (${staff} staff)`,
  staffHeader: (name, id, division, n) => `${name} (${id}, ${division}): ${n} denied`,
  weight: (w) => `weight ${w}`,
  checkOk: 'OK: the roster keeps every rule.',
  checkFailed: (n) => `The roster breaks ${n} rule(s):`,
  checkMore: (n) => `… and ${n} more (--all shows every one)`,
  checkObjective: (computed, stated) => `objective ${computed} (the roster states ${stated})`,
  checkRequests: (g, r) => `requests granted ${g} / ${r}`,
  checkShortfall: (n) => `shortfall ${n} person-days`,
  generated: (file, days, staff, divisions, counters, requests) =>
    `${file}: ${days} days, ${staff} staff, ${divisions} divisions, ${counters} counters, ${requests} requests`,
  usage: {
    notInteger: (flag, value) => `${flag} ${value}: expected an integer`,
    notPositive: (flag, value) => `${flag} ${value}: expected an integer ≥ 1`,
    badWeek: (value) => `--week ${value}: expected an ISO week such as 2026-W50`,
    needStaff: '--staff N is required (or --town for the town)',
    badShape: (value) => `--shape ${value}: expected city or coupled`,
    notShare: (flag, value, max) => `${flag} ${value}: expected a number from 0 to ${max}`,
    badDays: (value) => `--days ${value}: expected 4 or 5`,
    coupledOnly: (flag) => `${flag} needs --shape coupled`,
    notWithCoupled: (flag) => `${flag} cannot be used with --shape coupled (4-day weeks are 2026-W48, 5-day weeks 2026-W50)`,
    notSeconds: (value) => `--time-limit ${value}: expected a number of seconds > 0`,
  },
  internal: (message) => `internal error: ${message} (DEBUG=1 shows the details)`,
};

export function messagesFor(lang: Lang): Messages {
  return lang === 'ja' ? JA : EN;
}

/** A byte count in MiB, one decimal (exact bytes below 1 MiB). */
function mib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${bytes} bytes` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)}%`;
}

/** Milliseconds as people read them: `15 ms`, `1.24 s`. */
export function ms(millis: number): string {
  return millis < 1000 ? `${Math.round(millis)} ms` : `${(millis / 1000).toFixed(2)} s`;
}
