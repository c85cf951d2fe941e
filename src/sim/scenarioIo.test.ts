import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile } from '../model';
import type { Scenario } from './scenario';
import {
  expandCabinetRanges,
  formatPath,
  formatScenarioErrors,
  parseJson,
  parseScenarioJson,
  serializeScenario,
  validateActionsAgainstCluster,
  validateScenario,
  validateScenarioAgainstCluster,
  type ScenarioError,
  type ScenarioResult,
} from './scenarioIo';

const superNode = buildCluster(getProfile('ub-supernode-8k'));
const lab = buildCluster(getProfile('ub-lab-1cab'));

const good = {
  version: 1,
  name: 'io test',
  profile: 'ub-supernode-8k',
  seed: 5,
  durationSeconds: 1000,
  workloads: [
    {
      id: 'train',
      kind: 'training',
      cabinets: ['cab-000..cab-015', 'cab-020'],
      utilisation: 0.8,
      hbmGB: 100,
      stepSeconds: 4,
      commFraction: 0.25,
      commLinkLoad: 0.7,
    },
    {
      id: 'serve',
      kind: 'inference',
      cabinets: ['cab-016..cab-019'],
      utilisation: 0.4,
      hbmGB: 90,
      stepSeconds: 0.05,
      commFraction: 0.1,
      commLinkLoad: 0.2,
    },
  ],
  timeline: [
    { atSeconds: 10, kind: 'npu-fail', target: 'cab-003/srv-4/npu-7' },
    { atSeconds: 20, kind: 'link-fail', target: 'cab-003/lrs~icab-31/hrs' },
    { atSeconds: 30, kind: 'link-repair', target: 'icab-31/hrs~cab-003/lrs' },
    { atSeconds: 40, kind: 'workload-load', target: 'serve', utilisation: 0.9 },
    { atSeconds: 1000, kind: 'npu-repair', target: 'cab-003/srv-4/npu-7' },
  ],
};

const KINDS =
  '"npu-fail", "npu-repair", "link-fail", "link-repair", "link-degrade", "link-flap", "server-down", "cabinet-power-loss", "switch-down", "agent-loss", "pod-cut", "repair", "workload-load"';

/** The scenario of a result that must be ok. */
const scenarioOf = (result: ScenarioResult): Scenario => {
  if (!result.ok) throw new Error(formatScenarioErrors(result.errors));
  return result.scenario;
};

const errorsOf = (raw: unknown): readonly ScenarioError[] => {
  const result = validateScenario(raw);
  return result.ok ? [] : result.errors;
};

/** `good` with one part replaced, e.g. `variant({ seed: 1.5 })`. */
const variant = (patch: Record<string, unknown>) => ({ ...structuredClone(good), ...patch });

const withEvent = (event: Record<string, unknown>, at = 1) => {
  const raw = structuredClone(good);
  (raw.timeline as unknown[]).splice(at, 0, event);
  return scenarioOf(validateScenario(raw));
};

describe('formatPath', () => {
  it('writes paths as a person would', () => {
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['timeline', 3, 'atSeconds'])).toBe('timeline[3].atSeconds');
    expect(formatPath(['workloads', 0, 'cabinets', 2])).toBe('workloads[0].cabinets[2]');
    expect(formatPath(['odd key'])).toBe('["odd key"]');
  });
});

