/** The audit log: who changed what, when, with the state before and after. */
import { EntityManager } from 'typeorm';
import { AuditEntity } from '../../persistence/entities';

export async function audit(
  m: EntityManager,
  actor: string,
  action: string,
  entity: string,
  entityId: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await m.insert(AuditEntity, {
    at: new Date().toISOString(),
    actor,
    action,
    entity,
    entityId,
    before: before === undefined || before === null ? null : JSON.stringify(before),
    after: after === undefined || after === null ? null : JSON.stringify(after),
  });
}
