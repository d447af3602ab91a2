/**
 * The section chief's pages (HR may open any division): the week grid,
 * generate, a cell's explanation and actions, publish, versions, print view,
 * CSV export, and urgent requests after the deadline.
 */
import { Router } from 'express';
import { excelCsv } from '../../../app/excel-csv';
import { shiftWeek, todayOf } from '../../../app/calendar';
import { AppError } from '../../../app/errors';
import { assertManages } from '../../../app/accounts/actor';
import { recordExport } from '../../../app/accounts/security-events';
import { decideRequest, pendingRequests } from '../../../app/week/requests';
import { CELL_ACTIONS, CellAction, explainCell, generateDivision, publish, setCell } from '../../../app/week/rosters';
import { publicationsOf } from '../../../app/week/publications';
import { weekGrid, WeekGrid } from '../../../app/week/grid';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { dayParam, field, isFormError, revisionField, weekParam } from '../../forms';
import { approveToday, sameDayRequests } from '../../../app/week/same-day';
import { ACTUAL_LABELS, isActualAction, recordActual } from '../../../app/week/actuals';
import { csvPayload, sendCsv } from '../../csv-response';
import { printView } from '../../print-sheet';

const MODE_JA = { office: '出勤', telework: '在宅', absent: '休暇' } as const;

export function divisionWeekRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/divisions', requireRole('chief', 'hr'));
  // Division scope before anything else: a chief reaches only their own division.
  r.use('/divisions/:div', (req, _res, next) => {
    assertManages(actorOfRequest(req), req.params.div);
    next();
  });
  const base = (div: string, week: string) => `/divisions/${encodeURIComponent(div)}/weeks/${week}`;

  r.get('/divisions/:div/weeks/:week', async (req, res) => {
    const week = weekParam(req.params.week);
    const grid = await weekGrid(ctx.db.manager, actorOfRequest(req), req.params.div, week, todayOf(ctx.clock));
    res.render('division/week', {
      title: `${grid.division.name} 勤務表`,
      grid,
      prevWeek: shiftWeek(week, -1),
      nextWeekOf: shiftWeek(week, 1),
      base: base(grid.division.id, week),
    });
  });

  r.post('/divisions/:div/weeks/:week/generate', async (req, res) => {
    const week = weekParam(req.params.week);
    const result = await generateDivision(ctx.db, actorOfRequest(req), req.params.div, week, revisionField(req.body), ctx.clock);
    flash(
      req,
      'ok',
      `勤務表を作成しました。希望 ${result.requested} 件のうち ${result.granted} 件を認めました${result.shortfall ? `（窓口の不足 ${result.shortfall} 人日）` : ''}。${othersNote(result.othersChanged)}`,
    );
    res.redirect(base(req.params.div, week));
  });

  r.get('/divisions/:div/weeks/:week/cells/:staff/:day', async (req, res) => {
    const week = weekParam(req.params.week);
    const day = dayParam(req.params.day);
    const actor = actorOfRequest(req);
    const grid = await weekGrid(ctx.db.manager, actor, req.params.div, week, todayOf(ctx.clock));
    const row = grid.rows.find((x) => x.id === req.params.staff);
    const cell = row?.cells.find((c) => c.day === day);
    if (!row || !cell || !cell.open) throw new AppError('not-found', 404, 'この職員・日は勤務表にありません。');
    const why = grid.roster ? await explainCell(ctx.db, actor, req.params.div, week, row.id, day, ctx.clock).catch(() => null) : null;
    res.render('division/cell', {
      title: `${row.name} ${cell.day}`,
      grid,
      row,
      cell,
      why,
      base: base(grid.division.id, week),
      recordable: day <= todayOf(ctx.clock),
      actualLabels: ACTUAL_LABELS,
    });
  });

  // What actually happened on a day that has begun (実績): it corrects the fairness ledger.
  r.post('/divisions/:div/weeks/:week/cells/:staff/:day/actual', async (req, res) => {
    const week = weekParam(req.params.week);
    const day = dayParam(req.params.day);
    const action = field(req.body, 'actual');
    if (!isActualAction(action)) throw new AppError('invalid', 422, '実績の種類が正しくありません。');
    await recordActual(ctx.db, actorOfRequest(req), req.params.div, req.params.staff, day, action, ctx.clock);
    flash(
      req,
      'ok',
      action === 'clear' ? '実績の記録を消しました。' : `実績「${ACTUAL_LABELS[action]}」を記録しました。公平性の計算に使われます。`,
    );
    res.redirect(`${base(req.params.div, week)}/cells/${encodeURIComponent(req.params.staff)}/${day}`);
  });

  r.post('/divisions/:div/weeks/:week/cells/:staff/:day', async (req, res) => {
    const week = weekParam(req.params.week);
    const day = dayParam(req.params.day);
    const action = field(req.body, 'action') as CellAction;
    if (!CELL_ACTIONS.includes(action)) throw new AppError('invalid', 422, '操作の種類が正しくありません。');
    const result = await setCell(
      ctx.db,
      actorOfRequest(req),
      req.params.div,
      week,
      req.params.staff,
      day,
      action,
      revisionField(req.body),
      ctx.clock,
    );
    const what = { office: '出勤に固定', telework: '在宅勤務に固定', absent: '休暇に', clear: '固定・休暇を解除' }[action];
    flash(
      req,
      'ok',
      `${what}して再計算しました（希望 ${result.requested} 件中 ${result.granted} 件）。${othersNote(result.othersChanged)}`,
    );
    res.redirect(`${base(req.params.div, week)}#staff-${encodeURIComponent(req.params.staff)}`);
  });

  r.post('/divisions/:div/weeks/:week/publish', async (req, res) => {
    const week = weekParam(req.params.week);
    const result = await publish(ctx.db, actorOfRequest(req), req.params.div, week, revisionField(req.body), ctx.clock);
    flash(
      req,
      'ok',
      `第${result.version}版を公開しました${result.version > 1 ? `（前の版から ${result.changes} 件の変更）` : ''}。職員が自分の予定で確認できます。`,
    );
    res.redirect(base(req.params.div, week));
  });

  r.get('/divisions/:div/weeks/:week/versions', async (req, res) => {
    const week = weekParam(req.params.week);
    const actor = actorOfRequest(req);
    const grid = await weekGrid(ctx.db.manager, actor, req.params.div, week, todayOf(ctx.clock));
    const versions = await publicationsOf(ctx.db.manager, actor, req.params.div, week);
    res.render('division/versions', { title: `${grid.division.name} 公開履歴`, grid, versions, base: base(grid.division.id, week) });
  });

  r.get('/divisions/:div/weeks/:week/print', async (req, res) => {
    const week = weekParam(req.params.week);
    const grid = await weekGrid(ctx.db.manager, actorOfRequest(req), req.params.div, week, todayOf(ctx.clock));
    res.render('division/print', { title: `${grid.division.name} 勤務表（印刷）`, ...printView([grid]) });
  });

  r.get('/divisions/:div/weeks/:week/roster.csv', async (req, res) => {
    const week = weekParam(req.params.week);
    const grid = await weekGrid(ctx.db.manager, actorOfRequest(req), req.params.div, week, todayOf(ctx.clock));
    const payload = csvPayload(req, rosterCsv(grid));
    await recordExport(ctx.db, actorOfRequest(req), 'week-csv', `${grid.division.id}/${week}`);
    sendCsv(res, `${grid.division.id}-${week}.csv`, payload);
  });

  r.get('/divisions/:div/requests', async (req, res) => {
    const actor = actorOfRequest(req);
    const today = todayOf(ctx.clock);
    const pending = await pendingRequests(ctx.db.manager, actor, req.params.div);
    const sameDay = await sameDayRequests(ctx.db, actor, req.params.div, pending, ctx.clock);
    res.render('division/requests', {
      title: '緊急の申請',
      sameDay,
      pending: pending.filter((x) => x.day !== today),
      divisionId: req.params.div,
      today,
    });
  });

  r.post('/divisions/:div/requests/:id', async (req, res) => {
    const id = Number(req.params.id);
    const decision = field(req.body, 'decision');
    if (!Number.isInteger(id) || (decision !== 'approve' && decision !== 'reject'))
      throw new AppError('invalid', 422, '申請の指定が正しくありません。');
    const actor = actorOfRequest(req);
    const back = `/divisions/${encodeURIComponent(req.params.div)}/requests`;
    if (decision === 'approve' && field(req.body, 'sameDay') === '1') {
      try {
        const done = await approveToday(ctx.db, actor, req.params.div, id, revisionField(req.body), ctx.clock);
        const told = done.bumped
          ? `ほかに ${done.bumped} 人の今日の勤務が変わり、本人に通知しました。`
          : 'ほかの職員の勤務は変わりません。';
        flash(
          req,
          'ok',
          done.published.length
            ? `当日の申請を承認し、今日の勤務表を公開しました。${told}`
            : '当日の申請を承認し、下書きに反映しました（この週はまだ公開されていません）。週の勤務表から公開してください。',
        );
      } catch (e) {
        if (!isFormError(e)) throw e;
        flash(req, 'error', e.message);
      }
      res.redirect(back);
      return;
    }
    await decideRequest(ctx.db, actor, req.params.div, id, decision === 'approve', ctx.clock);
    flash(req, 'ok', decision === 'approve' ? '申請を承認しました。勤務表に反映するには「再計算」してください。' : '申請を却下しました。');
    res.redirect(back);
  });
  return r;
}

