import { BLOCK_TOKENS } from '../trace';
import type { Instance } from '../instance';
import type { InstanceScore, RoutedRequest, Router } from './types';

/** SGLang router `cache_aware` parameters; defaults are the CLI's (reference §3). */
export interface SglangParams {
  readonly cacheThreshold: number;
  readonly balanceAbsThreshold: number;
  readonly balanceRelThreshold: number;
  readonly evictionIntervalS: number;
  /** Per-tenant tree size limit, characters. */
  readonly maxTreeSizeChars: number;
  /** The tree is over text; traces carry tokens, so characters ≈ 4 per token (as llm-d estimates). */
  readonly charsPerToken: number;
}

export const SGLANG_DEFAULTS: SglangParams = {
  cacheThreshold: 0.3,
  balanceAbsThreshold: 64,
  balanceRelThreshold: 1.5,
  evictionIntervalS: 120,
  maxTreeSizeChars: 2 ** 26,
  charsPerToken: 4,
};

/**
 * SGLang's cache-aware router. It keeps an approximate prefix tree of what it has routed (not of
 * what engines hold), one set of tenants per node, and:
 *  1. if loads (requests in flight) are imbalanced — max − min > abs and max > rel · min — sends
 *     the request to the least-loaded worker;
 *  2. else if the longest prefix match covers more than `cacheThreshold` of the prompt, to the
 *     worker with that match;
 *  3. else to the worker with the smallest tree (the most free cache, as its code does).
 * The tree is pruned every `evictionIntervalS` to `maxTreeSizeChars` per tenant, least recently
 * used leaves first. Here a tree node is a 512-token block of the trace's chained hashes.
 */
export function sglangRouter(params: Partial<SglangParams> = {}): Router {
  const p = { ...SGLANG_DEFAULTS, ...params };
  /** Block → tenants (instance indices) that have it. */
  const tenantsOf = new Map<number, Set<number>>();
  /** Per tenant: its blocks, least recently routed first, and their characters. */
  const lruOf = new Map<number, Map<number, number>>();
  const charsOf = new Map<number, number>();
  let lastEvictionUs = 0;

  const evictIfDue = (nowUs: number) => {
    if (nowUs - lastEvictionUs < p.evictionIntervalS * 1e6) return;
    lastEvictionUs = nowUs;
    for (const [tenant, lru] of lruOf) {
      let chars = charsOf.get(tenant) ?? 0;
      for (const [block, c] of lru) {
        if (chars <= p.maxTreeSizeChars) break;
        lru.delete(block);
        const tenants = tenantsOf.get(block);
        tenants?.delete(tenant);
        if (tenants?.size === 0) tenantsOf.delete(block);
        chars -= c;
      }
      charsOf.set(tenant, chars);
    }
  };

  return {
    name: 'sglang-cache-aware',
    route(request: RoutedRequest, candidates: readonly Instance[], nowUs: number) {
      evictIfDue(nowUs);
      let minLoad = Infinity;
      let maxLoad = -Infinity;
      let minLoadAt = 0;
      for (let i = 0; i < candidates.length; i++) {
        const load = candidates[i].inFlight;
        if (load < minLoad) {
          minLoad = load;
          minLoadAt = i;
        }
        maxLoad = Math.max(maxLoad, load);
      }
      // Prefix match of every candidate: leading blocks whose tenant set contains it.
      const matched = new Array<number>(candidates.length).fill(0);
      let alive = candidates.length;
      for (let b = 0; b < request.blocks.length && alive > 0; b++) {
        const tenants = tenantsOf.get(request.blocks[b]);
        alive = 0;
        for (let i = 0; i < candidates.length; i++) {
          if (matched[i] !== b) continue;
          if (tenants?.has(candidates[i].index)) {
            matched[i]++;
            alive++;
          }
        }
      }
      let longestAt = 0;
      for (let i = 1; i < candidates.length; i++) {
        const d = matched[i] - matched[longestAt];
        if (d > 0 || (d === 0 && candidates[i].inFlight < candidates[longestAt].inFlight))
          longestAt = i;
      }
      const matchRate = Math.min(
        1,
        (matched[longestAt] * BLOCK_TOKENS) / Math.max(1, request.inputTokens),
      );
      const imbalanced =
        maxLoad - minLoad > p.balanceAbsThreshold && maxLoad > p.balanceRelThreshold * minLoad;
      let pick: number;
      let rule: string;
      if (imbalanced) {
        pick = minLoadAt;
        rule = `imbalanced (load ${maxLoad} vs ${minLoad}): least load`;
      } else if (matchRate > p.cacheThreshold) {
        pick = longestAt;
        rule = `prefix match ${matchRate.toFixed(2)} > ${p.cacheThreshold}: longest match`;
      } else {
        pick = 0;
        for (let i = 1; i < candidates.length; i++)
          if ((charsOf.get(candidates[i].index) ?? 0) < (charsOf.get(candidates[pick].index) ?? 0))
            pick = i;
        rule = `prefix match ${matchRate.toFixed(2)} ≤ ${p.cacheThreshold}: smallest tree`;
      }
      const scores: InstanceScore[] = candidates.map((c, i) => ({
        instance: c.index,
        score: i === pick ? 1 : 0,
        terms: {
          matchedBlocks: matched[i],
          matchRate: Math.min(1, (matched[i] * BLOCK_TOKENS) / Math.max(1, request.inputTokens)),
          inFlight: c.inFlight,
          treeChars: charsOf.get(c.index) ?? 0,
        },
      }));
      return { instance: candidates[pick].index, rule, better: 'higher', scores };
    },
    routed(request, instance) {
      const tenant = instance.index;
      let lru = lruOf.get(tenant);
      if (!lru) lruOf.set(tenant, (lru = new Map()));
      let chars = charsOf.get(tenant) ?? 0;
      // Touch tail first so the head of the prefix is the most recent: leaves are evicted first.
      for (let b = request.blocks.length - 1; b >= 0; b--) {
        const block = request.blocks[b];
        let tenants = tenantsOf.get(block);
        if (!tenants) tenantsOf.set(block, (tenants = new Set()));
        const c = Math.min(BLOCK_TOKENS, request.inputTokens - b * BLOCK_TOKENS) * p.charsPerToken;
        if (!tenants.has(tenant)) {
          tenants.add(tenant);
          chars += c;
        }
        lru.delete(block);
        lru.set(block, c);
      }
      charsOf.set(tenant, chars);
    },
    forget(instance) {
      const lru = lruOf.get(instance);
      if (lru) for (const block of lru.keys()) tenantsOf.get(block)?.delete(instance);
      lruOf.delete(instance);
      charsOf.delete(instance);
    },
  };
}
