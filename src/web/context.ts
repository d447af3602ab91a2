/** What every router and middleware of the web app is given: the database, the clock and the simulation runner. */
import type { DirectoryConfig } from '../app/accounts/directory';
import type { Clock } from '../app/calendar';
import type { SimulationRunner } from '../app/simulation/runs';
import type { Database } from '../persistence/database';

export interface AppContext {
  readonly db: Database;
  readonly clock: Clock;
  /** Runs HR's simulations in the background, one at a time. */
  readonly simulations: SimulationRunner;
  /** Directory login (LDAP); null: local passwords only. */
  readonly directory: DirectoryConfig | null;
}
