/** Secrets the server makes for itself on first start and keeps in the database. */
import { Database } from '../../persistence/database';
import { AppSecretEntity } from '../../persistence/entities';
import { newSecret } from './accounts';

/** The session signing key: one per database, shared by every app process. */
export async function sessionSecret(db: Database): Promise<string> {
  const name = 'session';
  return db.write(
    async (m) => {
      const found = await m.findOneBy(AppSecretEntity, { name });
      if (found) return found.value;
      const value = newSecret() + newSecret();
      await m.insert(AppSecretEntity, { name, value });
      return value;
    },
    ['secret:session'],
  );
}
