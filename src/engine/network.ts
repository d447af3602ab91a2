/**
 * The week as one min-cost flow network.
 *
 * A unit of flow is one granted telework day. It leaves the source through
 * the person's node (whose parallel arcs carry the spread-bonus steps and so
 * cap the person's days), takes the arc of one requested day (gain = weight),
 * and reaches the sink through that day's licence arc. On the way it may pass
 * its division's terminal arc for the day.
 *
 * Counter coverage is the subtle part. For each day we fix a maximum
 * assignment N of present staff to counter slots (matching.ts). Who may then
 * telework without leaving a counter short is exactly an independent set of
 * the dual of the transversal matroid, and that matroid is a strict gammoid:
 * a set T can telework with no loss of coverage iff there are vertex-disjoint
 * paths from T to the people N leaves free, along arcs x → y meaning "y takes
 * over x's slot" (y qualified for N(x)'s counter). So each day gets a small
 * graph of person nodes (split in/out with capacity 1, which keeps the paths
 * vertex-disjoint and stops a teleworker from also covering for someone).
 * A unit that ends on a person still holding a slot leaves that slot empty:
 * the exit arc costs the shortfall penalty. The minimum cost of routing a set
 * T is therefore penalty × (coverage lost), and the network's optimum is the
 * format's optimum.
 *
 * Terminals are charged where a unit exits, by the division of the exit
 * person. That is exact when a day's replacement paths stay within one
 * division. Where cross-division qualifications link divisions, the network
 * only knows their pooled terminals, and the per-division caps are returned
 * as side constraints for the caller (solve.ts) to enforce.
 */
import { baseMatching, DayMatching } from './matching';
import { INFINITE_CAPACITY, NetworkSimplex } from './network-simplex';
import { NetworkParts } from './network-parts';
import {
  availableOn,
  bonusNonConcave,
  bonusStep,
  bonusSteps,
  PIN_TELEWORK,
  Prepared,
  REGIME_AT_MOST_L,
  REGIME_MORE_THAN_L,
} from './prepare';

export interface StabilityTarget {
  /** Per person-day: 1 where the roster to stay close to has telework. */
  readonly telework: Uint8Array;
  /** Per person-day: the counter served there, or -1. */
  readonly counter: Int32Array;
}

export interface NetworkOptions {
  /** Keep as much of this roster as the optimum allows (fewest telework changes). */
  readonly stability?: StabilityTarget;
  /** Per division-day: an extra cost per telework unit of that division (Lagrangian prices). */
  readonly prices?: Float64Array;
  /** When to solve by parts (network-parts.ts); the defaults suit production. */
  readonly split?: SplitOptions;
}

/** Solving by parts: worth it only for large networks, where the whole simplex slows down. */
export interface SplitOptions {
  /** Networks with fewer nodes are solved whole. */
  readonly fromNodes: number;
  /** Small pieces are packed into parts of at least this many nodes. */
  readonly partNodes: number;
}

/**
 * Measured: coupled weeks of 2,900 staff (2,800–3,100 nodes) solve faster whole, the scaled and
 * coupled weeks of 10,000 staff (4,500–5,100 nodes) mostly faster by parts (scaledProblem(10000)
 * 90 ms against 190 whole).
 */
export const DEFAULT_SPLIT: SplitOptions = { fromNodes: 4000, partNodes: 256 };

/** What a side constraint limits. */
export type SideKind = 'terminals' | 'desks' | 'licences' | 'period';

/**
 * A cap the network could not express: at most `cap` of the free options `personDays` granted.
 * Terminals of linked divisions (and of divisions whose days mix home and office units), desks
 * of places, licences on days that mix them, and period caps that cut weeks.
 */
export interface SideConstraint {
  readonly kind: SideKind;
  /** Division (terminals), place (desks), else -1. */
  readonly division: number;
  /** Day, or -1 (period). */
  readonly day: number;
  readonly cap: number;
  /** Stable index of what is limited, for prices kept across branch-and-bound nodes (`resourceCount`). */
  readonly resource: number;
  /** Person-days (i * days + d) with a free option that count. */
  readonly personDays: Int32Array;
}

/** Resource indices: terminals D·days + d, then desks, then licences, then period caps. */
export function resourceCount(prep: Prepared): number {
  const nd = prep.dayCount;
  return prep.divisionCount * nd + prep.ext.placeCount * nd + (prep.ext.active ? nd + prep.ext.caps.length : 0);
}

