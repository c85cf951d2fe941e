import { describe, expect, it } from 'vitest';
import { buildCluster, cabinetId, getProfile } from '../model';
import { servingConfig, servingErrors } from '../engines/infernex/serving';
import { InferNexSim } from '../engines/infernex/simulator';
import { engineStream } from '../sim/rng';
import { scheduleTimeline } from '../sim/timeline';
import {
  expandCabinetRanges,
  formatScenarioErrors,
  serializeScenario,
  validateScenario,
  validateScenarioAgainstCluster,
} from '../sim/scenarioIo';
import defaultJson from './default.json';
import {
  DEFAULT_SCENARIO_ID,
  defaultScenario,
  findLibraryScenario,
  SCENARIO_LIBRARY,
} from './index';

describe('scenario library', () => {
  it('lists default first, then pod, lab and serving, with unique ids', () => {
    const ids = SCENARIO_LIBRARY.map((e) => e.id);
    expect(ids.slice(0, 4)).toEqual(['default', 'pod', 'lab', 'serving']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(DEFAULT_SCENARIO_ID).toBe('default');
    expect(SCENARIO_LIBRARY.slice(0, 4).map((e) => e.scenario.profile)).toEqual([
      'ub-supernode-8k',
      'ub-pod-1k',
      'ub-lab-1cab',
      'ub-pod-1k',
    ]);
    // Only the serving scenario runs InferNex: the default console opens with the fabric alone.
    expect(SCENARIO_LIBRARY.filter((e) => e.scenario.engines?.infernex).map((e) => e.id)).toEqual([
      'serving',
    ]);
  });

  for (const { id, scenario } of SCENARIO_LIBRARY) {
    it(`${id}.json is valid against its profile's cluster`, () => {
      const cluster = buildCluster(getProfile(scenario.profile));
      const errors = [
        ...validateScenarioAgainstCluster(scenario, cluster),
        ...servingErrors(scenario, cluster),
      ];
      expect(formatScenarioErrors(errors)).toBe('');
      expect(scenario.description).toMatch(/illustrative assumptions/);
      expect(scenario.timeline.length).toBeGreaterThan(0);
      // Files are already in the canonical v1 form: no migration happened.
      expect(validateScenario(JSON.parse(serializeScenario(scenario)))).toEqual({
        ok: true,
        scenario,
      });
    });
  }

  it('serving.json says where its fleet runs: the cabinets it is given and those it fills', () => {
    const scenario = findLibraryScenario('serving')!;
    const cluster = buildCluster(getProfile(scenario.profile));
    const settings = scenario.engines!.infernex!;
    // Placement without the trace: the same config the engine runs, checked like servingErrors does.
    const config = servingConfig(scenario, cluster, settings);
    const sim = new InferNexSim(cluster, config, [], engineStream(scenario.seed, 'infernex'));
    const filled = [...new Set(sim.instances.map((i) => cabinetId(cluster.npuCabinet[i.npus[0]])))];
    expect(filled).toEqual(['cab-012', 'cab-013']);
    expect(settings.cabinets).toEqual(['cab-012..cab-015']);
    expect(scenario.description).toContain('given cab-012 … cab-015');
    expect(scenario.description).toContain(`fill ${filled.join(' and ')}`);
    expect(scenario.description).toContain('leave cab-014 … cab-015 spare');
  });

  it('findLibraryScenario finds by id', () => {
    expect(findLibraryScenario('lab')?.profile).toBe('ub-lab-1cab');
    expect(findLibraryScenario('nope')).toBeUndefined();
  });
});

describe('the default scenario', () => {
  const scenario = defaultScenario();
  const cluster = buildCluster(getProfile(scenario.profile));
  const cabinetsOf = (workload: string) => {
    const w = scenario.workloads.find((x) => x.id === workload);
    if (!w) throw new Error(`no workload ${workload}`);
    const expanded = expandCabinetRanges(cluster, w.cabinets);
    if ('error' in expanded) throw new Error(expanded.error);
    return expanded.cabinets;
  };

  it('is the UB super-node at work, seeded and an hour long', () => {
    expect(scenario.name).toBe('UB super-node at work');
    expect(scenario.profile).toBe('ub-supernode-8k');
    expect(scenario.seed).toBe(20261124);
    expect(scenario.durationSeconds).toBe(3600);
    expect(scenario.version).toBe(1);
  });

  it('trains on pods 0–5, serves on cab-096…cab-119, leaves cab-120…cab-127 idle', () => {
    const training = cabinetsOf('llm-pretrain');
    const serving = cabinetsOf('chat-inference');
    expect(training.length).toBe(96);
    expect(new Set(training.map((c) => cluster.cabinetPod[c]))).toEqual(
      new Set([0, 1, 2, 3, 4, 5]),
    );
    expect(serving).toEqual(Array.from({ length: 24 }, (_, i) => 96 + i));
    const busy = new Set([...training, ...serving]);
    const idle = Array.from({ length: 128 }, (_, c) => c).filter((c) => !busy.has(c));
    expect(idle).toEqual([120, 121, 122, 123, 124, 125, 126, 127]);
    // 96 + 24 cabinets × 64 NPUs busy: 7,680 of 8,192.
    expect(busy.size * cluster.perCabinet).toBe(7680);
  });

  it('has workloads with the intended shape', () => {
    const [train, serve] = scenario.workloads;
    expect(train).toMatchObject({
      kind: 'training',
      utilisation: 0.82,
      hbmGB: 118,
      stepSeconds: 4.2,
    });
    expect(train).toMatchObject({ commFraction: 0.25, commLinkLoad: 0.7 });
    expect(serve).toMatchObject({
      kind: 'inference',
      utilisation: 0.45,
      hbmGB: 96,
      stepSeconds: 0.05,
    });
    expect(serve).toMatchObject({ commFraction: 0.1, commLinkLoad: 0.2 });
    for (const w of scenario.workloads)
      expect(w.hbmGB).toBeLessThan(cluster.profile.accelerator.hbmGB.value);
  });

  it('has a timeline the clock can show: fail, link down, repair, load rise', () => {
    const scheduled = scheduleTimeline(scenario, []);
    expect(scheduled.map((e) => [e.timeUs / 1e6, e.event.kind])).toEqual([
      [120, 'npu-fail'],
      [300, 'link-fail'],
      [600, 'npu-repair'],
      [900, 'workload-load'],
    ]);
  });

  it('is a fresh copy each time', () => {
    const a = defaultScenario();
    a.workloads.length = 0;
    expect(defaultScenario().workloads.length).toBe(2);
    expect(defaultScenario()).toEqual(scenario);
    expect(defaultScenario()).not.toBe(defaultScenario());
  });
});

describe('a broken library file fails validation', () => {
  it('reports the path of the problem', () => {
    const broken = structuredClone(defaultJson) as { timeline: { atSeconds: unknown }[] };
    broken.timeline[2].atSeconds = 'ten minutes';
    expect(validateScenario(broken)).toEqual({
      ok: false,
      errors: [
        {
          path: 'timeline[2].atSeconds',
          message: 'expected a number, got the string "ten minutes"',
        },
      ],
    });
  });
});
