/**
 * The data source for the TypeORM command line only
 * (`npx typeorm migration:generate -d dist/ormconfig.js …`); the app opens
 * its database through src/persistence/database.ts. The settings are in
 * src/persistence/data-source.ts.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/persistence/data-source';

export default new DataSource(dataSourceOptions());