export interface PersonDayFlow {
  /** Per person-day: 1 when teleworking (pins included). */
  readonly telework: Uint8Array;
  /** Per person-day: counter served, or -1. */
  readonly counter: Int32Array;
}

const NO_ARC = -1;

/** Rounds of licence pricing over the days before the whole network takes over. */
const PRICING_ROUNDS = 6;
/**
 * Share of the network's nodes in one part above which the parts get one round of pricing only.
 * Measured on the coupled family at 50,000 staff, where cross-division links join 70–80% of the
 * nodes into one part: the slowest week (seed 19) 3.7–4.7 s instead of 5.6–5.8 s, the others
 * within noise.
 */
const GIANT_PART = 0.5;

export class RotationNetwork {
  readonly flow: NetworkSimplex;
  readonly matchings: readonly DayMatching[];
  readonly sideConstraints: readonly SideConstraint[];
  /** Cost multiplier: 1, or larger when stability tie-breaking is on. */
  readonly scale: number;
  /** Per person-day: arc granting that free option, or -1. */
  readonly entryArc: Int32Array;
  /** Per person-day: the entry arc's cost before prices. */
  private readonly entryBaseCost: Float64Array;
  /** Per person-day: coverage in-node, or -1. */
  readonly coverNode: Int32Array;
  /** Per person-day: arc in → out of the coverage node, or -1. */
  readonly throughArc: Int32Array;
  /** Arcs into a person-day's coverage node from a counter-day hub: that person takes over a slot of `counter`. */
  readonly transit: { arc: number; to: number; counter: number }[] = [];
  readonly softExit: { arc: number; personDay: number; counter: number }[] = [];
  readonly bonusArcs: { arc: number; person: number; step: number }[] = [];
  readonly licenceArc: Int32Array;
  /** Per division-day: the capacity arc of its exit node, or -1. */
  readonly terminalArc: Int32Array;
  /** Per division-day: node where its units exit (a terminal node or the day node). */
  readonly exitNode: Int32Array;
  readonly personNode: Int32Array;
  /** Per period group (period-groups.ts): its node, or -1. */
  readonly groupNode: Int32Array;
  /** Arcs into period groups: the goal's units (gain turnWeight) and the rest up to the cap. */
  readonly groupArcs: { arc: number; group: number; goal: boolean }[] = [];
  /** Per side constraint: the arc of each of its person-days (their entry, or a link of a chain). */
  readonly sideArcs: readonly Int32Array[];
  /** Person-days entering through a chain of arcs in series (entry first). */
  private readonly chainArcs = new Map<number, number[]>();
  /** Per day: free options at offices on the internal network (they take no licence). */
  readonly dayOffice: Float64Array;
  /** Per entry arc: the resources of the side constraints it counts in (CSR over entry arcs by person-day). */
  private readonly resourceStart: Int32Array;
  private readonly resourceList: Int32Array;
  readonly source = 0;
  readonly sink = 1;
  readonly returnArc: number;
  private readonly split: SplitOptions;

