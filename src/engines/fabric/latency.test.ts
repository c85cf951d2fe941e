import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile, parseNode } from '../../model';
import { compareLatency, tcpPathLatencyUs, TCP_PATH } from './latency';

const superNode = buildCluster(getProfile('ub-supernode-8k'));
const node = (id: string) => {
  const p = parseNode(superNode, id);
  if (!p.ok) throw new Error(p.reason);
  return p.node;
};

describe('URMA against TCP/IP on the same route', () => {
  it('a small message across pods: 1.4 µs against ≈ 18.4 µs, about 92 % lower', () => {
    const c = compareLatency(
      superNode,
      undefined,
      node('cab-000/srv-0/npu-0'),
      node('cab-100/srv-2/npu-3'),
      0,
    );
    if (!('urmaUs' in c)) throw new Error(c.reason);
    expect(c.hops).toBe(4);
    expect(c.urmaUs).toBeCloseTo(1.4, 12);
    expect(c.tcpUs).toBeCloseTo(2 * TCP_PATH.stackUsPerEnd + 4 * TCP_PATH.switchHopUs, 12);
    expect(c.reduction).toBeGreaterThan(0.9);
    expect(c.speedup).toBeCloseTo(18.4 / 1.4, 9);
  });

  it('for 1 MiB the bandwidth term dominates, and TCP loses its goodput share', () => {
    const bytes = 1 << 20;
    expect(tcpPathLatencyUs(1, 56, bytes)).toBeCloseTo(16 + 0.6 + bytes / (56 * 0.9 * 1e3), 9);
    const c = compareLatency(
      superNode,
      undefined,
      node('cab-000/srv-0/npu-0'),
      node('cab-000/srv-0/npu-1'),
      bytes,
    );
    if (!('urmaUs' in c)) throw new Error(c.reason);
    expect(c.speedup).toBeGreaterThan(1.1);
    expect(c.speedup).toBeLessThan(2);
  });

  it('reports an unroutable pair', () => {
    expect(compareLatency(superNode, undefined, 3, 3, 0)).toMatchObject({ ok: false });
  });
});
