import { describe, expect, it } from 'vitest';
import drillJson from '../../scenarios/fault-drill.json';
import { Orchestrator } from '../../sim/orchestrator';
import {
  formatScenarioErrors,
  validateScenario,
  validateScenarioAgainstCluster,
} from '../../sim/scenarioIo';
import type { FabricFrame } from '../../sim/frame';
import { clusterFor } from '../clusterCache';
import { inProcessHosts } from '../inProcess';

const parsed = validateScenario(drillJson);
if (!parsed.ok) throw new Error(formatScenarioErrors(parsed.errors));
const drill = parsed.scenario;

async function at(targets: readonly number[]) {
  const hosts = inProcessHosts();
  const orchestrator = new Orchestrator(hosts.all);
  await orchestrator.load(drill, []);
  for (const t of targets) await orchestrator.advanceTo(t);
  const frame = (await hosts.fabric.frame()) as FabricFrame;
  return { digest: await orchestrator.digest(), frame };
}

describe('the fault-drill scenario', () => {
  it('is valid against the 8K super-node and labels its numbers as assumptions', () => {
    expect(validateScenarioAgainstCluster(drill, clusterFor(drill.profile))).toEqual([]);
    expect(drill.description).toMatch(/illustrative assumptions/);
  });

  it('replays to the same state in one go, in uneven steps, and after seeking back', async () => {
    const target = 700e6;
    const oneGo = await at([target]);
    const steps = await at(Array.from({ length: 20 }, (_, i) => Math.min(target, (i + 1) * 37e6)));
    const seek = await at([900e6, 100e6, target]);
    expect(steps.digest).toBe(oneGo.digest);
    expect(seek.digest).toBe(oneGo.digest);
    expect(steps.frame.faults).toEqual(oneGo.frame.faults);
    expect(seek.frame.faults).toEqual(oneGo.frame.faults);
  });

  it('walks every fault through its life cycle by 30 minutes', async () => {
    const { frame } = await at([1800e6]);
    const faults = frame.faults ?? [];
    expect(faults.map((f) => f.kind)).toEqual([
      'npu-fail',
      'link-fail',
      'link-degrade',
      'link-flap',
      'server-down',
      'agent-loss',
      'npu-fail',
      'switch-down',
      'cabinet-power-loss',
      'pod-cut',
      'link-fail',
      'link-fail',
      'link-fail',
    ]);
    for (const f of faults) {
      expect(f.active).toBe(false);
      expect(f.current).toBe('repaired');
      const steps = f.steps.map((s) => s.step);
      expect(steps).toContain('detected');
      if (f.kind !== 'agent-loss') expect(steps).toContain('rerouted');
      for (let i = 1; i < f.steps.length; i++)
        expect(f.steps[i].timeUs).toBeGreaterThanOrEqual(f.steps[i - 1].timeUs);
    }
    // The NPU that failed under a lost agent is detected only once the agent is back (9 min).
    const hidden = faults[6];
    const detected = hidden.steps.find((s) => s.step === 'detected')?.timeUs ?? 0;
    expect(detected).toBeGreaterThan(540e6);
    expect(detected).toBeLessThan(540e6 + 1.21e6);
    expect(faults[0].backup).toBe('cab-017/bak-0');
    expect(faults[4].granularity).toBe('server');
    expect(frame.heartbeat?.detections).toBe(13);
    expect(frame.traffic?.unroutableFlows).toBe(0);
    expect(frame.traffic?.reroutedFlows).toBe(0);
  });
});