  constructor(
    readonly prep: Prepared,
    options: NetworkOptions = {},
  ) {
    const nd = prep.dayCount;
    const ns = prep.staffCount;
    const nDiv = prep.divisionCount;
    const pd = ns * nd;
    this.split = options.split ?? DEFAULT_SPLIT;

    const previousCounter = options.stability?.counter;
    this.matchings = Array.from({ length: nd }, (_, d) => {
      let prev: Int32Array | undefined;
      if (previousCounter) {
        prev = new Int32Array(ns);
        for (let i = 0; i < ns; i++) prev[i] = previousCounter[i * nd + d];
      }
      return baseMatching(prep, d, prev);
    });

    // Which person-days need a coverage node: matched people with an option, and everyone
    // their replacement paths can reach.
    const needsNode = new Uint8Array(pd);
    const queue = new Int32Array(ns);
    for (let d = 0; d < nd; d++) {
      const m = this.matchings[d].counterOf;
      let head = 0;
      let tail = 0;
      for (let i = 0; i < ns; i++) {
        if (m[i] >= 0 && prep.option[i * nd + d]) {
          needsNode[i * nd + d] = 1;
          queue[tail++] = i;
        }
      }
      while (head < tail) {
        const x = queue[head++];
        const q = prep.qualified[m[x]];
        for (let k = 0; k < q.length; k++) {
          const y = q[k];
          if (y === x || needsNode[y * nd + d] || !availableOn(prep, y, d)) continue;
          needsNode[y * nd + d] = 1;
          if (m[y] >= 0) queue[tail++] = y;
        }
      }
    }

    // Divisions whose replacement paths meet on a day share one exit (union-find per day).
    const groupOf = new Int32Array(nDiv * nd);
    for (let k = 0; k < groupOf.length; k++) groupOf[k] = k;
    const find = (k: number): number => {
      while (groupOf[k] !== k) {
        groupOf[k] = groupOf[groupOf[k]];
        k = groupOf[k];
      }
      return k;
    };
    for (let d = 0; d < nd; d++) {
      const m = this.matchings[d].counterOf;
      for (let x = 0; x < ns; x++) {
        if (!needsNode[x * nd + d] || m[x] < 0) continue;
        const q = prep.qualified[m[x]];
        for (let k = 0; k < q.length; k++) {
          const y = q[k];
          if (y === x || !needsNode[y * nd + d]) continue;
          const a = find(prep.staffDivision[x] * nd + d);
          const b = find(prep.staffDivision[y] * nd + d);
          if (a !== b) groupOf[a] = b;
        }
      }
    }

    // Terminal caps that can bind: fewer terminals left than telework options that day (days at
    // home or at licence places; office days take no terminal).
    const ext = prep.ext;
    const optionsOf = new Float64Array(nDiv * nd);
    const officeOptions = new Float64Array(nDiv * nd);
    const dayOffice = new Float64Array(nd);
    for (let i = 0; i < ns; i++) {
      for (let d = 0; d < nd; d++) {
        const k = i * nd + d;
        if (!prep.option[k]) continue;
        if (ext.homeLike(k)) optionsOf[prep.staffDivision[i] * nd + d]++;
        else {
          officeOptions[prep.staffDivision[i] * nd + d]++;
          dayOffice[d]++;
        }
      }
    }
    const binding = (k: number) => prep.terminalsLeft[k] < optionsOf[k];
    const groupSize = new Int32Array(nDiv * nd);
    const groupBinding = new Uint8Array(nDiv * nd);
    const groupCap = new Float64Array(nDiv * nd);
    // Office units of a group pass its exit too, so where they mix in, the caps are side constraints.
    // (officeOptions is 0 everywhere for a problem without places: the arcs are as they were.)
    const groupOffice = new Uint8Array(nDiv * nd);
    for (let k = 0; k < nDiv * nd; k++) if (officeOptions[k] > 0) groupOffice[find(k)] = 1;
    for (let k = 0; k < nDiv * nd; k++) {
      const r = find(k);
      groupSize[r]++;
      if (binding(k)) groupBinding[r] = 1;
      // Office units pass the group's exit too: its arc holds them as well (and the caps are
      // then side constraints), which keeps the network's flow near the caps for the LP.
      groupCap[r] += Math.min(prep.terminalsLeft[k], optionsOf[k]) + officeOptions[k];
    }
    const side: SideConstraint[] = [];
    // The free options of each division-day (home-like), place-day and day (home-like), bucketed
    // once, only when some cap needs them.
    let buckets: { term: number[][]; place: number[][]; day: number[][] } | null = null;
    const bucketed = () => {
      if (buckets) return buckets;
      const b = {
        term: Array.from({ length: nDiv * nd }, (): number[] => []),
        place: Array.from({ length: ext.placeCount * nd }, (): number[] => []),
        day: Array.from({ length: nd }, (): number[] => []),
      };
      for (let i = 0; i < ns; i++) {
        for (let d = 0; d < nd; d++) {
          const k = i * nd + d;
          if (!prep.option[k] || prep.staffMax[i] <= prep.pinnedTelework[i]) continue;
          if (ext.homeLike(k)) {
            b.term[prep.staffDivision[i] * nd + d].push(k);
            b.day[d].push(k);
          }
          if (ext.active && ext.placeOf[k] >= 0) b.place[ext.placeOf[k] * nd + d].push(k);
        }
      }
      return (buckets = b);
    };
    for (let D = 0; D < nDiv; D++) {
      for (let d = 0; d < nd; d++) {
        const k = D * nd + d;
        if ((groupSize[find(k)] > 1 || groupOffice[find(k)]) && binding(k)) {
          const personDays = Int32Array.from(bucketed().term[k]);
          side.push({ kind: 'terminals', division: D, day: d, cap: prep.terminalsLeft[k], resource: k, personDays });
        }
      }
    }
    // Desks of places, licences of days that mix in office units, and period caps that cut weeks.
    let resource = nDiv * nd;
    if (ext.active) {
      for (let o = 0; o < ext.placeCount; o++) {
        for (let d = 0; d < nd; d++) {
          const cap = ext.desksLeft[o * nd + d];
          if (bucketed().place[o * nd + d].length > cap) {
            const personDays = Int32Array.from(bucketed().place[o * nd + d]);
            side.push({ kind: 'desks', division: o, day: d, cap, resource: resource + o * nd + d, personDays });
          }
        }
      }
      resource += ext.placeCount * nd;
      for (let d = 0; d < nd; d++) {
        if (dayOffice[d] > 0 && bucketed().day[d].length > prep.licencesLeft[d]) {
          const personDays = Int32Array.from(bucketed().day[d]);
          side.push({ kind: 'licences', division: -1, day: d, cap: prep.licencesLeft[d], resource: resource + d, personDays });
        }
      }
      resource += nd;
      ext.caps.forEach((c, j) => {
        const open = (pk: number) => prep.option[pk] === 1 && prep.staffMax[Math.floor(pk / nd)] > prep.pinnedTelework[Math.floor(pk / nd)];
        const personDays = Int32Array.from(Array.from(c.personDays).filter(open));
        if (personDays.length > c.cap) side.push({ kind: 'period', division: -1, day: -1, cap: c.cap, resource: resource + j, personDays });
      });
    }
    this.sideConstraints = side;
    this.dayOffice = dayOffice;

    // Node numbering.
    let next = 2;
    const dayNode = new Int32Array(nd);
    for (let d = 0; d < nd; d++) dayNode[d] = next++;
    const groupNode = new Int32Array(nDiv * nd).fill(-1);
    for (let k = 0; k < nDiv * nd; k++) if (find(k) === k && groupBinding[k]) groupNode[k] = next++;
    this.exitNode = new Int32Array(nDiv * nd);
    for (let k = 0; k < nDiv * nd; k++) {
      const r = find(k);
      this.exitNode[k] = groupNode[r] >= 0 ? groupNode[r] : dayNode[k % nd];
    }
    this.personNode = new Int32Array(ns).fill(-1);
    const freeOptions = new Int32Array(ns);
    for (let i = 0; i < ns; i++) {
      for (let d = 0; d < nd; d++) freeOptions[i] += prep.option[i * nd + d];
      if (freeOptions[i] > 0 && prep.staffMax[i] > prep.pinnedTelework[i]) this.personNode[i] = next++;
    }
    this.coverNode = new Int32Array(pd).fill(-1);
    for (let k = 0; k < pd; k++) {
      if (needsNode[k]) {
        this.coverNode[k] = next;
        next += 2;
      }
    }

    // One hub per counter-day that someone may leave: its slot passes through the hub to whoever
    // takes it over. Every unit entering the hub comes from a holder of that counter and leaves
    // to someone qualified for it, so any pairing of ins and outs is a valid replacement, and
    // the hub needs holders + qualified arcs instead of holders × qualified.
    const counterDays = prep.counterCount * nd;
    const holders = new Int32Array(counterDays);
    for (let d = 0; d < nd; d++) {
      const m = this.matchings[d].counterOf;
      for (let x = 0; x < ns; x++) if (this.coverNode[x * nd + d] >= 0 && m[x] >= 0) holders[m[x] * nd + d]++;
    }
    const hubNode = new Int32Array(counterDays).fill(-1);
    for (let k = 0; k < counterDays; k++) if (holders[k] > 0) hubNode[k] = next++;
    // Period groups: a node for each group that has something to decide under it.
    const groups = ext.groups;
    const groupReach = new Float64Array(groups.length);
    for (let g = 0; g < groups.length; g++) {
      const grp = groups[g];
      if (grp.lower) {
        for (const i of grp.members) for (const d of grp.days) groupReach[g] += prep.option[i * nd + d];
      } else {
        for (const i of grp.members) {
          if (this.personNode[i] < 0) continue;
          const { from, to } = bonusSteps(prep, i);
          groupReach[g] += to - from;
        }
      }
    }
    this.groupNode = new Int32Array(groups.length).fill(-1);
    for (let g = 0; g < groups.length; g++) if (groupReach[g] > 0) this.groupNode[g] = next++;
    // An option counted by several side constraints enters through a chain of arcs in series, one
    // per constraint: they carry the same unit, and each row of the LP (side-simplex.ts) then has
    // arcs of its own.
    const rowsOf = new Int32Array(pd);
    for (const c of side) for (const k of c.personDays) rowsOf[k]++;
    const chainNode = new Int32Array(pd).fill(-1);
    for (let k = 0; k < pd; k++) {
      if (rowsOf[k] > 1) {
        chainNode[k] = next;
        next += rowsOf[k] - 1;
      }
    }
    // Cost scale: with stability on, every primary cost is multiplied so that the ±1
    // tie-breaks can never outweigh a unit of the real objective.
    const stability = options.stability;
    let entries = 0;
    for (let k = 0; k < pd; k++) entries += prep.option[k];
    this.scale = stability ? 2 * entries + 1 : 1;
    const K = this.scale;

    const ns_ = new NetworkSimplex(next, entries * 3 + ns * 3 + nd * (nDiv + 2) + groups.length * 2 + 16);
    this.flow = ns_;
    this.licenceArc = new Int32Array(nd);
    for (let d = 0; d < nd; d++) {
      // Office units (no licence) pass this arc too: it holds them as well, and the day's licences
      // are then a side constraint.
      const cap = prep.licencesLeft[d] + dayOffice[d];
      this.licenceArc[d] = ns_.addArc(dayNode[d], this.sink, Number.isFinite(cap) ? cap : INFINITE_CAPACITY, 0);
    }
    this.terminalArc = new Int32Array(nDiv * nd).fill(NO_ARC);
    for (let k = 0; k < nDiv * nd; k++) {
      if (groupNode[k] >= 0) this.terminalArc[k] = ns_.addArc(groupNode[k], dayNode[k % nd], groupCap[k], 0);
    }
    for (let k = 0; k < nDiv * nd; k++) if (this.terminalArc[k] === NO_ARC) this.terminalArc[k] = this.terminalArc[find(k)];
    this.returnArc = ns_.addArc(this.sink, this.source, INFINITE_CAPACITY, 0);

    // Period groups: from their parent (the source or a larger group above the person-weeks; a
    // smaller group or the person-week node below), the goal's units first, then the rest of the
    // cap. Groups come parents first.
    const upperTail = (g: number): number =>
      g < 0 ? this.source : this.groupNode[g] >= 0 ? this.groupNode[g] : upperTail(groups[g].parent);
    const lowerTail = (g: number, i: number): number =>
      g < 0 ? this.personNode[i] : this.groupNode[g] >= 0 ? this.groupNode[g] : lowerTail(groups[g].parent, i);
    for (let g = 0; g < groups.length; g++) {
      const node = this.groupNode[g];
      if (node < 0) continue;
      const grp = groups[g];
      const tail = grp.lower ? lowerTail(grp.parent, grp.members[0]) : upperTail(grp.parent);
      if (tail < 0) continue;
      const total = Math.min(grp.capLeft, groupReach[g]);
      const goal = Math.min(grp.goalUnits, total);
      if (goal > 0) this.groupArcs.push({ arc: ns_.addArc(tail, node, goal, -grp.turnWeight * K), group: g, goal: true });
      if (total > goal) this.groupArcs.push({ arc: ns_.addArc(tail, node, total - goal, 0), group: g, goal: false });
    }

    // Person nodes: one arc per spread-bonus step still open after pins. Parallel arcs are used
    // cheapest first, which is exact for a concave bonus and an upper bound otherwise.
    const L = prep.spreadBonus.length;
    let forcing = 0;
    for (let i = 0; i < ns; i++) {
      const p = this.personNode[i];
      if (p < 0) continue;
      const top = ext.active && ext.staffGroup[i] >= 0 ? upperTail(ext.staffGroup[i]) : this.source;
      const { from, to } = bonusSteps(prep, i);
      const regime = bonusNonConcave(prep, i) ? prep.bonusRegime[i] : 0;
      if (regime === REGIME_MORE_THAN_L) {
        // At least L+1 days in all: the steps up to L are forced by an overwhelming gain (the
        // bonus is then constant, added by the evaluation), the rest are free.
        forcing ||= this.forcingGain(K);
        for (let step = from; step < to; step++) {
          this.bonusArcs.push({ arc: ns_.addArc(top, p, 1, step <= L ? -forcing : 0), person: i, step });
        }
        continue;
      }
      const last = regime === REGIME_AT_MOST_L ? Math.min(to, L) : to;
      for (let step = from; step < last; step++) {
        this.bonusArcs.push({ arc: ns_.addArc(top, p, 1, -bonusStep(prep, step) * K), person: i, step });
      }
    }

    // Entries: person → coverage node, or straight to the division's exit.
    this.entryArc = new Int32Array(pd).fill(NO_ARC);
    this.entryBaseCost = new Float64Array(pd);
    for (let i = 0; i < ns; i++) {
      const p = this.personNode[i];
      if (p < 0) continue;
      const D = prep.staffDivision[i];
      for (let d = 0; d < nd; d++) {
        const k = i * nd + d;
        if (!prep.option[k]) continue;
        let cost = -(ext.active && ext.turnOption[k] ? ext.turnDayWeight : prep.weight[k]) * K;
        if (stability) cost += stability.telework[k] ? -1 : 1;
        this.entryBaseCost[k] = cost;
        const to = this.coverNode[k] >= 0 ? this.coverNode[k] : this.exitNode[D * nd + d];
        const from = ext.active && ext.dayGroup[k] >= 0 ? lowerTail(ext.dayGroup[k], i) : p;
        if (chainNode[k] < 0) {
          this.entryArc[k] = ns_.addArc(from, to, 1, cost);
          continue;
        }
        const links = rowsOf[k] - 1;
        this.entryArc[k] = ns_.addArc(from, chainNode[k], 1, cost);
        const chain = [this.entryArc[k]];
        for (let j = 0; j < links; j++) chain.push(ns_.addArc(chainNode[k] + j, j + 1 < links ? chainNode[k] + j + 1 : to, 1, 0));
        this.chainArcs.set(k, chain);
      }
    }
    // Each side constraint's arcs: the entry, or the link of the chain kept for it.
    const used = new Int32Array(pd);
    this.sideArcs = side.map((c) => Int32Array.from(c.personDays, (k) => this.chainArcs.get(k)?.[used[k]++] ?? this.entryArc[k]));

    // The resources each entry counts in, for prices on the side constraints.
    const count = new Int32Array(pd + 1);
    // (Terminal prices go to every home-like entry of the division-day, as they always did.)
    const priced = side.filter((c) => c.kind !== 'terminals');
    for (const c of priced) for (const k of c.personDays) count[k + 1]++;
    for (let k = 0; k < pd; k++) count[k + 1] += count[k];
    this.resourceStart = count;
    this.resourceList = new Int32Array(count[pd]);
    const fill = count.slice(0, pd);
    for (const c of priced) for (const k of c.personDays) this.resourceList[fill[k]++] = c.resource;
    if (options.prices) this.setPrices(options.prices);

    // Coverage graph of each day.
    this.throughArc = new Int32Array(pd).fill(NO_ARC);
    const penalty = prep.penalty * K;
    for (let d = 0; d < nd; d++) {
      const m = this.matchings[d].counterOf;
      for (let x = 0; x < ns; x++) {
        const kx = x * nd + d;
        const node = this.coverNode[kx];
        if (node < 0) continue;
        this.throughArc[kx] = ns_.addArc(node, node + 1, 1, 0);
        const exit = this.exitNode[prep.staffDivision[x] * nd + d];
        if (m[x] < 0) {
          ns_.addArc(node + 1, exit, 1, 0);
          continue;
        }
        this.softExit.push({ arc: ns_.addArc(node + 1, exit, 1, penalty), personDay: kx, counter: m[x] });
        ns_.addArc(node + 1, hubNode[m[x] * nd + d], 1, 0);
      }
      for (let c = 0; c < prep.counterCount; c++) {
        const hub = hubNode[c * nd + d];
        if (hub < 0) continue;
        const q = prep.qualified[c];
        for (let k = 0; k < q.length; k++) {
          const ky = q[k] * nd + d;
          if (this.coverNode[ky] >= 0) this.transit.push({ arc: ns_.addArc(hub, this.coverNode[ky], 1, 0), to: ky, counter: c });
        }
      }
    }
  }

