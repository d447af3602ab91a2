/**
 * Personal data read through the API, in the audit log under the token's
 * name. A system polls the same roster many times a day, so, as for the
 * calendar feed, one row per token, kind and subject per day says who read
 * what without filling the log; the first read of a day (Tokyo) writes it.
 */
import { Database } from '../../persistence/database';
import { AuditEntity } from '../../persistence/entities';
import { audit } from '../accounts/audit';
import { ApiClient } from './tokens';

export type ApiReadKind = 'roster' | 'requests' | 'telework-days' | 'staff';

export async function recordApiRead(db: Database, client: ApiClient, kind: ApiReadKind, subject: string, day: string): Promise<void> {
  const entityId = `${client.id}:${kind}:${subject}:${day}`.slice(0, 128);
  await db.write(
    async (m) => {
      if (await m.existsBy(AuditEntity, { action: 'api-read', entity: 'api', entityId })) return;
      await audit(m, client.actorName, 'api-read', 'api', entityId, null, { kind, subject });
    },
    [`api-read:${entityId}`],
  );
}
