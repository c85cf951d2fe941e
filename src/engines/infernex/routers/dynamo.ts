import type { Rng } from '../../../sim/rng';
import { BLOCK_TOKENS } from '../trace';
import type { Instance } from '../instance';
import { argBest, type InstanceScore, type RoutedRequest, type Router } from './types';

/** NVIDIA Dynamo KV router parameters (reference §3); defaults as documented. */
export interface DynamoParams {
  /** Weight of the blocks still to prefill against the active decode blocks (default 1). */
  readonly overlapScoreWeight: number;
  /** 0: lowest cost wins. > 0: softmax sampling over the normalised costs. */
  readonly temperature: number;
}

export const DYNAMO_DEFAULTS: DynamoParams = { overlapScoreWeight: 1, temperature: 0 };

/** The documented cost: `overlap_score_weight · prefill_blocks + decode_blocks`. */
export function dynamoCost(prefillBlocks: number, decodeBlocks: number, weight = 1): number {
  return weight * prefillBlocks + decodeBlocks;
}

/**
 * Dynamo's KV-aware router: engines publish block stored/removed events, so the router knows each
 * worker's real prefix (here: the instance's own block index); `prefill_blocks` = uncached prompt
 * tokens / block size, `decode_blocks` = blocks of the requests active on the worker.
 */
export function dynamoRouter(rng: Rng, params: Partial<DynamoParams> = {}): Router {
  const p = { ...DYNAMO_DEFAULTS, ...params };
  return {
    name: 'dynamo-kv',
    route(request: RoutedRequest, candidates: readonly Instance[]) {
      const scores: InstanceScore[] = candidates.map((c) => {
        const cached = Math.min(
          c.cache.matchPrefix(request.blocks) * BLOCK_TOKENS,
          request.inputTokens,
        );
        const prefillBlocks = (request.inputTokens - cached) / BLOCK_TOKENS;
        const decodeBlocks = c.activeBlocks;
        return {
          instance: c.index,
          score: dynamoCost(prefillBlocks, decodeBlocks, p.overlapScoreWeight),
          terms: { cachedBlocks: cached / BLOCK_TOKENS, prefillBlocks, decodeBlocks },
        };
      });
      if (p.temperature <= 0) {
        const best = argBest(scores, 'lower');
        return {
          instance: scores[best].instance,
          rule: 'lowest cost (prefill + decode blocks)',
          better: 'lower',
          scores,
        };
      }
      // Softmax over −cost / max cost / temperature.
      const max = Math.max(...scores.map((s) => s.score), 1e-9);
      const weights = scores.map((s) => Math.exp(-s.score / max / p.temperature));
      const total = weights.reduce((a, b) => a + b, 0);
      let x = rng.next() * total;
      let pick = 0;
      for (; pick < weights.length - 1; pick++) {
        x -= weights[pick];
        if (x < 0) break;
      }
      return {
        instance: scores[pick].instance,
        rule: `softmax sample at temperature ${p.temperature}`,
        better: 'lower',
        scores,
      };
    },
  };
}