  /** A gain larger than any the rest of the network can make or lose. */
  private forcingGain(K: number): number {
    const prep = this.prep;
    let total = 1;
    let top = 1;
    for (let k = 0; k < prep.weight.length; k++) top = Math.max(top, prep.weight[k] + 1);
    for (const b of prep.spreadBonus) top += Math.abs(b);
    top += prep.ext.turnGain + Math.abs(prep.ext.turnDayWeight);
    // Entries, each at most its weight plus the largest Lagrangian price (see solve.ts).
    for (let k = 0; k < prep.option.length; k++) total += prep.option[k] * 2 * top;
    for (const b of prep.spreadBonus) total += Math.abs(b) * prep.staffCount;
    // Each unit of flow leaves a counter short by at most one person (one exit arc per unit),
    // so the penalty the network can charge is at most penalty × its units (≤ the free options).
    let slots = 0;
    for (let k = 0; k < prep.counterMinimum.length; k++) slots += prep.counterMinimum[k];
    let units = 0;
    for (let k = 0; k < prep.option.length; k++) units += prep.option[k];
    return (total + prep.penalty * Math.min(slots, units)) * K * 4 + K;
  }

  /** The weight of the day's first request that the licences cannot take, by weight alone. */
  private clearingWeight(d: number): number {
    const prep = this.prep;
    const licences = prep.licencesLeft[d];
    if (!Number.isFinite(licences)) return 0;
    const weights: number[] = [];
    for (let i = 0; i < prep.staffCount; i++) if (prep.option[i * prep.dayCount + d]) weights.push(prep.weight[i * prep.dayCount + d]);
    if (weights.length <= licences) return 0;
    weights.sort((a, b) => b - a);
    return Math.max(0, weights[licences]);
  }

