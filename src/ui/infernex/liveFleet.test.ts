import { describe, expect, it } from 'vitest';
import { clusterFor } from '../../engines/clusterCache';
import { inProcessHosts } from '../../engines/inProcess';
import { Orchestrator } from '../../sim/orchestrator';
import { scenarioSchema } from '../../sim/scenario';
import { instanceOnNpu, instancesInRange, liveFleet } from './liveFleet';

/** A PD fleet of 8 instances (2 NPUs each) on cab-012, one of its servers down from 20 s. */
const scenario = scenarioSchema.parse({
  version: 1,
  name: 'live fleet',
  profile: 'ub-pod-1k',
  seed: 11,
  durationSeconds: 120,
  engines: {
    infernex: {
      trace: { synthetic: { requests: 1500, ratePerS: 30 } },
      tp: 2,
      instances: 8,
      mode: 'pd',
      placement: 'same-server',
      cabinets: ['cab-012'],
    },
  },
  timeline: [{ atSeconds: 20, kind: 'server-down', target: 'cab-012/srv-1' }],
});
const cluster = clusterFor('ub-pod-1k');

async function frameAt(seconds: number) {
  const hosts = inProcessHosts(scenario);
  const orchestrator = new Orchestrator(hosts.all);
  await orchestrator.load(scenario, []);
  await orchestrator.advanceTo(seconds * 1e6);
  return hosts.infernex!.frame();
}

describe('the live fleet readout', () => {
  it('copies the totals and one row per instance from the frame', async () => {
    const frame = await frameAt(40);
    const fleet = liveFleet(frame);
    expect(fleet.timeUs).toBe(40e6);
    expect(fleet.arrived).toBe(frame.arrived);
    expect(fleet.arrived).toBeGreaterThan(0);
    expect(fleet.arrived).toBe(fleet.completed + fleet.failed + fleet.inFlight);
    expect(fleet.instances).toHaveLength(8);
    // Same-server PD: prefill and decode alternate, two NPUs each, two instances per 4 NPUs.
    expect(fleet.instances.map((i) => i.role)).toEqual([
      'prefill',
      'decode',
      'prefill',
      'decode',
      'prefill',
      'decode',
      'prefill',
      'decode',
    ]);
    const first = 12 * cluster.perCabinet;
    expect(fleet.instances[0].npus).toEqual([first, first + 1]);
    // srv-1 of cab-012 holds instances 4 … 7 (8 NPUs a server, 2 per instance).
    const down = fleet.instances.filter((i) => i.status === 'down').map((i) => i.index);
    expect(down).toEqual([4, 5, 6, 7]);
    expect(fleet.byStatus).toEqual({ serving: 4, down: 4, off: 0, starting: 0 });
    expect(fleet.instancesDown).toBe(4);
    for (const inst of fleet.instances) {
      expect(inst.queue).toBe(frame.instanceQueue[inst.index]);
      expect(inst.kv).toBe(frame.instanceKvUtilisation[inst.index]);
    }
  });

  it('finds the instance on an NPU and the instances of a server', async () => {
    const fleet = liveFleet(await frameAt(10));
    const base = 12 * cluster.perCabinet;
    expect(instanceOnNpu(fleet, base + 5)?.index).toBe(2);
    expect(instanceOnNpu(fleet, base + 16)).toBeUndefined();
    expect(instanceOnNpu(fleet, 0)).toBeUndefined();
    const srv1 = instancesInRange(fleet, base + cluster.perServer, base + 2 * cluster.perServer);
    expect(srv1.map((i) => i.index)).toEqual([4, 5, 6, 7]);
  });
});