describe('parseJson', () => {
  it('reports line and column of a syntax error, the same wording in every engine', () => {
    const cases: [string, number, number, string][] = [
      ['{\n  "a": 1\n  "b": 2\n}', 3, 3, `expected ',' or '}' after an object member, found '"'`],
      ['{"a": [1, 2', 1, 12, "unexpected end of the text (2 unclosed '{', '[')"],
      ['{"a": "x\ny"}', 1, 9, 'a control character (such as a line break) inside a string'],
      ['', 1, 1, 'unexpected end of the text'],
      ['{"a": 1} x', 1, 10, "unexpected 'x' after the JSON value"],
      ["{'a': 1}", 1, 2, `expected a "quoted" key, found '''`],
      ['[1,]', 1, 4, "expected a value, found ']'"],
      ['{"a" 1}', 1, 6, "expected ':' after the key, found '1'"],
      ['["\\q"]', 1, 3, "invalid escape '\\q' in a string"],
      ['["\\u12"]', 1, 3, 'a \\u escape needs four hex digits'],
      ['[-]', 1, 2, "expected a value, found '-'"],
      ['\n\n   ["abc', 3, 5, 'a string that never ends (missing closing ")'],
    ];
    for (const [text, line, column, message] of cases) {
      expect({ text, result: parseJson(text) }).toEqual({
        text,
        result: { ok: false, offset: expect.any(Number), line, column, message },
      });
    }
  });

  it('parses valid JSON and ignores a byte-order mark', () => {
    expect(parseJson('\ufeff{"a": [1, -2.5e3, true, null, "\\u00e9"]}')).toEqual({
      ok: true,
      value: { a: [1, -2500, true, null, 'é'] },
    });
  });

  it('does not overflow the stack on deeply nested broken input', () => {
    const result = parseJson('['.repeat(200_000));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.column).toBe(200_001);
  });
});

describe('parseScenarioJson / validateScenario', () => {
  it('accepts a good scenario and fills the defaults', () => {
    const scenario = scenarioOf(parseScenarioJson(JSON.stringify(good)));
    expect(scenario.sliceMs).toBe(100);
    expect(scenario.description).toBe('');
    expect(scenario.timeline[0].by).toBe('scenario');
    expect(scenario.workloads.map((w) => w.id)).toEqual(['train', 'serve']);
  });

  it('round-trips through serializeScenario', () => {
    const scenario = scenarioOf(validateScenario(good));
    const text = serializeScenario(scenario);
    expect(text.endsWith('}\n')).toBe(true);
    expect(scenarioOf(parseScenarioJson(text))).toEqual(scenario);
  });

  it('reports a JSON syntax error at (root) with line and column', () => {
    expect(parseScenarioJson('{\n  "version": 1,\n  "name": "x"\n  "seed": 3\n}')).toEqual({
      ok: false,
      errors: [
        {
          path: '(root)',
          message: `JSON syntax error at line 4, column 3: expected ',' or '}' after an object member, found '"'`,
        },
      ],
    });
  });

  it('refuses JSON that is not an object', () => {
    expect(errorsOf([1, 2])).toEqual([
      { path: '(root)', message: 'a scenario is a JSON object, got a list of 2' },
    ]);
    expect(errorsOf(null)).toEqual([
      { path: '(root)', message: 'a scenario is a JSON object, got null' },
    ]);
  });

  it('names a future version plainly', () => {
    expect(errorsOf(variant({ version: 7 }))).toEqual([
      { path: 'version', message: 'version 7 is newer than this twin understands (1)' },
    ]);
  });

  it('gives each schema problem its exact path and reason', () => {
    const raw = structuredClone(good) as Record<string, unknown> & typeof good;
    raw.seed = 1.5;
    raw.name = '';
    (raw as Record<string, unknown>).color = 'red';
    raw.workloads[0] = { ...raw.workloads[0], id: 'Big Job', kind: 'train', utilisation: 2 };
    raw.workloads[1] = { ...raw.workloads[1], cabinets: [], stepSeconds: 0 };
    (raw.timeline as unknown[])[0] = { atSeconds: '10s', kind: 'npu-fail', target: 'x' };
    (raw.timeline as unknown[])[1] = { atSeconds: 1, kind: 'npu-explode', target: 'x' };
    (raw.timeline as unknown[])[2] = { atSeconds: -1, kind: 'link-fail', target: 'x', why: 1 };
    (raw.timeline as unknown[])[3] = { atSeconds: 1, kind: 'workload-load', target: 'serve' };
    expect(errorsOf(raw)).toEqual([
      { path: 'name', message: 'must not be empty' },
      { path: 'seed', message: 'expected an integer, got 1.5' },
      {
        path: 'workloads[0].id',
        message:
          'the string "Big Job" is not valid here: use lower-case letters, digits and dashes',
      },
      {
        path: 'workloads[0].kind',
        message: 'the string "train" is not one of "training", "inference"',
      },
      { path: 'workloads[0].utilisation', message: 'must be ≤ 1, got 2' },
      { path: 'workloads[1].cabinets', message: 'needs at least 1 item' },
      { path: 'workloads[1].stepSeconds', message: 'must be > 0, got 0' },
      { path: 'timeline[0].atSeconds', message: 'expected a number, got the string "10s"' },
      {
        path: 'timeline[1].kind',
        message: `the string "npu-explode" is not one of ${KINDS}`,
      },
      { path: 'timeline[2].atSeconds', message: 'must be ≥ 0, got -1' },
      { path: 'timeline[2].why', message: 'unknown field "why" (not part of scenario format v1)' },
      { path: 'timeline[3].utilisation', message: 'required: a number' },
      { path: 'color', message: 'unknown field "color" (not part of scenario format v1)' },
    ]);
  });

  it('says which field is missing', () => {
    const noProfile: Record<string, unknown> = structuredClone(good);
    delete noProfile.profile;
    expect(errorsOf(noProfile)).toEqual([{ path: 'profile', message: 'required: a string' }]);
    expect(errorsOf(variant({ timeline: [{ atSeconds: 1, target: 'x' }] }))).toEqual([
      {
        path: 'timeline[0].kind',
        message: `required: one of ${KINDS}`,
      },
    ]);
  });
});

