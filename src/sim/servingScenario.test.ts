import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile } from '../model';
import { servingErrors } from '../engines/infernex/serving';
import { validateScenario, validateScenarioAgainstCluster } from './scenarioIo';

const base = {
  version: 1,
  name: 'serving',
  profile: 'ub-pod-1k',
  seed: 1,
  durationSeconds: 600,
};
const pod = buildCluster(getProfile('ub-pod-1k'));

const withServing = (infernex: unknown) => ({ ...base, engines: { infernex } });

function errorsOf(raw: unknown) {
  const result = validateScenario(raw);
  if (!result.ok) return result.errors;
  return [
    ...validateScenarioAgainstCluster(result.scenario, pod),
    ...servingErrors(result.scenario, pod),
  ];
}

describe('engines.infernex (the serving fleet)', () => {
  it('is optional: a scenario without it is unchanged', () => {
    const result = validateScenario(base);
    expect(result.ok && result.scenario.engines).toBeUndefined();
  });

  it('accepts an empty block (every field defaults) and a full one', () => {
    expect(errorsOf(withServing({}))).toEqual([]);
    expect(
      errorsOf(
        withServing({
          trace: 'azure-code',
          limit: 500,
          startSeconds: 30,
          model: 'llama3-8b',
          tp: 2,
          instances: 16,
          mode: 'pd',
          prefillInstances: 6,
          placement: 'cross-server',
          policy: 'hermes',
          cabinets: ['cab-012', 'cab-013'],
          maxReroutes: 1,
          slo: { ttftS: 5, tpotS: 0.1 },
        }),
      ),
    ).toEqual([]);
    expect(errorsOf(withServing({ trace: { synthetic: { requests: 100, ratePerS: 2 } } }))).toEqual(
      [],
    );
  });

  it('names the path and the reason of each shape problem', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ trace: 'sharegpt' }, 'engines.infernex.trace', /./],
      [{ tp: 0 }, 'engines.infernex.tp', /./],
      [{ mode: 'split' }, 'engines.infernex.mode', /./],
      [{ instances: 4, extra: 1 }, 'engines.infernex.extra', /./],
      [{ prefillInstances: 2 }, 'engines.infernex.prefillInstances', /mode "pd"/],
      [
        { mode: 'pd', instances: 4, prefillInstances: 4 },
        'engines.infernex.prefillInstances',
        /decode/,
      ],
      [{ placement: 'same-server' }, 'engines.infernex.placement', /mode "pd" only/],
      [{ mode: 'pd', instances: 1 }, 'engines.infernex.instances', /at least 2/],
      [
        { trace: { synthetic: { requests: 10, ratePerS: -1 } } },
        'engines.infernex.trace.synthetic.ratePerS',
        /./,
      ],
    ];
    for (const [infernex, path, reason] of cases) {
      const errors = errorsOf(withServing(infernex));
      expect(errors.length, JSON.stringify(infernex)).toBeGreaterThan(0);
      expect(errors[0].path, JSON.stringify(infernex)).toBe(path);
      expect(errors[0].message).toMatch(reason);
    }
  });

  it('checks the fleet against the cluster: cabinets, enough NPUs, start inside the run', () => {
    const [cab] = errorsOf(withServing({ cabinets: ['cab-099'] }));
    expect(cab.path).toBe('engines.infernex.cabinets');
    // One cabinet: 8 servers × 4 slots of tp 2.
    expect(errorsOf(withServing({ cabinets: ['cab-012'], instances: 32 }))).toEqual([]);
    const [full] = errorsOf(withServing({ cabinets: ['cab-012'], instances: 33 }));
    expect(full).toEqual({
      path: 'engines.infernex.instances',
      message:
        '33 instances of 2 accelerators do not fit on 8 servers in 1 cabinet(s): room for 32',
    });
    const [whole] = errorsOf(withServing({ tp: 8, instances: 129 }));
    expect(whole.message).toMatch(/do not fit on the 128 servers of ub-pod-1k: room for 128/);
    const [split] = errorsOf(withServing({ tp: 12 }));
    expect(split.path).toBe('engines.infernex.tp');
    const [late] = errorsOf(withServing({ startSeconds: 700 }));
    expect(late.path).toBe('engines.infernex.startSeconds');
  });

  it('checks what only the engine knows: model, accelerator, policy, fit', () => {
    const [model] = errorsOf(withServing({ model: 'gpt-5' }));
    expect(model.path).toBe('engines.infernex.model');
    expect(model.message).toMatch(/unknown model "gpt-5" \(known: .*llama3-8b/);
    const [policy] = errorsOf(withServing({ policy: 'fastest' }));
    expect(policy.path).toBe('engines.infernex.policy');
    expect(policy.message).toMatch(/least-load/);
    const [acc] = errorsOf(withServing({ accelerator: 'tpu' }));
    expect(acc.path).toBe('engines.infernex.accelerator');
    // Llama 2 70B does not fit on one NPU with room for KV.
    const [fit] = errorsOf(withServing({ model: 'llama2-70b', tp: 1 }));
    expect(fit.path).toBe('engines.infernex');
    expect(fit.message).toMatch(/tensor-parallel/);
  });
});
