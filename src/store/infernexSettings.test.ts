import { describe, expect, it } from 'vitest';
import {
  decodeInferNexSettings,
  DEFAULT_INFERNEX_SETTINGS,
  effectiveProfile,
  encodeInferNexSettings,
  settingsProblem,
  studyProblem,
} from './infernexSettings';
import { changesRun } from './infernexStore';

describe('InferNex settings in a share link', () => {
  it('writes nothing for the defaults and reads them back', () => {
    expect(encodeInferNexSettings(DEFAULT_INFERNEX_SETTINGS)).toBe('');
    expect(decodeInferNexSettings('')).toEqual({
      settings: DEFAULT_INFERNEX_SETTINGS,
      problems: [],
    });
  });

  it('round-trips every changed field', () => {
    const settings = {
      ...DEFAULT_INFERNEX_SETTINGS,
      trace: 'azure-code' as const,
      limit: 0,
      profile: 'h100-roce',
      model: 'llama2-70b',
      tp: 8,
      instances: 12,
      mode: 'pd' as const,
      pdPlacement: 'cross-server' as const,
      policy: 'mooncake-global' as const,
      seed: 42,
      speed: 'max' as const,
      baseline: 'random' as const,
      comparePolicies: ['llm-d', 'dynamo-kv'] as const,
      compareScenarios: ['pd-cross'] as const,
    };
    const text = encodeInferNexSettings(settings);
    expect(text).toBe(
      'trace=azure-code;limit=0;profile=h100-roce;model=llama2-70b;tp=8;n=12;mode=pd;pd=cross-server;policy=mooncake-global;seed=42;speed=max;base=random;vs=llm-d,dynamo-kv;sc=pd-cross',
    );
    expect(decodeInferNexSettings(text)).toEqual({ settings, problems: [] });
  });

  it('drops an uploaded trace (it cannot travel) and bad values with a reason each', () => {
    expect(encodeInferNexSettings({ ...DEFAULT_INFERNEX_SETTINGS, trace: 'upload' })).toBe('');
    const { settings, problems } = decodeInferNexSettings(
      'policy=fastest;n=0;speed=7;colour=red;seed=9',
    );
    expect(settings).toEqual({ ...DEFAULT_INFERNEX_SETTINGS, seed: 9 });
    expect(problems).toEqual([
      'infernex policy: "fastest" is not valid',
      'infernex n: "0" is not valid',
      'infernex speed: "7" is not valid',
      'infernex: unknown setting "colour"',
    ]);
  });
});

describe('study settings in a share link', () => {
  it('carries the open study and its settings, and reads them back', () => {
    const settings = {
      ...DEFAULT_INFERNEX_SETTINGS,
      study: 'tiers' as const,
      scaleRatio: [1, 2] as const,
      scaleMinGroups: 0,
      scaleMaxGroups: 6,
      coldStartS: 90,
      tidal: true,
      dramGB: 256,
      whatIfDramGB: 4096,
      nvmeGB: 8000,
      poolScope: 'local' as const,
      sloTtftS: 10,
      sloTpotS: 0.1,
      sweepPolicy2: undefined,
    };
    const text = encodeInferNexSettings(settings);
    expect(text).toBe(
      'study=tiers;ratio=1:2;groups=0-6;cold=90;tidal=1;dram=256;dram2=4096;nvme=8000;pool=local;slo=10,0.1;sweep2=',
    );
    expect(decodeInferNexSettings(text)).toEqual({ settings, problems: [] });
    expect(decodeInferNexSettings('study=goodput').settings.study).toBe('goodput');
  });

  it('drops bad study values with a reason each and keeps the defaults', () => {
    const { settings, problems } = decodeInferNexSettings(
      'study=cost;ratio=0:1;groups=5-2;cold=-1;tidal=yes;dram=lots;pool=moon;slo=0,0.2;sweep2=best',
    );
    expect(settings).toEqual(DEFAULT_INFERNEX_SETTINGS);
    expect(problems).toHaveLength(9);
    expect(problems[0]).toBe('infernex study: "cost" is not valid');
    expect(problems[2]).toBe('infernex groups: "5-2" is not valid');
  });
});

describe('studyProblem', () => {
  const d = DEFAULT_INFERNEX_SETTINGS;
  it('accepts the defaults and names what is wrong otherwise', () => {
    for (const study of ['scaling', 'tiers', 'goodput'] as const)
      expect(studyProblem(d, study, 8192, 8)).toBeUndefined();
    expect(studyProblem({ ...d, scaleMinGroups: 9 }, 'scaling', 8192, 8)).toBe(
      'min groups (9) is above max groups (8)',
    );
    // 128 accelerators hold 64 TP-2 instances: 40 groups of 1P + 1D need 80.
    expect(studyProblem({ ...d, scaleMaxGroups: 40 }, 'scaling', 128, 8)).toBe(
      '40 groups of 1P + 1D: 80 instances of 2 accelerators do not fit: the profile has room for 64',
    );
    expect(studyProblem({ ...d, whatIfDramGB: -5 }, 'tiers', 8192, 8)).toMatch(/^what-if DRAM/);
    expect(studyProblem({ ...d, sloTpotS: 0 }, 'goodput', 8192, 8)).toMatch(/TPOT SLO/);
    expect(studyProblem({ ...d, sloTtftS: Number.NaN }, 'scaling', 8192, 8)).toMatch(/TTFT SLO/);
  });

  it('a study setting does not throw the replay away', () => {
    expect(changesRun(d, { ...d, study: 'goodput', dramGB: 1, sloTtftS: 5 })).toBe(false);
  });
});

describe('settingsProblem', () => {
  it('accepts the default on the 8,192-NPU profile and counts the room on a small one', () => {
    expect(settingsProblem(DEFAULT_INFERNEX_SETTINGS, 8192, 8)).toBeUndefined();
    // 128 accelerators, 8 per server, TP 2: 16 servers × 4 instances = 64.
    expect(
      settingsProblem({ ...DEFAULT_INFERNEX_SETTINGS, instances: 64 }, 128, 8),
    ).toBeUndefined();
    expect(settingsProblem({ ...DEFAULT_INFERNEX_SETTINGS, instances: 65 }, 128, 8)).toBe(
      '65 instances of 2 accelerators do not fit: the profile has room for 64',
    );
    expect(
      settingsProblem({ ...DEFAULT_INFERNEX_SETTINGS, mode: 'pd', instances: 1 }, 128, 8),
    ).toBe('PD needs at least one prefill and one decode instance');
  });
});

describe('effectiveProfile and changesRun', () => {
  it("runs on the console's profile when it is calibrated, else on the 910B cluster", () => {
    expect(effectiveProfile(DEFAULT_INFERNEX_SETTINGS, 'ub-supernode-8k')).toBe('ub-supernode-8k');
    expect(effectiveProfile(DEFAULT_INFERNEX_SETTINGS, 'ub-lab-1cab')).toBe('ascend-910b-infer');
    expect(
      effectiveProfile({ ...DEFAULT_INFERNEX_SETTINGS, profile: 'h100-roce' }, 'ub-supernode-8k'),
    ).toBe('h100-roce');
  });

  it('throws a replay away for a policy change, not for a speed or comparison change', () => {
    const d = DEFAULT_INFERNEX_SETTINGS;
    expect(changesRun(d, { ...d, policy: 'least-load' })).toBe(true);
    expect(changesRun(d, { ...d, instances: 8 })).toBe(true);
    expect(changesRun(d, { ...d, speed: 'max' })).toBe(false);
    expect(changesRun(d, { ...d, comparePolicies: ['llm-d'] })).toBe(false);
  });
});
