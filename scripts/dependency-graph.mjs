#!/usr/bin/env node
/**
 * The picture of the dependency rule in the README, drawn from the real
 * import graph: dependency-cruiser reads every import under src/, the modules
 * are folded into their folders (app's capabilities one by one), and the
 * folder graph, less the arrows a longer path already implies, is written as
 * a Mermaid flowchart between the README's `dependency-graph` markers.
 *
 *   node scripts/dependency-graph.mjs           prints the flowchart
 *   node scripts/dependency-graph.mjs --write   writes it into README.md (npm run graph)
 *   node scripts/dependency-graph.mjs --check   fails if the folders import in a circle or
 *                                               the README's picture is out of date (npm run lint)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const README = 'README.md';
const START = '<!-- dependency-graph:start (npm run graph) -->';
const END = '<!-- dependency-graph:end -->';
/** app/'s capabilities are folders of their own; every other folder under src/ is one box. */
const FOLD = '^src/(app/[^/.]+/|[^/.]+/|[^/]+\\.ts$)';
/** Top to bottom: who calls whom. */
const ORDER = [
  'cli',
  'web',
  'app/demo',
  'app/simulation',
  'app/week',
  'app/notifications',
  'app/organisation',
  'app/accounts',
  'app',
  'persistence',
  'oracle',
  'engine',
  'generators',
  'domain',
  'project-root',
];

async function folderGraph() {
  const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
  const tsConfig = extractTSConfig('./tsconfig.json');
  const result = await cruise(
    ['src'],
    { ...options, validate: false, includeOnly: '^src/', collapse: FOLD, outputType: 'json' },
    {},
    { tsConfig },
  );
  const modules = JSON.parse(result.output).modules;
  const name = (source) =>
    source
      .replace(/^src\//, '')
      .replace(/\/$/, '')
      .replace(/\.ts$/, '');
  const edges = new Map();
  for (const m of modules) {
    const from = name(m.source);
    for (const d of m.dependencies) {
      const to = name(d.resolved);
      if (to !== from) edges.set(`${from}>${to}`, [from, to]);
    }
  }
  const nodes = [...new Set([...edges.values()].flat())].sort(byOrder);
  return { nodes, edges: [...edges.values()].sort(([a, b], [c, d]) => byOrder(a, c) || byOrder(b, d)) };
}

function byOrder(a, b) {
  const rank = (n) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** A circle among the folders, as a list of names, or null. */
function circle(nodes, edges) {
  const next = new Map(nodes.map((n) => [n, edges.filter(([from]) => from === n).map(([, to]) => to)]));
  const state = new Map();
  const path = [];
  const visit = (n) => {
    state.set(n, 'open');
    path.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === 'open') return [...path.slice(path.indexOf(m)), m];
      if (!state.has(m)) {
        const found = visit(m);
        if (found) return found;
      }
    }
    path.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of nodes) {
    if (!state.has(n)) {
      const found = visit(n);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The arrows left when every arrow that a longer path already implies is
 * dropped (the transitive reduction of an acyclic graph): cli → web → app
 * shows without cli → app beside it.
 */
function reduced(nodes, edges) {
  const next = new Map(nodes.map((n) => [n, edges.filter(([from]) => from === n).map(([, to]) => to)]));
  const reachableAvoiding = (from, to) => {
    const seen = new Set();
    const stack = (next.get(from) ?? []).filter((m) => m !== to);
    while (stack.length) {
      const n = stack.pop();
      if (n === to) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...(next.get(n) ?? []));
    }
    return false;
  };
  return edges.filter(([from, to]) => !reachableAvoiding(from, to));
}

function mermaid(nodes, edges) {
  const id = (n) => n.replace(/[^A-Za-z0-9]/g, '_');
  const label = (n) => (n === 'app' ? 'app (shared: errors, calendar, csv, form input)' : n);
  return [
    '```mermaid',
    'flowchart TD',
    ...nodes.map((n) => `  ${id(n)}["${label(n)}"]`),
    ...edges.map(([a, b]) => `  ${id(a)} --> ${id(b)}`),
    '```',
  ].join('\n');
}

const mode = process.argv[2] ?? '--print';
const { nodes, edges } = await folderGraph();
const found = circle(nodes, edges);
if (found) {
  console.error(`The folders import each other in a circle: ${found.join(' → ')}`);
  process.exit(1);
}
const picture = mermaid(nodes, reduced(nodes, edges));
if (mode === '--print') {
  console.log(picture);
} else {
  const readme = await readFile(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    console.error(`${README} has no ${START} … ${END} block for the picture.`);
    process.exit(1);
  }
  const updated = `${readme.slice(0, start + START.length)}\n${picture}\n${readme.slice(end)}`;
  if (mode === '--write') {
    if (updated !== readme) await writeFile(README, updated);
    console.log(`${README}: dependency graph of ${nodes.length} folders, ${edges.length} imports between them, no circle.`);
  } else if (updated !== readme) {
    console.error(`${README}: the dependency graph is out of date; run \`npm run graph\` and commit the result.`);
    process.exit(1);
  }
}
