import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/**
 * A seeded random source for the generators. Every draw goes through one
 * pure-rand generator, so the same seed always yields the same sequence and a
 * generator never touches `Math.random`.
 */
export class Rng {
  private readonly gen: RandomGenerator;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** An independent stream for one purpose (`org`, `week:2026-W48`, …) of a seed. */
  static derive(seed: number, label: string): Rng {
    return new Rng(hashSeed(`${seed}/${label}`));
  }

  /**
   * A stream for one of many similar labels (`week:2027-W05:t0001`, …). The
   * label's hash goes through a finaliser and the first outputs are skipped:
   * xoroshiro's first draws from nearby seeds are correlated, which matters
   * when every stream is used for only a few draws.
   */
  static stream(seed: number, label: string): Rng {
    const rng = new Rng(fmix32(hashSeed(`${seed}/${label}`)));
    for (let i = 0; i < 4; i++) rng.gen.unsafeNext();
    return rng;
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return unsafeUniformIntDistribution(lo, hi, this.gen);
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return (this.gen.unsafeNext() >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** `k` distinct items in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, k));
  }

  /** Index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    if (total <= 0) return this.int(0, weights.length - 1);
    let x = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Indices drawn without replacement, proportional to weight, in the order drawn. */
  weightedOrder(weights: readonly number[], k: number): number[] {
    const left = weights.slice();
    const order: number[] = [];
    for (let n = 0; n < Math.min(k, weights.length); n++) {
      const i = this.weighted(left);
      order.push(i);
      left[i] = 0;
      // once only zero weights remain, `weighted` falls back to uniform; keep it to unused ones
      if (left.every((w) => w === 0)) {
        const unused = weights.map((_, j) => j).filter((j) => !order.includes(j));
        order.push(...this.shuffle(unused).slice(0, k - order.length));
        break;
      }
    }
    return order;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal with the given mean and log-space spread. */
  lognormal(mean: number, sigma: number): number {
    const mu = Math.log(mean) - (sigma * sigma) / 2;
    return Math.exp(mu + sigma * this.normal());
  }
}

/** FNV-1a of a string, as a 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
