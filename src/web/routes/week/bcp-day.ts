/**
 * The BCP day as an operation: HR for the organisation (/hr/bcp-day), a chief
 * for their division (/divisions/:div/bcp-day). Who cannot come is ticked or
 * pasted as staff ids; the plan is shown; one confirmed step applies it to
 * the day's rosters, publishes the changes and tells the people affected.
 */
import { Request, Response, Router } from 'express';
import { assertManages } from '../../../app/accounts/actor';
import { todayOf } from '../../../app/calendar';
import { applyBcpDay, bcpChoices, BcpDayInput, previewBcpDay } from '../../../app/week/bcp-day';
import { weekOf } from '../../../domain/calendar';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { field, fieldList, isFormError, problemLocals } from '../../forms';

export function bcpDayRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/bcp-day', requireRole('hr'));
  r.use('/divisions/:div/bcp-day', requireRole('chief', 'hr'), (req, _res, next) => {
    assertManages(actorOfRequest(req), String(req.params.div));
    next();
  });
  const scopeOf = (req: Request): string | null => (typeof req.params.div === 'string' ? req.params.div : null);
  const pathOf = (div: string | null) => (div === null ? '/hr/bcp-day' : `/divisions/${encodeURIComponent(div)}/bcp-day`);

  const inputOf = (req: Request): BcpDayInput => ({
    day: field(req.body, 'day').slice(0, 20),
    staffIds: fieldList(req.body, 'staff').slice(0, 10000),
    pasted: field(req.body, 'pasted').slice(0, 200000),
    digest: field(req.body, 'digest'),
  });

  async function page(req: Request, res: Response, status: number, extra: Record<string, unknown>) {
    const div = scopeOf(req);
    const choices = await bcpChoices(ctx.db.manager, actorOfRequest(req), div);
    res.status(status).render('division/bcp-day', {
      title: 'BCP（出勤困難時）の当日対応',
      hrTab: div === null ? 'bcp-day' : null,
      action: pathOf(div),
      choices,
      input: { day: todayOf(ctx.clock), staffIds: [], pasted: '' },
      plan: null,
      ...extra,
    });
  }

  for (const path of ['/hr/bcp-day', '/divisions/:div/bcp-day']) {
    r.get(path, async (req, res) => page(req, res, 200, {}));

    r.post(`${path}/preview`, async (req, res) => {
      const input = inputOf(req);
      try {
        const plan = await previewBcpDay(ctx.db, actorOfRequest(req), scopeOf(req), input, ctx.clock);
        await page(req, res, 200, { input, plan });
      } catch (e) {
        if (!isFormError(e)) throw e;
        await page(req, res, 422, { input, ...problemLocals(e) });
      }
    });

    r.post(`${path}/apply`, async (req, res) => {
      const input = inputOf(req);
      const div = scopeOf(req);
      try {
        const plan = await applyBcpDay(ctx.db, actorOfRequest(req), div, input, ctx.clock);
        flash(
          req,
          'ok',
          `${plan.label}のBCP対応を勤務表に反映しました。在宅勤務 ${plan.teleworking.length} 名、休暇 ${plan.onLeave.length} 名、勤務が変わった ${new Set(plan.changes.map((c) => c.staffId)).size} 名に通知しました。`,
        );
        const week = weekOf(plan.day);
        res.redirect(div === null ? `/hr/weeks/${week}` : `/divisions/${encodeURIComponent(div)}/weeks/${week}`);
      } catch (e) {
        if (!isFormError(e)) throw e;
        await page(req, res, e.status, { input, ...problemLocals(e) });
      }
    });
  }
  return r;
}
