import { BLOCK_TOKENS } from '../trace';
import type { Instance } from '../instance';
import {
  argBest,
  type InstanceScore,
  type RouteDecision,
  type RoutedRequest,
  type Router,
  type RouterHooks,
} from './types';

export interface MooncakeParams {
  /**
   * Global cache-aware: an instance fetches the longest prefix held anywhere when it is this many
   * times longer than its own (kvcache_balancing_threshold; assumption 1.2, the paper gives no value).
   */
  readonly global: boolean;
  readonly balancingThreshold: number;
}

/**
 * Mooncake's Conductor, paper Algorithm 1 (FAST'25 "cache-aware"): for every prefill instance
 * estimate `TTFT = T_queue + T_prefill(len, prefix)` and pick the smallest, where T_queue is the
 * prefill time already queued there and the prefix is what that instance holds ("local
 * cache-aware"); with a KV pool (the instance's own DRAM/NVMe, or a shared one) the prefix extends
 * into it at its transfer cost. The global variant also considers the longest prefix in any other
 * instance's HBM and, when it is long enough, adds the time to copy it over the fabric (the copy
 * replicates hot blocks). Loads overlap the compute, so the longer of the two counts.
 */
export function mooncakeRouter(
  params: Partial<MooncakeParams> = {},
  hooks: RouterHooks = {},
): Router {
  const p: MooncakeParams = { global: false, balancingThreshold: 1.2, ...params };
  return {
    name: p.global ? 'mooncake-global' : 'mooncake',
    route(request: RoutedRequest, candidates: readonly Instance[]): RouteDecision {
      const local = candidates.map((c) => c.cache.matchPrefix(request.blocks));
      let holder = 0;
      for (let i = 1; i < candidates.length; i++) if (local[i] > local[holder]) holder = i;
      const best = local[holder];
      const fetches: number[] = [];
      const scores: InstanceScore[] = candidates.map((c, i) => {
        const hbm = local[i];
        let remote = 0;
        let remoteUs = 0;
        if (
          p.global &&
          hooks.transferUs &&
          i !== holder &&
          best > Math.max(1, hbm) * p.balancingThreshold
        ) {
          remote = best - hbm;
          remoteUs = hooks.transferUs(candidates[holder], c, remote);
        }
        const pool = c.pool;
        const pooled = pool ? pool.matchLength(request.blocks, hbm + remote) : 0;
        const cached = Math.min((hbm + remote + pooled) * BLOCK_TOKENS, request.inputTokens - 1);
        const prefillUs = c.stepModel.prefillUs(request.inputTokens, cached);
        const loadUs = Math.max(remoteUs, pool && pooled > 0 ? pool.estimateFetchUs(pooled) : 0);
        const queueUs = Math.max(0, c.queuedPrefillUs);
        // Local only when the remote copy does not pay for itself.
        const localOnly =
          queueUs +
          c.stepModel.prefillUs(
            request.inputTokens,
            Math.min((hbm + pooled) * BLOCK_TOKENS, request.inputTokens - 1),
          );
        const withRemote = queueUs + Math.max(prefillUs, loadUs);
        const useRemote = remote > 0 && withRemote < localOnly;
        fetches.push(useRemote ? remote : 0);
        return {
          instance: c.index,
          score: useRemote ? withRemote : localOnly,
          terms: {
            queueMs: queueUs / 1e3,
            prefillMs: (useRemote ? prefillUs : localOnly - queueUs) / 1e3,
            hbmBlocks: hbm,
            remoteBlocks: useRemote ? remote : 0,
            remoteMs: useRemote ? remoteUs / 1e3 : 0,
            poolBlocks: pooled,
          },
        };
      });
      const pick = argBest(scores, 'lower');
      const fetch =
        fetches[pick] > 0
          ? { fromInstance: candidates[holder].index, blocks: local[holder] }
          : undefined;
      return {
        instance: scores[pick].instance,
        rule: fetch
          ? `smallest estimated TTFT, copying ${fetches[pick]} prefix blocks from instance ${fetch.fromInstance}`
          : 'smallest estimated TTFT (queue + prefill)',
        better: 'lower',
        scores,
        fetch,
      };
    },
  };
}
