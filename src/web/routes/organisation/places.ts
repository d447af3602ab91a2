/**
 * HR's places (場所): satellite offices and branches to telework from besides home. Every route
 * needs the HR role, and every use case checks it again. A rejected form is shown again with
 * what was typed (422, or 409 when someone else saved first or the place is in use); nothing is
 * saved.
 */
import { Request, Response, Router } from 'express';
import type { AppError } from '../../../app/errors';
import {
  ACCESS_LABELS,
  createPlace,
  deletePlace,
  emptyPlaceInput,
  inputOfPlace,
  MAX_DESKS,
  MAX_PLACE_NAME,
  PlaceInput,
  placesPage,
  updatePlace,
} from '../../../app/organisation/places';
import { MAX_SORT_ORDER } from '../../../app/organisation/divisions';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { field, isFormError, problemLocals } from '../../forms';

export function placeRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/places', requireRole('hr'));

  const render = async (
    req: Request,
    res: Response,
    extra: { error?: AppError; edit?: { id: number; input?: PlaceInput }; fresh?: PlaceInput } = {},
  ) => {
    const places = await placesPage(ctx.db.manager, actorOfRequest(req));
    const conflicted = extra.error?.code === 'conflict';
    const inputs = Object.fromEntries(
      places.map((p) => [
        p.id,
        extra.edit?.id === p.id && extra.edit.input
          ? { ...extra.edit.input, revision: conflicted ? String(p.revision) : extra.edit.input.revision }
          : inputOfPlace(p),
      ]),
    );
    res.status(extra.error ? extra.error.status : 200).render('hr/places', {
      title: '場所（サテライトオフィス・支所）',
      places,
      inputs,
      accessLabels: ACCESS_LABELS,
      limits: { name: MAX_PLACE_NAME, desks: MAX_DESKS, sortOrder: MAX_SORT_ORDER },
      fresh: extra.fresh ?? emptyPlaceInput(),
      failedPlace: extra.edit?.id ?? null,
      ...problemLocals(extra.error),
    });
  };

  /** What the flash adds when a place takes no new requests. */
  const closedNote = (desks: number) => (desks === 0 ? '席数が0のため、この場所への新しい希望は受け付けません。' : '');

  r.get('/hr/places', async (req, res) => render(req, res));

  r.post('/hr/places', async (req, res) => {
    const input = placeInputOf(req.body);
    try {
      const created = await createPlace(ctx.db, actorOfRequest(req), input);
      flash(req, 'ok', `場所「${created.name}」を追加しました。${closedNote(created.desks)}`);
      res.redirect(`/hr/places#place-${created.id}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await render(req, res, { error: e, fresh: input });
    }
  });

  r.post('/hr/places/:id', async (req, res) => {
    const id = placeParam(req.params.id);
    const input = placeInputOf(req.body);
    try {
      const { changed, name, desks } = await updatePlace(ctx.db, actorOfRequest(req), id, input);
      flash(
        req,
        'ok',
        changed.length ? `場所「${name}」の${changed.join('・')}を保存しました。${closedNote(desks)}` : '変更はありませんでした。',
      );
      res.redirect(`/hr/places#place-${id}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await render(req, res, { error: e, edit: { id, input } });
    }
  });

  r.post('/hr/places/:id/delete', async (req, res) => {
    const id = placeParam(req.params.id);
    try {
      const { name } = await deletePlace(ctx.db, actorOfRequest(req), id, field(req.body, 'revision'));
      flash(req, 'ok', `場所「${name}」を削除しました。`);
      res.redirect('/hr/places');
    } catch (e) {
      if (!isFormError(e)) throw e;
      // The delete form carries no fields: the card shows the saved place with why it stays.
      await render(req, res, { error: e, edit: { id } });
    }
  });

  return r;
}

/** A place id from the URL; anything else (beyond an integer column too) matches no place (404 from the use case). */
function placeParam(text: string): number {
  const n = /^[1-9]\d{0,9}$/.test(text) ? Number(text) : 0;
  return n <= 2_147_483_647 ? n : 0;
}

function placeInputOf(body: unknown): PlaceInput {
  return {
    name: field(body, 'name'),
    desks: field(body, 'desks'),
    access: field(body, 'access'),
    sortOrder: field(body, 'sortOrder'),
    revision: field(body, 'revision'),
  };
}
