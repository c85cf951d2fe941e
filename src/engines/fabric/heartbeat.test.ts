import { describe, expect, it } from 'vitest';
import { createRng } from '../../sim/rng';
import {
  defaultHeartbeatParams,
  disseminationRounds,
  heartbeatEstimate,
  heartbeatSeries,
  nextProbeAt,
  pushPullIntervalS,
  remainingSuspicionS,
  retransmitLimit,
  sampleGossipDetection,
  scaleAt,
  suspicionTimeoutS,
  swimFirstDetectionS,
  type HeartbeatParams,
} from './heartbeat';

const AT_8K = scaleAt(8192);

describe('memberlist formulas (reference §3.1)', () => {
  it('suspicion timeout at 8,192 members, LAN defaults: 15.7 s min, 93.9 s max', () => {
    // 4 × trunc(log10(8192) × 1000) / 1000 × 1 s = 4 × 3.913 s
    const min = suspicionTimeoutS(4, 8192, 1);
    expect(min).toBeCloseTo(15.652, 9);
    expect(min.toFixed(1)).toBe('15.7');
    expect((6 * min).toFixed(1)).toBe('93.9');
    // Below 10 members the node scale is 1: SuspicionMult × T.
    expect(suspicionTimeoutS(4, 3, 1)).toBe(4);
  });

  it('retransmits 16 and push-pull every 270 s at 8,192', () => {
    expect(retransmitLimit(4, 8192)).toBe(16);
    expect(pushPullIntervalS(30, 8192)).toBe(270);
    expect(pushPullIntervalS(30, 32)).toBe(30);
    expect(pushPullIntervalS(30, 33)).toBe(60);
  });

  it('SWIM first detection ≈ 1.58 T', () => {
    expect(swimFirstDetectionS(1)).toBeCloseTo(1.582, 3);
  });

  it('Lifeguard timer: max with no confirmation, min after k = SuspicionMult − 2', () => {
    expect(remainingSuspicionS(0, 2, 0, 15.652, 93.912)).toBeCloseTo(93.912, 9);
    expect(remainingSuspicionS(2, 2, 0, 15.652, 93.912)).toBeCloseTo(15.652, 9);
    // One confirmation: max − log 2 / log 3 × (max − min)
    expect(remainingSuspicionS(1, 2, 10, 15.652, 93.912)).toBeCloseTo(
      93.912 - (Math.log(2) / Math.log(3)) * (93.912 - 15.652) - 10,
      9,
    );
  });
});