  /** Sets a price per telework day on the entries of each side constraint, by resource (Lagrangian multipliers). */
  setPrices(prices: Float64Array): void {
    const { prep } = this;
    const nd = prep.dayCount;
    for (let k = 0; k < this.entryArc.length; k++) {
      const arc = this.entryArc[k];
      if (arc < 0) continue;
      let price = prep.ext.homeLike(k) ? prices[prep.staffDivision[Math.floor(k / nd)] * nd + (k % nd)] : 0;
      for (let r = this.resourceStart[k]; r < this.resourceStart[k + 1]; r++) price += prices[this.resourceList[r]];
      this.flow.setCost(arc, this.entryBaseCost[k] + price * this.scale);
    }
  }

  /** Pivots of the first solve's parts (network-parts.ts), 0 when it was solved whole. */
  partPivots = 0;
  /** Parts of the first solve (0: solved whole). */
  partCount = 0;
  /** Whether the first solve of the whole network started from the parts' union. */
  warmStarted = false;
  private started = false;

  solve(): void {
    let parts: NetworkParts | null = null;
    if (!this.started) {
      this.started = true;
      parts = this.startByParts();
      // Whole: the first basis from shortest paths to the sink (the first solve of a coupled
      // 2,900-staff week: 2,700–4,900 pivots instead of 4,500–6,900).
      if (!parts) this.flow.startFromPaths(this.sink);
    }
    const status = this.flow.solve();
    // Every cycle passes a unit-capacity arc, so the network cannot be unbounded.
    if (status !== 'optimal') throw new Error('rotation network unexpectedly unbounded');
    parts?.finish();
  }

