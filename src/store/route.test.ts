import { describe, expect, it } from 'vitest';
import type { RouteResult } from '../engines/fabric/routing';
import { sameRoute } from './route';

const ok = (nodes: number[], latencyUs = 10.76): RouteResult => ({
  ok: true,
  from: nodes[0],
  to: nodes[nodes.length - 1],
  nodes,
  links: nodes.slice(1).map((_, i) => i),
  hops: nodes.length - 1,
  latencyUs,
  bottleneckGBps: 112,
  bytes: 1 << 20,
  method: 'structured',
});

describe('sameRoute', () => {
  it('matches answers that draw and read the same', () => {
    expect(sameRoute(ok([1, 2, 3]), ok([1, 2, 3]))).toBe(true);
    expect(sameRoute(ok([1, 2, 3]), ok([1, 4, 3]))).toBe(false);
    expect(sameRoute(ok([1, 2, 3]), ok([1, 2, 3], 11))).toBe(false);
    expect(sameRoute({ ok: false, reason: 'down' }, { ok: false, reason: 'down' })).toBe(true);
    expect(sameRoute({ ok: false, reason: 'down' }, ok([1, 2]))).toBe(false);
  });
});
