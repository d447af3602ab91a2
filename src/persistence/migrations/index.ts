/**
 * Each database has its own migrations, generated from the same entities
 * (`npx typeorm migration:generate -d dist/ormconfig.js src/persistence/migrations/<kind>/<Name>`
 * once against SQLite and once against PostgreSQL; a single added column is
 * written by hand, as SQLite's generated migration would copy the whole table).
 * List new ones here, oldest first.
 */
import { Initial1795311036163 } from './postgres/1795311036163-Initial';
import { SimulationRuns1795314121292 } from './postgres/1795314121292-SimulationRuns';
import { SimulationHeartbeat1795318759160 } from './postgres/1795318759160-SimulationHeartbeat';
import { Initial1795311035113 } from './sqlite/1795311035113-Initial';
import { SimulationRuns1795314114012 } from './sqlite/1795314114012-SimulationRuns';
import { SimulationHeartbeat1795318759150 } from './sqlite/1795318759150-SimulationHeartbeat';
import { WeekOperations1795627134141 } from './sqlite/1795627134141-WeekOperations';
import { WeekOperations1795627134151 } from './postgres/1795627134151-WeekOperations';
import { SessionAccount1795700000000 } from './sqlite/1795700000000-SessionAccount';
import { SessionAccount1795700000010 } from './postgres/1795700000010-SessionAccount';
import { Revisions1795700100000 } from './sqlite/1795700100000-Revisions';
import { Revisions1795700100010 } from './postgres/1795700100010-Revisions';
import { ReferenceVersion1795700200000 } from './sqlite/1795700200000-ReferenceVersion';
import { ReferenceVersion1795700200010 } from './postgres/1795700200010-ReferenceVersion';
import { SetupLinks1795700300000 } from './sqlite/1795700300000-SetupLinks';
import { SetupLinks1795700300010 } from './postgres/1795700300010-SetupLinks';
import { LoginThrottle1795700400000 } from './sqlite/1795700400000-LoginThrottle';
import { LoginThrottle1795700400010 } from './postgres/1795700400010-LoginThrottle';
import { ApiTokens1795700500000 } from './sqlite/1795700500000-ApiTokens';
import { ApiTokens1795700500010 } from './postgres/1795700500010-ApiTokens';
import { AllowanceRule1795700600000 } from './sqlite/1795700600000-AllowanceRule';
import { AllowanceRule1795700600010 } from './postgres/1795700600010-AllowanceRule';
import { Periods1795700700000 } from './sqlite/1795700700000-Periods';
import { Periods1795700700010 } from './postgres/1795700700010-Periods';
import { Places1795700800000 } from './sqlite/1795700800000-Places';
import { Places1795700800010 } from './postgres/1795700800010-Places';

export const MIGRATIONS = {
  sqlite: [
    Initial1795311035113,
    SimulationRuns1795314114012,
    SimulationHeartbeat1795318759150,
    WeekOperations1795627134141,
    SessionAccount1795700000000,
    Revisions1795700100000,
    ReferenceVersion1795700200000,
    SetupLinks1795700300000,
    LoginThrottle1795700400000,
    ApiTokens1795700500000,
    AllowanceRule1795700600000,
    Periods1795700700000,
    Places1795700800000,
  ],
  postgres: [
    Initial1795311036163,
    SimulationRuns1795314121292,
    SimulationHeartbeat1795318759160,
    WeekOperations1795627134151,
    SessionAccount1795700000010,
    Revisions1795700100010,
    ReferenceVersion1795700200010,
    SetupLinks1795700300010,
    LoginThrottle1795700400010,
    ApiTokens1795700500010,
    AllowanceRule1795700600010,
    Periods1795700700010,
    Places1795700800010,
  ],
} as const;