  /**
   * Solves the divisions' pieces apart and starts the whole network from their union
   * (network-parts.ts). The licences are the pieces' only tie to each other: each day's
   * licence arc gets a price, raised until the pieces together fit the day's licences, so the
   * start is close to the optimum and the whole network has little left to do.
   */
  private startByParts(): NetworkParts | null {
    if (this.flow.nodes < this.split.fromNodes) return null;
    const isHub = new Uint8Array(this.flow.nodes);
    isHub[this.source] = 1;
    isHub[this.sink] = 1;
    for (const arc of this.licenceArc) isHub[this.flow.arcSource(arc)] = 1;
    const parts = NetworkParts.split(this.flow, isHub, this.split.partNodes);
    if (!parts) return null;
    parts.solve();
    const prep = this.prep;
    const K = this.scale;
    // A price above every gain a unit can bring empties the day.
    let ceiling = 1;
    for (let k = 0; k < prep.weight.length; k++) ceiling = Math.max(ceiling, prep.weight[k] + 1);
    for (const b of prep.spreadBonus) ceiling += Math.max(0, b);
    ceiling += prep.ext.turnGain;
    const price = new Float64Array(prep.dayCount);
    const usage = (d: number) => parts.hubArcFlow(this.licenceArc[d]);
    const cap = (d: number) => this.flow.arcCap(this.licenceArc[d]);
    // Start each day at the weight of its first request past the licences, then bisect.
    for (let d = 0; d < prep.dayCount; d++) {
      const guess = this.clearingWeight(d);
      if (guess > 0) {
        price[d] = guess;
        parts.setHubArcCost(this.licenceArc[d], guess * K);
      }
    }
    parts.solve();
    // Rounds of bisection on every over- or under-used day at once. Days are substitutes, so
    // one day's price moves the others' usage, and a day whose requests tie at the clearing
    // price cannot meet its licences exactly; a few rounds come close, and the whole network
    // settles the rest.
    const nd = prep.dayCount;
    const lo = new Float64Array(nd);
    const hi = new Float64Array(nd);
    const step = new Float64Array(nd);
    // A part with most of the network is nearly the whole network: re-solving it round after
    // round costs as much as letting the whole network settle the licences, so one round only.
    const rounds = parts.largestPart > GIANT_PART * this.flow.nodes ? 1 : PRICING_ROUNDS;
    for (let round = 0; round < rounds; round++) {
      const active: number[] = [];
      for (let d = 0; d < nd; d++) {
        const over = usage(d) > cap(d);
        if (!over && !(usage(d) < cap(d) && price[d] > 0)) continue;
        // A bracket [lo, hi]: over the licences at lo, within them at hi (-1: not found yet).
        lo[d] = over ? price[d] : -1;
        hi[d] = over ? -1 : price[d];
        step[d] = 1;
        active.push(d);
      }
      if (active.length === 0) break;
      for (;;) {
        let probing = false;
        for (const d of active) {
          let p: number;
          if (hi[d] < 0) p = Math.min(lo[d] + step[d], ceiling);
          else if (lo[d] < 0) p = Math.max(hi[d] - step[d], 0);
          else if (hi[d] - lo[d] > 1) p = Math.floor((lo[d] + hi[d]) / 2);
          else continue;
          step[d] *= 2;
          price[d] = p;
          parts.setHubArcCost(this.licenceArc[d], p * K);
          probing = true;
        }
        if (!probing) break;
        parts.solve();
        for (const d of active) {
          const p = price[d];
          // Units a pin regime forces stay at any price; the overflow start copes with them.
          if (usage(d) <= cap(d) || p >= ceiling) hi[d] = p;
          else lo[d] = p;
          if (hi[d] >= 0 && lo[d] < 0 && p === 0) lo[d] = 0;
        }
      }
      let moved = false;
      for (const d of active) {
        if (price[d] === hi[d]) continue;
        price[d] = hi[d];
        parts.setHubArcCost(this.licenceArc[d], hi[d] * K);
        moved = true;
      }
      if (moved) parts.solve();
    }
    this.partPivots = parts.pivots;
    this.partCount = parts.partCount;
    // When the start cannot be used the whole network starts cold, as exact, only slower.
    this.warmStarted = parts.warmStart();
    return parts;
  }

