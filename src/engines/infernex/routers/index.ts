import type { Rng } from '../../../sim/rng';
import { leastLoadRouter, leastRequestRouter, randomRouter, roundRobinRouter } from './basic';
import { dynamoRouter } from './dynamo';
import { hermesRouter, llmdRouter } from './llmd';
import { mooncakeRouter } from './mooncake';
import { sglangRouter } from './sglang';
import type { PolicyName, Router, RouterHooks } from './types';

export * from './types';
export { leastLoadRouter, leastRequestRouter, randomRouter, roundRobinRouter } from './basic';
export { DYNAMO_DEFAULTS, dynamoCost, dynamoRouter } from './dynamo';
export {
  bucketOfInstances,
  HERMES_DEFAULTS,
  hermesRouter,
  LLMD_PRECISE_WEIGHTS,
  llmdRouter,
} from './llmd';
export { mooncakeRouter } from './mooncake';
export { SGLANG_DEFAULTS, sglangRouter } from './sglang';

/** One-line descriptions for help texts and the console. */
export const POLICY_DESCRIPTIONS: Readonly<Record<PolicyName, string>> = {
  random: 'uniformly random instance',
  'round-robin': 'next instance in turn',
  'least-load': 'shortest estimated prefill queue (Mooncake load-balancing baseline)',
  'least-request': 'fewest requests in flight',
  'sglang-cache-aware': 'SGLang approximate prefix tree, cache threshold 0.3, balance 64 / 1.5',
  'dynamo-kv': 'Dynamo cost: prefill blocks + active decode blocks, lowest wins',
  'llm-d': 'llm-d scorers prefix 2 : kv-utilisation 1 : queue 1, max score',
  hermes: 'Hermes KV-aware: llm-d scorers within prompt-length buckets, combined fallback',
  mooncake:
    'Mooncake Conductor (local cache-aware): smallest estimated TTFT = queue + prefill after the prefix hit',
  'mooncake-global':
    'Mooncake Conductor (global cache-aware): also copies the longest prefix from another instance when that pays',
};

/** A router of the named policy with its published defaults; randomness from `rng` only. */
export function createRouter(name: PolicyName, rng: Rng, hooks: RouterHooks = {}): Router {
  switch (name) {
    case 'random':
      return randomRouter(rng);
    case 'round-robin':
      return roundRobinRouter();
    case 'least-load':
      return leastLoadRouter();
    case 'least-request':
      return leastRequestRouter();
    case 'sglang-cache-aware':
      return sglangRouter();
    case 'dynamo-kv':
      return dynamoRouter(rng);
    case 'llm-d':
      return llmdRouter(rng);
    case 'hermes':
      return hermesRouter(rng);
    case 'mooncake':
      return mooncakeRouter({ global: false }, hooks);
    case 'mooncake-global':
      return mooncakeRouter({ global: true }, hooks);
  }
}
