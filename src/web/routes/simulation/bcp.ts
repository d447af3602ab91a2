/**
 * HR's BCP day (出勤困難時の試算): for a day when a share of staff cannot come
 * in, which counters stay open with whom, who teleworks, and which close.
 * HR only; the use case checks the role again.
 */
import { Router } from 'express';
import { AppError } from '../../../app/errors';
import { BcpInput, bcpView, defaultBcpInput } from '../../../app/simulation/bcp-form';
import type { AppContext } from '../../context';
import { actorOfRequest, requireRole } from '../../auth';
import { queryText } from '../../forms';

export function bcpRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/bcp', requireRole('hr'));
  const m = () => ctx.db.manager;

  r.get('/hr/bcp', async (req, res) => {
    const actor = actorOfRequest(req);
    const asked = req.query.day !== undefined;
    const input: BcpInput = asked
      ? {
          day: queryText(req.query.day),
          share: queryText(req.query.share),
          seed: queryText(req.query.seed),
          licences: queryText(req.query.licences),
          unlimited: queryText(req.query.unlimited) === 'on',
        }
      : await defaultBcpInput(m(), actor, ctx.clock());
    try {
      const view = await bcpView(m(), actor, input);
      res.render('hr/bcp', { title: 'BCP（出勤困難時）の試算', input, view });
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'invalid')) throw e;
      res.status(422).render('hr/bcp', { title: 'BCP（出勤困難時）の試算', input, view: null, message: e.message, problems: e.problems });
    }
  });

  return r;
}
