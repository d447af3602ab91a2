/**
 * `rotation explain PROBLEM.json ROSTER.json [--staff ID] [--day DATE] [--json]`:
 * why was each denied request denied? One block per staff member (name, id,
 * division), one line per denied day: the binding rule in Japanese
 * (describeDenial) with its rule id, then what granting it would change.
 */
import { explain } from '../../engine';
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
  const stdout = input.json ? JSON.stringify(explanations, null, 2) + '\n' : render(p, explanations, lang);
  return { exitCode: EXIT.ok, stdout, stderr: warnings };
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
