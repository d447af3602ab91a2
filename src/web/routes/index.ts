/**
 * Every router behind the session, one per capability, in the order they are
 * tried. The calendar feed is mounted by app.ts before the session: calendar
 * programs send no cookies.
 */
import { Router } from 'express';
import type { AppContext } from '../context';
import { requireRole } from '../auth';
import { meApiRoutes } from '../api/me-routes';
import { accessibilityRoutes } from './accessibility';
import { apiTokenRoutes } from './accounts/api-tokens';
import { auditLogRoutes } from './accounts/audit-log';
import { loginRoutes } from './accounts/login';
import { notificationRoutes } from './accounts/notifications';
import { setupRoutes } from './accounts/setup';
import { counterRoutes } from './organisation/counters';
import { divisionRoutes } from './organisation/divisions';
import { periodRoutes } from './organisation/periods';
import { placeRoutes } from './organisation/places';
import { policyRoutes } from './organisation/policy';
import { staffImportRoutes } from './organisation/staff-import';
import { staffRoutes } from './organisation/staff';
import { tallyRoutes } from './organisation/tally';
import { bcpRoutes } from './simulation/bcp';
import { simulationRoutes } from './simulation/studies';
import { bcpDayRoutes } from './week/bcp-day';
import { divisionWeekRoutes } from './week/division-week';
import { myWeekRoutes } from './week/my-weeks';
import { organisationWeekRoutes } from './week/organisation-week';

export function routes(ctx: AppContext, options: { readonly loginLimit: number }): Router {
  const r = Router();
  // The browser's own API: the session and its CSRF token instead of a bearer token.
  r.use('/api/v1/me', meApiRoutes(ctx));
  r.use(accessibilityRoutes());
  r.use(loginRoutes(ctx, options.loginLimit));
  r.use(setupRoutes(ctx, options.loginLimit));
  r.use(notificationRoutes(ctx));
  r.use(myWeekRoutes(ctx));
  r.use(bcpDayRoutes(ctx));
  r.use(divisionWeekRoutes(ctx));
  // Everything under /hr is HR's, a path no router knows included; each router checks again.
  r.use('/hr', requireRole('hr'));
  r.use(organisationWeekRoutes(ctx));
  r.use(policyRoutes(ctx));
  r.use(tallyRoutes(ctx));
  r.use(staffRoutes(ctx));
  r.use(divisionRoutes(ctx));
  r.use(periodRoutes(ctx));
  r.use(placeRoutes(ctx));
  r.use(counterRoutes(ctx));
  r.use(staffImportRoutes(ctx));
  r.use(auditLogRoutes(ctx));
  r.use(apiTokenRoutes(ctx));
  r.use(simulationRoutes(ctx));
  r.use(bcpRoutes(ctx));
  return r;
}