describe('validateScenarioAgainstCluster', () => {
  it('accepts a good scenario (links named in either order)', () => {
    expect(validateScenarioAgainstCluster(scenarioOf(validateScenario(good)), superNode)).toEqual(
      [],
    );
  });

  it('refuses an unknown profile and a profile that is not the cluster’s', () => {
    const unknown = scenarioOf(validateScenario(variant({ profile: 'tpu-pod' })));
    expect(validateScenarioAgainstCluster(unknown, superNode)).toEqual([
      {
        path: 'profile',
        message:
          'unknown profile "tpu-pod" (known: ub-supernode-8k, ub-pod-1k, ub-lab-1cab, ascend-910b-infer, h100-roce, fat-tree-8k, lab-torus-3x3)',
      },
    ]);
    const other = scenarioOf(validateScenario(good));
    expect(validateScenarioAgainstCluster(other, lab)).toEqual([
      {
        path: 'profile',
        message:
          'the scenario is for "ub-supernode-8k" but was checked against a "ub-lab-1cab" cluster',
      },
    ]);
  });

  it('finds bad cabinet specs, repeats and overlaps, each at its own path', () => {
    const raw = structuredClone(good);
    raw.workloads[1].cabinets = ['cab-014..cab-017', 'cab-200', 'cab-5', 'cab-030..cab-021'];
    raw.workloads[0].cabinets = ['cab-000..cab-003', 'cab-002', 'cab-120..cab-130'];
    raw.workloads.push({ ...raw.workloads[1], cabinets: ['cab-090'] });
    const scenario = scenarioOf(validateScenario(raw));
    expect(validateScenarioAgainstCluster(scenario, superNode)).toEqual([
      {
        path: 'workloads[0].cabinets[1]',
        message: '"cab-002" repeats cab-002, already listed for this workload',
      },
      {
        path: 'workloads[0].cabinets[2]',
        message: '"cab-120..cab-130": this profile has 128 compute cabinet(s), cab-000 … cab-127',
      },
      {
        path: 'workloads[1].cabinets[1]',
        message: '"cab-200": this profile has 128 compute cabinet(s), cab-000 … cab-127',
      },
      {
        path: 'workloads[1].cabinets[2]',
        message:
          '"cab-5" is not a compute cabinet or a range of them (expected e.g. cab-017 or cab-000..cab-063)',
      },
      {
        path: 'workloads[1].cabinets[3]',
        message: '"cab-030..cab-021": a range runs from the lower cabinet to the higher one',
      },
      { path: 'workloads[2].id', message: '"serve" is already the id of workloads[1]' },
    ]);
    // cab-014..cab-017 overlaps nothing now: workload 0 holds cab-000..cab-003 only.
    raw.workloads[0].cabinets = ['cab-000..cab-015'];
    raw.workloads[1].cabinets = ['cab-014..cab-017'];
    raw.workloads[2] = { ...raw.workloads[2], id: 'third', cabinets: ['cab-017', 'cab-015'] };
    expect(validateScenarioAgainstCluster(scenarioOf(validateScenario(raw)), superNode)).toEqual([
      {
        path: 'workloads[1].cabinets[0]',
        message:
          '"cab-014..cab-017" overlaps workloads[0] ("train") on 2 cabinets, cab-014 … cab-015',
      },
      {
        path: 'workloads[2].cabinets[0]',
        message: '"cab-017" overlaps workloads[1] ("serve") on cab-017',
      },
      {
        path: 'workloads[2].cabinets[1]',
        message: '"cab-015" overlaps workloads[0] ("train") on cab-015',
      },
    ]);
  });

  it('checks every timeline target exists and is the right kind', () => {
    const check = (event: Record<string, unknown>) =>
      validateScenarioAgainstCluster(withEvent(event, 2), superNode);
    expect(check({ atSeconds: 5, kind: 'npu-fail', target: 'cab-200/srv-0/npu-0' })).toEqual([
      {
        path: 'timeline[2].target',
        message:
          '"cab-200/srv-0/npu-0": this profile has 128 compute cabinet(s), cab-000 … cab-127',
      },
    ]);
    expect(check({ atSeconds: 5, kind: 'npu-repair', target: 'cab-001/srv-2' })).toEqual([
      {
        path: 'timeline[2].target',
        message:
          '"cab-001/srv-2" names a server, but npu-repair needs an NPU id such as cab-000/srv-0/npu-0',
      },
    ]);
    expect(check({ atSeconds: 5, kind: 'npu-fail', target: 'cab-001/bak-0' })).toEqual([
      {
        path: 'timeline[2].target',
        message:
          '"cab-001/bak-0" names a backup NPU, but npu-fail needs an NPU id such as cab-000/srv-0/npu-0',
      },
    ]);
    expect(check({ atSeconds: 5, kind: 'link-fail', target: 'cab-001/srv-2/npu-1' })).toEqual([
      {
        path: 'timeline[2].target',
        message:
          '"cab-001/srv-2/npu-1" names an NPU, but link-fail needs a link id, two node ids joined by ~ such as cab-000/srv-0/npu-0~cab-000/srv-0/npu-1',
      },
    ]);
    expect(
      check({
        atSeconds: 5,
        kind: 'link-repair',
        target: 'cab-001/srv-2/npu-1~cab-002/srv-2/npu-1',
      }),
    ).toEqual([
      {
        path: 'timeline[2].target',
        message:
          '"cab-001/srv-2/npu-1~cab-002/srv-2/npu-1": there is no link between cab-001/srv-2/npu-1 and cab-002/srv-2/npu-1',
      },
    ]);
    expect(check({ atSeconds: 5, kind: 'link-fail', target: 'cab-001/lrs' })).toEqual([
      {
        path: 'timeline[2].target',
        message:
          '"cab-001/lrs" names a cabinet switch, but link-fail needs a link id, two node ids joined by ~ such as cab-000/srv-0/npu-0~cab-000/srv-0/npu-1',
      },
    ]);
    expect(
      check({ atSeconds: 5, kind: 'workload-load', target: 'batch', utilisation: 0.5 }),
    ).toEqual([
      {
        path: 'timeline[2].target',
        message: '"batch" is not a workload of this scenario (workloads: train, serve)',
      },
    ]);
  });

  it('refuses events after durationSeconds', () => {
    const scenario = withEvent(
      { atSeconds: 1000.5, kind: 'npu-fail', target: 'cab-000/srv-0/npu-0' },
      0,
    );
    expect(validateScenarioAgainstCluster(scenario, superNode)).toEqual([
      {
        path: 'timeline[0].atSeconds',
        message: '1000.5 s is after the scenario ends (durationSeconds 1000)',
      },
    ]);
  });

  it('checks operator actions with their own paths', () => {
    const scenario = scenarioOf(validateScenario(good));
    expect(
      validateActionsAgainstCluster(
        scenario,
        [
          { atSeconds: 1, kind: 'npu-fail', target: 'cab-000/srv-0/npu-0', by: 'operator' },
          { atSeconds: 2, kind: 'npu-fail', target: 'cab-000/srv-0/npu-9', by: 'operator' },
        ],
        superNode,
      ),
    ).toEqual([
      {
        path: 'actions[1].target',
        message: '"cab-000/srv-0/npu-9": a server has 8 accelerators, npu-0 … npu-7',
      },
    ]);
  });

  it('uses the profile’s own cabinet count in messages', () => {
    const scenario = scenarioOf(
      validateScenario({
        version: 1,
        name: 'lab',
        profile: 'ub-lab-1cab',
        seed: 1,
        timeline: [{ atSeconds: 1, kind: 'npu-fail', target: 'cab-001/srv-0/npu-0' }],
      }),
    );
    expect(validateScenarioAgainstCluster(scenario, lab)).toEqual([
      {
        path: 'timeline[0].target',
        message: '"cab-001/srv-0/npu-0": this profile has 1 compute cabinet(s), cab-000 … cab-000',
      },
    ]);
  });
});

