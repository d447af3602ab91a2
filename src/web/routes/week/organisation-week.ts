/**
 * HR's view of the organisation's week (全庁の状況): requested, granted and
 * denied per division and day, generating every division at once, and the
 * print of every division. Every route needs the HR role, and every use case
 * checks it again.
 */
import { Router } from 'express';
import { shiftWeek, weekOfInstant } from '../../../app/calendar';
import { allGrids, weekOverview } from '../../../app/week/overview';
import { generateAll } from '../../../app/week/rosters';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { weekParam } from '../../forms';
import { printView } from '../../print-sheet';

export function organisationWeekRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/weeks', requireRole('hr'));
  const m = () => ctx.db.manager;

  r.get('/hr', requireRole('hr'), (_req, res) => res.redirect(`/hr/weeks/${shiftWeek(weekOfInstant(ctx.clock()), 1)}`));

  r.get('/hr/weeks/:week', async (req, res) => {
    const week = weekParam(req.params.week);
    const overview = await weekOverview(m(), actorOfRequest(req), week);
    res.render('hr/overview', { title: `全庁の状況 ${week}`, o: overview, prevWeek: shiftWeek(week, -1), nextWeekOf: shiftWeek(week, 1) });
  });

  r.post('/hr/weeks/:week/generate-all', async (req, res) => {
    const week = weekParam(req.params.week);
    const result = await generateAll(ctx.db, actorOfRequest(req), week, ctx.clock);
    flash(
      req,
      'ok',
      result.divisions === 0
        ? `全 ${result.published} 課が公開済みのため、作成する課はありませんでした。公開済みの勤務表は各課長が変更します。`
        : `まだ公開していない ${result.divisions} 課の勤務表を作成しました（下書き）。希望 ${result.requested} 件のうち ${result.granted} 件を認めました${result.shortfall ? `。窓口の不足が ${result.shortfall} 人日あります` : ''}。${result.published ? `公開済みの ${result.published} 課はそのままです。` : ''}各課長が確認して公開します。`,
    );
    res.redirect(`/hr/weeks/${week}`);
  });

  r.get('/hr/weeks/:week/print', async (req, res) => {
    const week = weekParam(req.params.week);
    const grids = await allGrids(m(), actorOfRequest(req), week);
    res.render('division/print', { title: `全課の勤務表（印刷） ${week}`, ...printView(grids) });
  });

  return r;
}
