import type { Rng } from '../../../sim/rng';
import type { Instance } from '../instance';
import type { InstanceScore, RouteDecision, RoutedRequest, Router } from './types';

/** Scorer weights of an llm-d EPP configuration; each scorer gives [0, 1]. */
export interface ScorerWeights {
  readonly prefix: number;
  readonly kvUtilisation: number;
  readonly queue: number;
  readonly loadAware: number;
}

/** llm-d's "precise prefix cache" sample: prefix 2 : kv-util 1 : queue 1 (reference §3). */
export const LLMD_PRECISE_WEIGHTS: ScorerWeights = {
  prefix: 2,
  kvUtilisation: 1,
  queue: 1,
  loadAware: 0,
};
/** load-aware-scorer: 0.5 with an empty waiting queue, falling linearly to 0 at this depth. */
export const LOAD_AWARE_THRESHOLD = 128;

/** Per-candidate inputs of the scorers: prefix match share, KV use and waiting queue. */
interface RawTerms {
  readonly prefix: Float64Array;
  readonly kvUtilisation: Float64Array;
  readonly waiting: Float64Array;
}

function rawTerms(request: RoutedRequest, candidates: readonly Instance[]): RawTerms {
  const n = candidates.length;
  const prefix = new Float64Array(n);
  const kvUtilisation = new Float64Array(n);
  const waiting = new Float64Array(n);
  const total = Math.max(1, request.blocks.length);
  for (let i = 0; i < n; i++) {
    const c = candidates[i];
    prefix[i] = request.blocks.length > 0 ? c.cache.matchPrefix(request.blocks) / total : 0;
    kvUtilisation[i] = 1 - c.kvUsage;
    waiting[i] = c.waitingCount;
  }
  return { prefix, kvUtilisation, waiting };
}

/** The four scorers over the candidates at `members` (queue scores normalised within them). */
function combine(
  candidates: readonly Instance[],
  raw: RawTerms,
  members: readonly number[],
  w: ScorerWeights,
): InstanceScore[] {
  let minQ = Infinity;
  let maxQ = -Infinity;
  for (const i of members) {
    minQ = Math.min(minQ, raw.waiting[i]);
    maxQ = Math.max(maxQ, raw.waiting[i]);
  }
  return members.map((i) => {
    const q = raw.waiting[i];
    const prefix = raw.prefix[i];
    const kvUtilisation = raw.kvUtilisation[i];
    const queue = maxQ === minQ ? 1 : (maxQ - q) / (maxQ - minQ);
    const loadAware = q === 0 ? 0.5 : Math.max(0, 0.5 * (1 - q / LOAD_AWARE_THRESHOLD));
    const score =
      w.prefix * prefix +
      w.kvUtilisation * kvUtilisation +
      w.queue * queue +
      w.loadAware * loadAware;
    return {
      instance: candidates[i].index,
      score,
      terms: { prefix, kvUtilisation, queue, loadAware },
    };
  });
}

const everyIndex = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The four scorers for every candidate, in candidate order. */
function scoreAll(
  request: RoutedRequest,
  candidates: readonly Instance[],
  w: ScorerWeights,
): InstanceScore[] {
  return combine(candidates, rawTerms(request, candidates), everyIndex(candidates.length), w);
}

/** max-score-picker: shuffles first, so ties break at random. */
function maxScorePick(scores: readonly InstanceScore[], rng: Rng): number {
  let best = -1;
  let bestScore = -Infinity;
  let ties = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i].score;
    if (s > bestScore + 1e-12) {
      best = i;
      bestScore = s;
      ties = 1;
    } else if (Math.abs(s - bestScore) <= 1e-12) {
      // Reservoir sampling over the tied maxima is the same as shuffle-then-take-first.
      ties++;
      if (rng.int(ties) === 0) best = i;
    }
  }
  return best;
}

/**
 * The llm-d inference scheduler (Gateway API Inference Extension EPP): filters → weighted scorers
 * → max-score picker. Prefix matches come from the instances' own block indexes (the precise,
 * KV-event-fed scorer).
 */
export function llmdRouter(rng: Rng, weights: ScorerWeights = LLMD_PRECISE_WEIGHTS): Router {
  return {
    name: 'llm-d',
    route(request, candidates): RouteDecision {
      const scores = scoreAll(request, candidates, weights);
      const pick = maxScorePick(scores, rng);
      return {
        instance: scores[pick].instance,
        rule: 'max weighted score (prefix 2 : kv 1 : queue 1)',
        better: 'higher',
        scores,
      };
    },
  };
}

