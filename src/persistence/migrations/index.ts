/**
 * Each database has its own migrations, generated from the same entities
 * (`npx typeorm migration:generate -d dist/ormconfig.js src/persistence/migrations/<kind>/<Name>`
 * once against SQLite and once against PostgreSQL). List new ones here, oldest first.
 */
import type { DatabaseKind } from '../../../ormconfig';
import { Initial1795311036163 } from './postgres/1795311036163-Initial';
import { SimulationRuns1795314121292 } from './postgres/1795314121292-SimulationRuns';
import { Initial1795311035113 } from './sqlite/1795311035113-Initial';
import { SimulationRuns1795314114012 } from './sqlite/1795314114012-SimulationRuns';

export const MIGRATIONS: Record<DatabaseKind, Function[]> = {
  sqlite: [Initial1795311035113, SimulationRuns1795314114012],
  postgres: [Initial1795311036163, SimulationRuns1795314121292],
};
