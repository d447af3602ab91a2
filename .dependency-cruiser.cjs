/**
 * The dependency rule, checked by `npm run lint` (dependency-cruiser):
 *
 *   cli ──► web ──► app ──► engine ──► domain
 *                    │  └─► generators ─┘
 *                    └────► persistence
 *
 * Arrows point down only. domain and engine do no I/O and know neither the
 * database nor the web; persistence knows nothing of the app. Inside app,
 * capabilities depend one way too: demo → week → organisation → accounts,
 * simulation → organisation; the files at app/'s root (errors, calendar,
 * excel-csv, form-input) are shared and import no capability. The picture in
 * the README is drawn from the same graph (`npm run graph`).
 */
const layer = (name) => `^src/${name}/`;
const IO_MODULES = ['fs', 'fs/promises', 'net', 'http', 'https', 'child_process', 'worker_threads', 'cluster', 'dgram', 'dns', 'tls'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle of imports has no bottom: split the shared part into its own module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-the-bottom',
      severity: 'error',
      comment: 'domain holds the format, its rules and the calendar: plain types and functions that import no other layer.',
      from: { path: layer('domain') },
      to: { path: '^src/(?!domain/)' },
    },
    {
      name: 'engine-needs-only-domain',
      severity: 'error',
      comment: 'The engine is pure: a problem in, a roster out.',
      from: { path: layer('engine') },
      to: { path: '^src/(?!(engine|domain)/)' },
    },
    {
      name: 'pure-layers-do-no-io',
      severity: 'error',
      comment: 'domain, engine and generators do no I/O; the callers read and write.',
      from: { path: '^src/(domain|engine|generators)/' },
      to: { dependencyTypes: ['core'], path: `^(node:)?(${IO_MODULES.join('|')})$` },
    },
    {
      name: 'generators-need-only-domain',
      severity: 'error',
      comment: 'The realistic-data generators make problems from the domain types alone.',
      from: { path: layer('generators') },
      to: { path: '^src/(?!(generators|domain)/)' },
    },
    {
      name: 'persistence-knows-no-use-case',
      severity: 'error',
      comment: 'Entities, migrations and stores: nothing of the app, the web, the engine or the command line.',
      from: { path: layer('persistence') },
      to: { path: '^src/(app|web|cli|engine|generators|oracle)/' },
    },
    {
      name: 'app-points-down',
      severity: 'error',
      comment: 'Use cases do not know how they are served.',
      from: { path: layer('app') },
      to: { path: '^src/(web|cli|oracle)/' },
    },
    {
      name: 'web-points-down',
      severity: 'error',
      comment: 'The web app calls use cases; it does not reach the command line or the test oracle.',
      from: { path: layer('web') },
      to: { path: '^src/(cli|oracle)/' },
    },
    {
      name: 'routes-go-through-use-cases',
      severity: 'error',
      comment: 'Routes read and change data through src/app, never through entities directly.',
      from: { path: '^src/web/' },
      to: { path: '^src/persistence/(entities|migrations)/' },
    },
    {
      name: 'oracle-only-for-benchmarks',
      severity: 'error',
      comment: 'HiGHS and javascript-lp-solver are dev-only oracles: tests and benchmarks use them, the product does not.',
      from: { path: '^src/', pathNot: ['^src/oracle/', '^src/cli/bench'] },
      to: { path: '^src/oracle/' },
    },
    {
      name: 'no-dev-dependencies-in-the-product',
      severity: 'error',
      comment: 'What ships may not need a devDependency (npm ci --omit=dev would break it).',
      from: { path: '^src/', pathNot: ['^src/oracle/', '^src/cli/bench'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'app-shared-files-import-no-capability',
      severity: 'error',
      comment: "app/'s root files are shared by every capability and import none of them.",
      from: { path: '^src/app/[^/]+$' },
      to: { path: '^src/app/[^/]+/' },
    },
    {
      name: 'accounts-is-the-bottom-of-app',
      severity: 'error',
      from: { path: '^src/app/accounts/' },
      to: { path: '^src/app/(organisation|week|simulation|demo|notifications)/' },
    },
    {
      name: 'organisation-below-week-and-simulation',
      severity: 'error',
      from: { path: '^src/app/organisation/' },
      to: { path: '^src/app/(week|simulation|demo|notifications)/' },
    },
    {
      name: 'notifications-below-week',
      severity: 'error',
      comment: 'Notifications tell people about changes; they make none, so they never reach into the week or the simulation.',
      from: { path: '^src/app/notifications/' },
      to: { path: '^src/app/(week|simulation|demo)/' },
    },
    {
      name: 'week-knows-no-simulation',
      severity: 'error',
      from: { path: '^src/app/week/' },
      to: { path: '^src/app/(simulation|demo)/' },
    },
    {
      name: 'simulation-knows-no-live-week',
      severity: 'error',
      comment: 'The simulation replays weeks with its own model of the organisation; it does not call the live week.',
      from: { path: '^src/app/simulation/' },
      to: { path: '^src/app/(week|demo)/' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A module nothing imports is dead code, or an entry point that should be listed here.',
      from: {
        orphan: true,
        pathNot: ['\\.d\\.ts$', '^src/cli/', '^src/app/simulation/worker\\.ts$', '^ormconfig\\.ts$', '(^|/)\\.[^/]+\\.(c|m)?js$'],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    reporterOptions: {
      dot: { collapsePattern: '^src/(app/[^/]+|[^/]+)' },
    },
  },
};
