/** HR's audit log (操作の記録): who changed what, when, before and after. HR only. */
import { Router } from 'express';
import { auditLog } from '../../../app/accounts/audit-log';
import type { AppContext } from '../../context';
import { actorOfRequest, requireRole } from '../../auth';
import { queryText } from '../../forms';

export function auditLogRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/audit', requireRole('hr'));
  const m = () => ctx.db.manager;

  r.get('/hr/audit', async (req, res) => {
    const filter = { actor: queryText(req.query.actor), action: queryText(req.query.action) };
    const log = await auditLog(m(), actorOfRequest(req), filter);
    res.render('hr/audit', { title: '操作の記録', log, filter });
  });

  return r;
}
