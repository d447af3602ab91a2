/**
 * `rotation explain PROBLEM.json ROSTER.json [--staff ID] [--day DATE] [--json]`:
 * why was each denied request denied? One block per staff member (name, id,
 * division), one line per denied day: the binding rule in Japanese
 * (describeDenial) with its rule id, then what granting it would change.
 */
import { explain, explainTurns, turnsShortOf } from '../../engine';
import type { TurnExplanation } from '../../engine';
import { checkRoster } from '../../engine/check';
import { DenialExplanation, dayJa, describeDenial, NameBook, nameBook } from '../../domain/explanation';
import type { Problem } from '../../domain/rotation';
import { readProblemAndRoster } from './documents';
import { Lang, messagesFor } from './messages';
import { EXIT, invalid, ProgressReport, TaskInput, TaskOutput } from './task';

export interface ExplainInput extends TaskInput {
  readonly problemFile: string;
  readonly rosterFile: string;
  readonly staff?: string;
  readonly day?: string;
  readonly json: boolean;
}

export function explainTask(input: ExplainInput, progress: ProgressReport): TaskOutput {
  const { lang } = input;
  const m = messagesFor(lang);
  const read = readProblemAndRoster(input.problemFile, input.rosterFile, lang);
  if (!read.ok) return invalid(read.lines);
  const p = read.problem;
  if (input.staff !== undefined && !p.staff.some((s) => s.id === input.staff)) return invalid([m.unknownStaff(input.staff)]);
  if (input.day !== undefined && !p.days.includes(input.day)) return invalid([m.unknownDay(input.day)]);

  const warnings = [...read.warnings];
  const report = checkRoster(p, read.roster);
  if (!report.ok) warnings.push(m.rosterBreaksRules(report.violations.length));

  const explanations = explain(p, read.roster, { staff: input.staff, day: input.day, onProgress: progress });
  // With a period's goal (docs/format-periods.md): who is below it and why, after the denials.
  const goals = (p.periods ?? []).some((period) => (period.minDays ?? 0) > 0);
  const turns = goals
    ? explainTurns(p, { ...read.roster, turnsShort: turnsShortOf(p, read.roster.assignments) ?? [] }).filter(
        (t) => input.staff === undefined || t.staff === input.staff,
      )
    : [];
  const stdout = input.json
    ? JSON.stringify(goals ? { denials: explanations, turns } : explanations, null, 2) + '\n'
    : render(p, explanations, lang) + (goals ? renderTurns(p, turns, lang) : '');
  return { exitCode: EXIT.ok, stdout, stderr: warnings };
}

function renderTurns(problem: Problem, turns: readonly TurnExplanation[], lang: Lang): string {
  const names = nameBook(problem);
  const ja = lang === 'ja';
  if (turns.length === 0) return ja ? '\n期間の目標: 全員が届いています。\n' : '\nPeriod goals: everyone reaches them.\n';
  const periodName = new Map((problem.periods ?? []).map((p) => [p.id, p.name ?? p.id]));
  const out = ['', ja ? `期間の目標に届かない職員: ${turns.length}件` : `Below a period's goal: ${turns.length}`];
  for (const t of turns) {
    const who = `${names.staff.get(t.staff) ?? t.staff} (${t.staff})`;
    const reason =
      t.rule === 'no-day'
        ? ja
          ? '期間中に在宅勤務を割り当てられる日がありません'
          : 'no day of the period is open to them'
        : describeDenial(t.cheapest!, names).headline;
    out.push(`  ${periodName.get(t.period)}: ${who} ${t.days}/${t.minDays}${ja ? '日' : ' days'}: ${reason} [${t.rule}]`);
  }
  return out.join('\n') + '\n';
}

function render(problem: Problem, explanations: readonly DenialExplanation[], lang: Lang): string {
  const m = messagesFor(lang);
  if (explanations.length === 0) return m.noDenials + '\n';
  const names = nameBook(problem);
  const byStaff = new Map<string, DenialExplanation[]>();
  for (const e of explanations) {
    const list = byStaff.get(e.staff);
    if (list) list.push(e);
    else byStaff.set(e.staff, [e]);
  }
  const divisionOf = new Map(problem.staff.map((s) => [s.id, s.division]));
  const out = [m.denialsHeader(explanations.length, byStaff.size)];
  for (const [staff, list] of byStaff) {
    const division = names.divisions.get(divisionOf.get(staff) ?? '') ?? '';
    out.push('', m.staffHeader(names.staff.get(staff) ?? staff, staff, division, list.length));
    for (const e of list) out.push(...denialLines(e, names, lang));
  }
  return out.join('\n') + '\n';
}

function denialLines(e: DenialExplanation, names: NameBook, lang: Lang): string[] {
  const { headline, details } = describeDenial(e, names);
  const head = `  ${dayJa(e.day)} ${messagesFor(lang).weight(e.weight)}: ${headline} [${e.rule}]`;
  return [head, ...details.map((d) => `      ${d}`)];
}
