/**
 * HR's monthly tally (月次集計) and the telework allowance rule: the page with
 * a month picker, the CSV for the pay system (recorded in the audit log as a
 * personal-data export), and the rule's form (422 with one Japanese line per
 * problem, 409 when someone else saved first; nothing saved in either case).
 */
import { Request, Response, Router } from 'express';
import { averageText, IsoMonth, monthLabel, parseMonth, monthsEnding } from '../../../domain/allowance';
import { recordExport } from '../../../app/accounts/security-events';
import { AppError } from '../../../app/errors';
import { excelCsv } from '../../../app/excel-csv';
import { ALLOWANCE_LABELS, AllowanceRuleInput, saveAllowanceRule } from '../../../app/tally/allowance-rule';
import { monthlyTally, tallyRows } from '../../../app/tally/monthly-tally';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { csvPayload, sendCsv } from '../../csv-response';
import { field, isFormError, problemLocals } from '../../forms';

function monthParam(value: unknown): IsoMonth {
  const month = parseMonth(value);
  if (!month) throw new AppError('invalid', 400, '月の指定が正しくありません。「2026-11」のように年と月で指定してください。');
  return month;
}

export function tallyRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/tally', requireRole('hr'));
  const thisMonth = () => ctx.clock().toFormat('yyyy-MM');

  const render = async (
    req: Request,
    res: Response,
    month: IsoMonth,
    extra: { status?: number; input?: AllowanceRuleInput; error?: AppError } = {},
  ) => {
    const tally = await monthlyTally(ctx.db.manager, actorOfRequest(req), month);
    const input = extra.input
      ? { ...extra.input, revision: extra.error?.code === 'conflict' ? String(tally.rule.revision) : extra.input.revision }
      : {
          thresholdDays: String(tally.rule.thresholdDays),
          periodMonths: String(tally.rule.periodMonths),
          amountYen: String(tally.rule.amountYen),
          revision: String(tally.rule.revision),
        };
    res.status(extra.status ?? 200).render('hr/tally', {
      title: `月次集計 ${monthLabel(month)}`,
      tally,
      input,
      labels: ALLOWANCE_LABELS,
      monthLabel,
      averageText,
      previous: monthsEnding(month, 2)[0],
      ...problemLocals(extra.error),
    });
  };

  r.get('/hr/tally', async (req, res) => {
    const month = req.query.month === undefined || req.query.month === '' ? thisMonth() : monthParam(req.query.month);
    await render(req, res, month);
  });

  r.get('/hr/tally/:month.csv', async (req, res) => {
    const month = monthParam(req.params.month);
    const actor = actorOfRequest(req);
    const tally = await monthlyTally(ctx.db.manager, actor, month);
    const payload = csvPayload(req, excelCsv(tallyRows(tally)));
    await recordExport(ctx.db, actor, 'tally-csv', month);
    sendCsv(res, `tally-${month}.csv`, payload);
  });

  r.post('/hr/tally/rule', async (req, res) => {
    const month = parseMonth(field(req.body, 'month')) ?? thisMonth();
    const input: AllowanceRuleInput = {
      thresholdDays: field(req.body, 'thresholdDays'),
      periodMonths: field(req.body, 'periodMonths'),
      amountYen: field(req.body, 'amountYen'),
      revision: field(req.body, 'revision'),
    };
    try {
      const result = await saveAllowanceRule(ctx.db, actorOfRequest(req), input);
      flash(
        req,
        'ok',
        result.changed.length
          ? `手当の条件を保存しました（第${result.revision}版）。変更: ${result.changed.join('、')}。`
          : '変更はありませんでした。',
      );
      res.redirect(`/hr/tally?month=${month}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await render(req, res, month, { status: e.status, input, error: e });
    }
  });

  return r;
}