describe('one heartbeat round at 8,192 endpoints (reference §3.2)', () => {
  it('memberlist LAN defaults: ≈ 18 s typical, fails the 5 s target', () => {
    const e = heartbeatEstimate(defaultHeartbeatParams('gossip'), AT_8K);
    expect(e.gossip?.suspicionMinSeconds).toBeCloseTo(15.652, 6);
    expect(e.gossip?.suspicionMaxSeconds).toBeCloseTo(93.912, 6);
    expect(e.gossip?.retransmits).toBe(16);
    expect(e.gossip?.pushPullSeconds).toBe(270);
    // first detect 1.58 + timeout 0.5 + suspicion min 15.65 = 17.73 s ("≈ 18 s typical")
    expect(e.detectionTypicalSeconds).toBeCloseTo(17.734, 3);
    expect(Math.round(e.detectionTypicalSeconds)).toBe(18);
    // first detect + timeout + suspicion max = 96.0 s; the reference rounds this to "≤ 95 s".
    expect(e.detectionSeconds).toBeCloseTo(95.994, 3);
    expect(e.probesPerSecond).toBe(8192);
    expect(e.meetsTarget).toBe(false);
  });

  it('SWIM tuned (T 0.2 s, timeout 0.1 s, mult 1, max mult 2, gossip 100 ms × 3): ≈ 2–3 s', () => {
    const tuned: HeartbeatParams = {
      ...defaultHeartbeatParams('gossip'),
      periodS: 0.2,
      timeoutS: 0.1,
      suspicionMult: 1,
      suspicionMaxTimeoutMult: 2,
      gossipIntervalS: 0.1,
    };
    const e = heartbeatEstimate(tuned, AT_8K);
    expect(e.gossip?.suspicionMinSeconds.toFixed(2)).toBe('0.78');
    expect(e.gossip?.suspicionMaxSeconds.toFixed(2)).toBe('1.57');
    expect(e.gossip?.firstDetectionSeconds).toBeCloseTo(0.316, 3);
    // log4 8192 + ln 8192 / 3 = 6.5 + 3.0 ≈ 9.5 rounds ≈ 1 s at 100 ms
    expect(disseminationRounds(8192, 3)).toBeCloseTo(9.504, 3);
    expect(e.gossip?.disseminationSeconds).toBeCloseTo(0.95, 2);
    expect(e.probesPerSecond).toBe(40960);
    const total = e.detectionTypicalSeconds + (e.gossip?.disseminationSeconds ?? 0);
    expect(total).toBeGreaterThan(2);
    expect(total).toBeLessThan(3);
  });

  it('flat central poller, async: 8,192 × 5 µs + 0.5 ms + 1 s ≈ 1.05 s, passes', () => {
    const e = heartbeatEstimate(defaultHeartbeatParams('flat-async'), AT_8K);
    expect(e.roundSeconds).toBeCloseTo(0.04096 + 0.0005 + 1, 9);
    expect(Math.abs(e.roundSeconds - 1.05)).toBeLessThan(0.01);
    expect(e.messagesAtRootPerRound).toBe(16384);
    expect(e.meetsTarget).toBe(true);
  });

  it('flat central poller, sequential: 8,192 × 0.5 ms = 4.1 s, +1 s per dead endpoint, fails', () => {
    const params = defaultHeartbeatParams('flat-sequential');
    const healthy = heartbeatEstimate(params, AT_8K);
    expect(healthy.roundSeconds).toBeCloseTo(4.096, 9);
    expect(healthy.roundSeconds.toFixed(1)).toBe('4.1');
    expect(heartbeatEstimate(params, AT_8K, 3).roundSeconds).toBeCloseTo(7.096, 9);
    // A failure is seen up to a whole round plus a deadline after it happens.
    expect(healthy.detectionSeconds).toBeCloseTo(5.096, 9);
    expect(healthy.meetsTarget).toBe(false);
  });

  it('hierarchical: 160 agents × 65 endpoints, τ_leaf 200 ms, 160 digests ≈ 2 ms ⇒ 0.2–1.2 s', () => {
    const e = heartbeatEstimate(defaultHeartbeatParams('hierarchical'), AT_8K);
    expect(AT_8K.agents).toBe(160);
    expect(e.roundSeconds).toBeCloseTo(65 * 5e-6 + 0.2 + 0.002, 12);
    expect(e.detectionMinSeconds.toFixed(1)).toBe('0.2');
    expect(e.detectionSeconds.toFixed(1)).toBe('1.2');
    expect(e.messagesAtRootPerRound).toBe(160);
    expect(e.meetsTarget).toBe(true);
    // A shorter period pulls the worst case towards the round time.
    const fast = heartbeatEstimate(
      { ...defaultHeartbeatParams('hierarchical'), periodS: 0.25 },
      AT_8K,
    );
    expect(fast.detectionSeconds).toBeCloseTo(0.25 + e.roundSeconds, 12);
  });

  it('a series over cluster sizes: flat grows linearly, gossip logarithmically, hierarchy stays flat', () => {
    const sizes = [1024, 8192, 65536];
    const flat = heartbeatSeries(defaultHeartbeatParams('flat-sequential'), sizes);
    expect(flat.map((e) => e.roundSeconds)).toEqual([0.512, 4.096, 32.768]);
    const gossip = heartbeatSeries(defaultHeartbeatParams('gossip'), sizes);
    expect(gossip.map((e) => e.gossip?.suspicionMinSeconds)).toEqual([12.04, 15.652, 19.264]);
    const hier = heartbeatSeries(defaultHeartbeatParams('hierarchical'), sizes);
    for (const e of hier) expect(e.detectionSeconds).toBeLessThan(1.25);
    expect(hier[2].detectionSeconds).toBeGreaterThan(hier[0].detectionSeconds);
    expect(heartbeatSeries(defaultHeartbeatParams('flat-async'))).toHaveLength(11);
  });
});

describe('scheduling detections', () => {
  it('nextProbeAt: the first probe at or after t', () => {
    expect(nextProbeAt(0, 0.3, 1)).toBeCloseTo(0.3, 12);
    expect(nextProbeAt(0.3, 0.3, 1)).toBeCloseTo(0.3, 12);
    expect(nextProbeAt(0.31, 0.3, 1)).toBeCloseTo(1.3, 12);
    expect(nextProbeAt(5.5, 0.3, 1)).toBeCloseTo(6.3, 12);
  });

  it('gossip draws average the formula: first suspicion ≈ e/(e−1) T + timeout, declared ≈ + min', () => {
    const params = defaultHeartbeatParams('gossip');
    const rng = createRng(11);
    let suspected = 0;
    let declared = 0;
    const trials = 20_000;
    for (let i = 0; i < trials; i++) {
      const d = sampleGossipDetection(params, 8192, 0, () => rng.next());
      suspected += d.suspectedS;
      declared += d.declaredS;
      expect(d.declaredS).toBeGreaterThanOrEqual(d.suspectedS + 15.652 - 1e-9);
      expect(d.declaredS).toBeLessThanOrEqual(d.suspectedS + 93.912 + 1e-9);
    }
    expect(suspected / trials).toBeCloseTo(swimFirstDetectionS(1) + 0.5, 1);
    // Two confirmations almost always arrive within 15.65 s, so the min timeout governs.
    expect(declared / trials - suspected / trials).toBeCloseTo(15.652, 1);
  });

  it('with too few members for confirmations, or without Lifeguard, the timer is fixed', () => {
    const params = defaultHeartbeatParams('gossip');
    const small = sampleGossipDetection(params, 3, 0, () => 0.5);
    expect(small.declaredS - small.suspectedS).toBeCloseTo(suspicionTimeoutS(4, 3, 1), 9);
    const plain = sampleGossipDetection({ ...params, lifeguard: false }, 8192, 0, () => 0.5);
    expect(plain.declaredS - plain.suspectedS).toBeCloseTo(15.652, 9);
  });
});
