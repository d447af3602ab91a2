/**
 * Each database has its own migrations, generated from the same entities
 * (`npx typeorm migration:generate -d dist/ormconfig.js src/persistence/migrations/<kind>/<Name>`
 * once against SQLite and once against PostgreSQL). List new ones here, oldest first.
 */
import type { DatabaseKind } from '../../../ormconfig';
import { Initial1795311036163 } from './postgres/1795311036163-Initial';
import { Initial1795311035113 } from './sqlite/1795311035113-Initial';

export const MIGRATIONS: Record<DatabaseKind, Function[]> = {
  sqlite: [Initial1795311035113],
  postgres: [Initial1795311036163],
};