/** Hermes-router parameters: the scorers plus prompt-length buckets. */
export interface HermesParams {
  readonly weights: ScorerWeights;
  /** Upper bounds of the prompt-length buckets, tokens; the last bucket is unbounded. */
  readonly bucketBounds: readonly number[];
  /** Share of the instances serving each bucket (sums to 1; same length as bounds + 1). */
  readonly bucketShares: readonly number[];
  /**
   * Fall back to every instance ("combined") when the bucket's least-loaded instance has this many
   * more waiting requests than the fleet's (AIBrix's imbalance fast path uses 16).
   */
  readonly fallbackImbalance: number;
}

/**
 * Defaults. The weights are not public (reference §3), so llm-d's precise sample is used; the
 * bucket bound and shares are assumptions: prompts up to 8k tokens on a quarter of the instances.
 */
export const HERMES_DEFAULTS: HermesParams = {
  weights: LLMD_PRECISE_WEIGHTS,
  bucketBounds: [8192],
  bucketShares: [0.25, 0.75],
  fallbackImbalance: 16,
};

/** Which bucket each of `count` instances serves, by index: contiguous ranges sized by share. */
export function bucketOfInstances(count: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let acc = 0;
  for (let b = 0; b < shares.length; b++) {
    acc += shares[b] / total;
    const end = b === shares.length - 1 ? count : Math.max(out.length + 1, Math.round(acc * count));
    while (out.length < Math.min(end, count)) out.push(b);
  }
  return out;
}

/**
 * Hermes-style KV-aware routing (openFuyao InferNex): llm-d scorers (KV-cache match, cache usage,
 * waiting queue) over the instances of the request's prompt-length bucket ("PD bucket"), with a
 * fallback to all instances when the bucket is overloaded or empty.
 */
export function hermesRouter(rng: Rng, params: Partial<HermesParams> = {}): Router {
  const p = { ...HERMES_DEFAULTS, ...params };
  let bucketOf: number[] = [];
  let bucketFor = 0;
  return {
    name: 'hermes',
    route(request, candidates): RouteDecision {
      // Buckets are laid over the candidate set by position, recomputed when its size changes.
      if (bucketFor !== candidates.length) {
        bucketOf = bucketOfInstances(candidates.length, p.bucketShares);
        bucketFor = candidates.length;
      }
      let bucket = p.bucketBounds.findIndex((bound) => request.inputTokens <= bound);
      if (bucket < 0) bucket = p.bucketBounds.length;
      const raw = rawTerms(request, candidates);
      const inBucket: number[] = [];
      let minAll = Infinity;
      let minBucket = Infinity;
      for (let i = 0; i < candidates.length; i++) {
        minAll = Math.min(minAll, raw.waiting[i]);
        if (bucketOf[i] !== bucket) continue;
        inBucket.push(i);
        minBucket = Math.min(minBucket, raw.waiting[i]);
      }
      let members = inBucket;
      let rule = `bucket ${bucket} (prompt ${request.inputTokens} tokens)`;
      if (inBucket.length === 0) {
        members = everyIndex(candidates.length);
        rule = `bucket ${bucket} empty: combined`;
      } else if (minBucket - minAll >= p.fallbackImbalance) {
        members = everyIndex(candidates.length);
        rule = `bucket ${bucket} overloaded (${minBucket} vs ${minAll} waiting): combined`;
      }
      const poolScores = combine(candidates, raw, members, p.weights);
      const pick = maxScorePick(poolScores, rng);
      const chosen = poolScores[pick].instance;
      // Explain over every candidate: those outside the pool score 0, with their terms shown.
      const byInstance = new Map(poolScores.map((s) => [s.instance, s] as const));
      const all =
        members.length === candidates.length
          ? poolScores
          : combine(candidates, raw, everyIndex(candidates.length), p.weights).map(
              (s) =>
                byInstance.get(s.instance) ?? {
                  ...s,
                  score: 0,
                  terms: { ...s.terms, outsideBucket: 1 },
                },
            );
      return {
        instance: chosen,
        rule: `${rule}; max weighted score`,
        better: 'higher',
        scores: all,
      };
    },
  };
}