  /** Reads telework days and counter assignments off the current flow, or off `units` (per arc). */
  extract(units?: Float64Array): PersonDayFlow {
    const prep = this.prep;
    const flowOf = units ? (a: number) => units[a] : (a: number) => this.flow.flow(a);
    const nd = prep.dayCount;
    const pd = prep.staffCount * nd;
    const telework = new Uint8Array(pd);
    const counter = new Int32Array(pd).fill(-1);
    for (let k = 0; k < pd; k++) {
      if (prep.pin[k] === PIN_TELEWORK) telework[k] = 1;
      else if (this.entryArc[k] >= 0 && flowOf(this.entryArc[k]) > 0) telework[k] = 1;
    }
    for (let d = 0; d < nd; d++) {
      const m = this.matchings[d].counterOf;
      for (let i = 0; i < prep.staffCount; i++) if (m[i] >= 0) counter[i * nd + d] = m[i];
    }
    // People the flow moved (teleworking or taking over a slot) leave their base slot...
    for (let k = 0; k < pd; k++) {
      if (this.throughArc[k] >= 0 && flowOf(this.throughArc[k]) > 0) counter[k] = -1;
    }
    // ...and whoever takes over x's slot now serves x's base counter.
    for (const t of this.transit) if (flowOf(t.arc) > 0) counter[t.to] = t.counter;
    return { telework, counter };
  }
}