describe('expandCabinetRanges', () => {
  it('expands ids and inclusive ranges in the order given', () => {
    expect(expandCabinetRanges(superNode, ['cab-010', 'cab-000..cab-003', ' cab-127 '])).toEqual({
      cabinets: [10, 0, 1, 2, 3, 127],
    });
    expect(expandCabinetRanges(superNode, ['cab-000..cab-127'])).toMatchObject({
      cabinets: { length: 128 },
    });
    expect(expandCabinetRanges(superNode, [])).toEqual({ cabinets: [] });
  });

  it('explains what is wrong', () => {
    expect(expandCabinetRanges(superNode, ['cab-000..cab-003', 'cab-002'])).toEqual({
      error: '"cab-002": cab-002 is listed twice',
    });
    expect(expandCabinetRanges(lab, ['cab-000..cab-001'])).toEqual({
      error: '"cab-000..cab-001": this profile has 1 compute cabinet(s), cab-000 … cab-000',
    });
    expect(expandCabinetRanges(superNode, ['pod-1'])).toEqual({
      error:
        '"pod-1" is not a compute cabinet or a range of them (expected e.g. cab-017 or cab-000..cab-063)',
    });
  });
});

describe('fault events (scenario format v1, extended)', () => {
  const faults = [
    { atSeconds: 5, kind: 'npu-fail', target: 'cab-003/srv-4/npu-7', durationSeconds: 60 },
    {
      atSeconds: 6,
      kind: 'link-degrade',
      target: 'cab-003/lrs~icab-31/hrs',
      bandwidthFraction: 0.25,
    },
    {
      atSeconds: 7,
      kind: 'link-flap',
      target: 'cab-003/srv-0/npu-0~cab-003/lrs',
      flapPeriodSeconds: 10,
      downSeconds: 2,
      durationSeconds: 120,
    },
    {
      atSeconds: 8,
      kind: 'server-down',
      target: 'cab-010/srv-2',
      durationSeconds: 30,
      repeat: { everySeconds: 300, times: 3 },
    },
    { atSeconds: 9, kind: 'cabinet-power-loss', target: 'cab-011' },
    { atSeconds: 10, kind: 'switch-down', target: 'icab-04' },
    { atSeconds: 11, kind: 'switch-down', target: 'cab-012/lrs' },
    { atSeconds: 12, kind: 'agent-loss', target: 'icab-05', durationSeconds: 40 },
    { atSeconds: 13, kind: 'pod-cut', target: 'pod-6', durationSeconds: 20 },
    { atSeconds: 500, kind: 'repair', target: 'cab-011' },
  ];

  it('accepts every fault kind, with durations and recurrences, against the 8K cluster', () => {
    const scenario = scenarioOf(validateScenario(variant({ timeline: faults })));
    expect(scenario.timeline.map((e) => e.kind)).toEqual(faults.map((e) => e.kind));
    expect(validateScenarioAgainstCluster(scenario, superNode)).toEqual([]);
    // Older v1 files, without any of the new fields, still read as before.
    expect(scenarioOf(validateScenario(good)).engines).toBeUndefined();
  });

  it('accepts fabric engine settings and rejects unknown ones with their path', () => {
    const settings = {
      fabric: {
        heartbeat: { design: 'gossip', periodMs: 200, timeoutMs: 100, fanout: 3 },
        isolation: { inference: 'cabinet' },
        routing: { multipath: 'ecmp', tables: 'flat', notification: 'flooding' },
        traffic: { pattern: 'hot-spot', hotSpot: 'cab-000/srv-0/npu-0', hotSpotShare: 0.02 },
        timing: { linkDetectMs: 0.1, flapDampenCount: 5 },
      },
    };
    const scenario = scenarioOf(validateScenario(variant({ engines: settings })));
    expect(scenario.engines).toEqual(settings);
    expect(errorsOf(variant({ engines: { fabric: { heartbeat: { design: 'ring' } } } }))).toEqual([
      {
        path: 'engines.fabric.heartbeat.design',
        message:
          'the string "ring" is not one of "hierarchical", "flat-async", "flat-sequential", "gossip"',
      },
    ]);
    expect(errorsOf(variant({ engines: { fabric: { speed: 1 } } }))).toEqual([
      {
        path: 'engines.fabric.speed',
        message: 'unknown field "speed" (not part of scenario format v1)',
      },
    ]);
    const badHotSpot = scenarioOf(
      validateScenario(
        variant({ engines: { fabric: { traffic: { pattern: 'hot-spot', hotSpot: 'cab-000' } } } }),
      ),
    );
    expect(validateScenarioAgainstCluster(badHotSpot, superNode)).toEqual([
      {
        path: 'engines.fabric.traffic.hotSpot',
        message:
          '"cab-000" names a compute cabinet, but the hot spot is an NPU id such as cab-000/srv-0/npu-0',
      },
    ]);
  });

  it('names the field and the reason for impossible timings', () => {
    expect(
      errorsOf(
        variant({
          timeline: [
            { atSeconds: 1, kind: 'link-degrade', target: 'x', bandwidthFraction: 1.5 },
            { atSeconds: 1, kind: 'link-flap', target: 'x', flapPeriodSeconds: 2, downSeconds: 3 },
            { atSeconds: 1, kind: 'npu-fail', target: 'x', repeat: { everySeconds: 10, times: 2 } },
            {
              atSeconds: 1,
              kind: 'npu-fail',
              target: 'x',
              durationSeconds: 20,
              repeat: { everySeconds: 10, times: 2 },
            },
            { atSeconds: 1, kind: 'pod-cut', target: 'x', repeat: { everySeconds: 10, times: 1 } },
          ],
        }),
      ),
    ).toEqual([
      { path: 'timeline[0].bandwidthFraction', message: 'must be < 1, got 1.5' },
      {
        path: 'timeline[1].downSeconds',
        message: 'must be shorter than flapPeriodSeconds (a flapping link is up part of the time)',
      },
      {
        path: 'timeline[2].durationSeconds',
        message:
          'a recurring fault needs a durationSeconds shorter than repeat.everySeconds (each occurrence ends before the next starts)',
      },
      {
        path: 'timeline[3].durationSeconds',
        message:
          'a recurring fault needs a durationSeconds shorter than repeat.everySeconds (each occurrence ends before the next starts)',
      },
      { path: 'timeline[4].repeat.times', message: 'must be ≥ 2, got 1' },
      {
        path: 'timeline[4].durationSeconds',
        message:
          'a recurring fault needs a durationSeconds shorter than repeat.everySeconds (each occurrence ends before the next starts)',
      },
    ]);
  });

  it('checks each fault’s target is the kind of entity it acts on', () => {
    const check = (event: Record<string, unknown>) =>
      validateScenarioAgainstCluster(withEvent(event, 0), superNode).map((e) => e.message);
    expect(check({ atSeconds: 1, kind: 'server-down', target: 'cab-001/srv-2/npu-1' })).toEqual([
      '"cab-001/srv-2/npu-1" names an NPU, but server-down needs a server id such as cab-000/srv-0',
    ]);
    expect(check({ atSeconds: 1, kind: 'cabinet-power-loss', target: 'icab-01' })).toEqual([
      '"icab-01" names an interconnect cabinet, but cabinet-power-loss needs a compute cabinet id such as cab-000',
    ]);
    expect(check({ atSeconds: 1, kind: 'switch-down', target: 'cab-001' })).toEqual([
      '"cab-001" names a compute cabinet, but switch-down needs a switch: an interconnect cabinet (icab-00), its spine switch (icab-00/hrs) or a cabinet switch (cab-000/lrs)',
    ]);
    expect(check({ atSeconds: 1, kind: 'agent-loss', target: 'pod-1' })).toEqual([
      '"pod-1" names a pod, but agent-loss needs a cabinet whose UBM agent is lost: a compute cabinet (cab-000) or an interconnect cabinet (icab-00)',
    ]);
    expect(check({ atSeconds: 1, kind: 'pod-cut', target: 'pod-9' })).toEqual([
      '"pod-9": this profile has 8 pod(s)',
    ]);
    expect(
      check({
        atSeconds: 1,
        kind: 'link-flap',
        target: 'cab-001/lrs',
        flapPeriodSeconds: 2,
        downSeconds: 1,
      }),
    ).toEqual([
      '"cab-001/lrs" names a cabinet switch, but link-flap needs a link id, two node ids joined by ~ such as cab-000/srv-0/npu-0~cab-000/srv-0/npu-1',
    ]);
    expect(check({ atSeconds: 1, kind: 'repair', target: 'supernode' })).toEqual([
      '"supernode" names the whole super-node, but repair needs the id of a device, link, server, cabinet or pod',
    ]);
    expect(check({ atSeconds: 1, kind: 'switch-down', target: 'icab-07/hrs' })).toEqual([]);
    // A one-pod profile has no spine: nothing to cut.
    const pod = buildCluster(getProfile('ub-pod-1k'));
    const onPod = scenarioOf(
      validateScenario({
        version: 1,
        name: 'pod',
        profile: 'ub-pod-1k',
        seed: 1,
        timeline: [{ atSeconds: 1, kind: 'pod-cut', target: 'pod-0' }],
      }),
    );
    expect(validateScenarioAgainstCluster(onPod, pod)).toEqual([
      {
        path: 'timeline[0].target',
        message:
          'this profile has no spine switches, so pod-0 has no spine links to lose (pod-cut needs a multi-pod profile)',
      },
    ]);
  });
});
