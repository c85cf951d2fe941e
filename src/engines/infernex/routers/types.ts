import type { Instance } from '../instance';

/** What a router sees of a request: its length and prefix blocks (never its text). */
export interface RoutedRequest {
  readonly id: number;
  readonly inputTokens: number;
  readonly blocks: readonly number[];
}

/** One candidate's score and the terms it was made of, so every decision can be explained. */
export interface InstanceScore {
  readonly instance: number;
  readonly score: number;
  readonly terms: Readonly<Record<string, number>>;
}

export interface RouteDecision {
  /** Chosen instance index (cluster-wide instance index). */
  readonly instance: number;
  /** The rule that decided, in words (e.g. "imbalanced: least load", "cache hit 0.62 > 0.3"). */
  readonly rule: string;
  /** Whether the policy picks the lowest or the highest score. */
  readonly better: 'lower' | 'higher';
  readonly scores: readonly InstanceScore[];
  /** Mooncake global cache-aware: copy this many leading blocks from another instance's HBM first. */
  readonly fetch?: { readonly fromInstance: number; readonly blocks: number };
}

/** What the simulation tells routers about the fabric between instances. */
export interface RouterHooks {
  /** Time to copy `blocks` KV blocks from one instance's HBM to another's, µs. */
  readonly transferUs?: (from: Instance, to: Instance, blocks: number) => number;
}

export const POLICY_NAMES = [
  'random',
  'round-robin',
  'least-load',
  'least-request',
  'sglang-cache-aware',
  'dynamo-kv',
  'llm-d',
  'hermes',
  'mooncake',
  'mooncake-global',
] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export const isPolicyName = (x: string): x is PolicyName =>
  (POLICY_NAMES as readonly string[]).includes(x);

/**
 * A routing policy. `route` gets the routable candidates (never empty) and must not mutate them;
 * `routed` tells the policy where the request went (for router-side state such as SGLang's tree).
 */
export interface Router {
  readonly name: PolicyName;
  route(request: RoutedRequest, candidates: readonly Instance[], nowUs: number): RouteDecision;
  routed?(request: RoutedRequest, instance: Instance, nowUs: number): void;
  /** An instance left the fleet (failure, scale-in): forget what the router knew of it. */
  forget?(instance: number): void;
}

/** Index of the lowest (or highest) score; ties go to the earliest candidate. */
export function argBest(scores: readonly InstanceScore[], better: 'lower' | 'higher'): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) {
    const d = scores[i].score - scores[best].score;
    if (better === 'lower' ? d < 0 : d > 0) best = i;
  }
  return best;
}
