/** Who is acting, and what their role lets them reach. */
import type { AccountRole } from '../../persistence/entities';
import { forbidden } from '../errors';

export interface Actor {
  readonly accountId: number;
  readonly loginId: string;
  readonly role: AccountRole;
  readonly staffId: string;
  readonly name: string;
  /** The actor's own division (a chief manages exactly this one). */
  readonly divisionId: string;
  /** The web session acting (when known): a change to one's own account keeps it and ends the others. */
  readonly sessionId?: string;
}

/** HR manages every division; a chief only their own; staff none. */
export function canManageDivision(actor: Actor, divisionId: string): boolean {
  return actor.role === 'hr' || (actor.role === 'chief' && actor.divisionId === divisionId);
}

export function assertManages(actor: Actor, divisionId: string): void {
  if (!canManageDivision(actor, divisionId)) throw forbidden('この課の勤務表を扱う権限がありません。');
}

export function assertHr(actor: Actor): void {
  if (actor.role !== 'hr') throw forbidden('人事課の職員だけが行える操作です。');
}