/** UTF-8 with a BOM and CRLF, so Excel opens it with the right characters. */
export function rosterCsv(grid: WeekGrid): string {
  const open = grid.days.filter((d) => d.open);
  const header = ['職員番号', '氏名', '職種', ...open.map((d) => d.label), '在宅日数'];
  const rows = grid.rows.map((row) => [
    row.id,
    row.name,
    row.jobType,
    ...open.map((d) => {
      const c = row.cells.find((x) => x.day === d.day);
      if (!c?.mode) return '';
      if (c.mode === 'telework' && c.place) return `テレワーク（${c.place}）`;
      return c.mode === 'office' && c.counter ? `${MODE_JA.office}（${c.counter}）` : MODE_JA[c.mode];
    }),
    String(row.teleworkDays),
  ]);
  const counters = grid.counters.map((k) => [
    '',
    `${k.name}（配置/必要）`,
    '',
    ...open.map((d) => {
      const p = k.perDay[grid.days.indexOf(d)];
      // 「2人/2人」: a bare "2/2" would open in a spreadsheet as the date 2 February.
      return `${p.assigned}人/${p.required}人`;
    }),
    '',
  ]);
  return excelCsv([header, ...rows, ...counters]);
}

/** Licences are shared: a solve may move another unpublished division's draft too, and the chief is told. */
function othersNote(changed: number): string {
  return changed ? `ライセンスの配分に合わせて、まだ公開していないほかの ${changed} 課の下書きも更新しました。` : '';
}
