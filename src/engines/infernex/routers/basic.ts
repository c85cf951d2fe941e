import type { Rng } from '../../../sim/rng';
import type { Instance } from '../instance';
import {
  argBest,
  type InstanceScore,
  type RouteDecision,
  type RoutedRequest,
  type Router,
} from './types';

/** Uniformly random: the FAST'25 Fig. 5 "random" baseline. */
export function randomRouter(rng: Rng): Router {
  return {
    name: 'random',
    route(_request, candidates) {
      const pick = rng.int(candidates.length);
      const scores = candidates.map((c) => ({
        instance: c.index,
        score: 1 / candidates.length,
        terms: {},
      }));
      return { instance: candidates[pick].index, rule: 'uniform random', better: 'higher', scores };
    },
  };
}

/** Round-robin over the routable instances, in index order. */
export function roundRobinRouter(): Router {
  let next = 0;
  return {
    name: 'round-robin',
    route(_request, candidates) {
      // Keep the rotation stable when the candidate set changes: the first instance at or after `next`.
      let pick = candidates.findIndex((c) => c.index >= next);
      if (pick < 0) pick = 0;
      next = candidates[pick].index + 1;
      const scores = candidates.map((c, i) => ({
        instance: c.index,
        score: i === pick ? 1 : 0,
        terms: {},
      }));
      return { instance: candidates[pick].index, rule: 'next in turn', better: 'higher', scores };
    },
  };
}

/**
 * Least load as Mooncake's load-balancing baseline measures it: the estimated time to clear the
 * prompts already queued at the instance (T_queue), ties by fewer requests in flight.
 */
export function leastLoadRouter(): Router {
  return {
    name: 'least-load',
    route(_request: RoutedRequest, candidates: readonly Instance[]): RouteDecision {
      const scores: InstanceScore[] = candidates.map((c) => {
        const queueUs = Math.max(0, c.queuedPrefillUs);
        return {
          instance: c.index,
          score: queueUs + c.inFlight * 1e-3,
          terms: { queueMs: queueUs / 1e3, inFlight: c.inFlight },
        };
      });
      const best = argBest(scores, 'lower');
      return {
        instance: scores[best].instance,
        rule: 'shortest estimated prefill queue',
        better: 'lower',
        scores,
      };
    },
  };
}

/** Fewest requests in flight (join the shortest queue by count, vLLM production-stack style). */
export function leastRequestRouter(): Router {
  return {
    name: 'least-request',
    route(_request, candidates) {
      const scores = candidates.map((c) => ({
        instance: c.index,
        score: c.inFlight,
        terms: { inFlight: c.inFlight },
      }));
      const best = argBest(scores, 'lower');
      return {
        instance: scores[best].instance,
        rule: 'fewest requests in flight',
        better: 'lower',
        scores,
      };
    },
  };
}
