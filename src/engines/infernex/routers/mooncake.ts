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
 * cache-aware"): its HBM, extended into its KV pool (its own DRAM/NVMe, or a shared one) at the
 * pool's transfer cost. The global variant also considers the longest prefix any other instance
 * holds — in HBM or in its own pool, since Algorithm 1 matches against each prefill instance's
 * cache keys and Mooncake keeps every prefill's KV in the node's DRAM store — and, when it is long
 * enough, adds the time to copy it over (the copy replicates hot blocks). Loads overlap the
 * compute, so the longer of the two counts.
 */
export function mooncakeRouter(
  params: Partial<MooncakeParams> = {},
  hooks: RouterHooks = {},
): Router {
  const p: MooncakeParams = { global: false, balancingThreshold: 1.2, ...params };
  return {
    name: p.global ? 'mooncake-global' : 'mooncake',
    route(request: RoutedRequest, candidates: readonly Instance[]): RouteDecision {
      const hbmOf = candidates.map((c) => c.cache.matchPrefix(request.blocks));
      const heldOf = candidates.map(
        (c, i) => hbmOf[i] + (c.pool ? c.pool.matchLength(request.blocks, hbmOf[i]) : 0),
      );
      let holder = 0;
      for (let i = 1; i < candidates.length; i++) if (heldOf[i] > heldOf[holder]) holder = i;
      const best = heldOf[holder];
      const source = candidates[holder];
      const fetches: number[] = [];
      const scores: InstanceScore[] = candidates.map((c, i) => {
        const hbm = hbmOf[i];
        const held = heldOf[i];
        const pool = c.pool;
        const cachedOf = (blocks: number) =>
          Math.min(blocks * BLOCK_TOKENS, request.inputTokens - 1);
        const queueUs = Math.max(0, c.queuedPrefillUs);
        const ownPoolUs = pool && held > hbm ? pool.estimateFetchUs(held - hbm) : 0;
        const localPrefillUs = c.stepModel.prefillUs(request.inputTokens, cachedOf(held));
        const localOnly = queueUs + Math.max(localPrefillUs, ownPoolUs);
        let remote = 0;
        let remoteUs = 0;
        if (
          p.global &&
          hooks.transferUs &&
          i !== holder &&
          source.pool !== pool &&
          best > Math.max(1, held) * p.balancingThreshold
        ) {
          remote = best - held;
          // The holder's HBM part crosses the fabric; the part in its DRAM store is read over RDMA
          // at the store's rate. Both share the holder's NICs, so the times add.
          const fromHbm = Math.max(0, Math.min(hbmOf[holder], best) - held);
          remoteUs =
            (fromHbm > 0 ? hooks.transferUs(source, c, fromHbm) : 0) +
            (remote > fromHbm && source.pool ? source.pool.estimateFetchUs(remote - fromHbm) : 0);
        }
        const remotePrefillUs = c.stepModel.prefillUs(request.inputTokens, cachedOf(best));
        const withRemote = queueUs + Math.max(remotePrefillUs, remoteUs, ownPoolUs);
        // Local only when the remote copy does not pay for itself.
        const useRemote = remote > 0 && withRemote < localOnly;
        fetches.push(useRemote ? remote : 0);
        const score = useRemote ? withRemote : localOnly;
        return {
          instance: c.index,
          score,
          terms: {
            queueMs: queueUs / 1e3,
            prefillMs: (useRemote ? remotePrefillUs : localPrefillUs) / 1e3,
            hbmBlocks: hbm,
            poolBlocks: held - hbm,
            remoteBlocks: useRemote ? remote : 0,
            remoteMs: useRemote ? remoteUs / 1e3 : 0,
          },
        };
      });
      const pick = argBest(scores, 'lower');
      const fetch = fetches[pick] > 0 ? { fromInstance: source.index, blocks: best } : undefined;
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
