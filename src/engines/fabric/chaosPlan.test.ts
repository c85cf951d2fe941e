import { describe, expect, it } from 'vitest';
import drillJson from '../../scenarios/fault-drill.json';
import { buildCluster, getProfile } from '../../model';
import { scenarioSchema } from '../../sim/scenario';
import {
  exportFaultPlan,
  formatChaosErrors,
  formatGoDuration,
  importFaultPlan,
  parseGoDuration,
} from './chaosPlan';

const drill = scenarioSchema.parse(drillJson);
const superNode = buildCluster(getProfile('ub-supernode-8k'));

const errorsOf = (text: string, against?: Parameters<typeof importFaultPlan>[1]) => {
  const result = importFaultPlan(text, against);
  return result.ok ? [] : result.errors;
};

describe('Go-style durations', () => {
  it('reads and writes the forms Chaos Mesh uses', () => {
    expect(parseGoDuration('90s')).toBe(90);
    expect(parseGoDuration('1h30m')).toBe(5400);
    expect(parseGoDuration('250ms')).toBe(0.25);
    expect(parseGoDuration('1.5h')).toBe(5400);
    expect(parseGoDuration('5 minutes')).toBeUndefined();
    expect(parseGoDuration('')).toBeUndefined();
    expect([90, 5400, 0.25, 0, 3600, 61.5, 1e-5].map(formatGoDuration)).toEqual([
      '1m30s',
      '1h30m',
      '250ms',
      '0s',
      '1h',
      '1m1.5s',
      '10us',
    ]);
    for (const s of [90, 5400, 0.25, 1800, 7, 0.001, 3725.5])
      expect(parseGoDuration(formatGoDuration(s))).toBeCloseTo(s, 9);
  });
});

describe('fault plan YAML', () => {
  it('exports the drill in Chaos Mesh’s shape and imports it back to the same events', () => {
    const yaml = exportFaultPlan(drill.timeline);
    expect(yaml).toContain('apiVersion: twin.supernode/v1alpha1');
    expect(yaml).toContain('kind: FabricChaos');
    expect(yaml).toContain('kind: Schedule');
    expect(yaml).toContain('schedule: "@every 1m40s"');
    expect(yaml).toContain('mode: all');
    expect(yaml).toContain('duration: 5m');
    const result = importFaultPlan(yaml, { scenario: drill, cluster: superNode });
    if (!result.ok) throw new Error(formatChaosErrors(result.errors));
    expect(result.events).toEqual(drill.timeline.filter((e) => e.kind !== 'workload-load'));
  });

  it('reads the first document of the drill as written', () => {
    const first = exportFaultPlan(drill.timeline.slice(0, 1));
    expect(first).toBe(
      [
        'apiVersion: twin.supernode/v1alpha1',
        'kind: FabricChaos',
        'metadata:',
        '  name: f1-npu-fail-cab-017-srv-3-npu-5',
        '  annotations:',
        '    twin.supernode/at: 1m',
        "    twin.supernode/note: the cabinet's backup NPU takes over, one hop further away",
        'spec:',
        '  action: npu-fail',
        '  mode: all',
        '  selector:',
        '    nodes:',
        '      - cab-017/srv-3/npu-5',
        '',
      ].join('\n'),
    );
  });

  it('modes pick targets deterministically: one, fixed, fixed-percent', () => {
    const doc = (mode: string, value?: string) => `apiVersion: twin.supernode/v1alpha1
kind: FabricChaos
metadata:
  name: storm
  annotations:
    twin.supernode/at: 2m
spec:
  action: server-down
  mode: ${mode}
${value ? `  value: "${value}"\n` : ''}  duration: 30s
  selector:
    nodes: [cab-000/srv-0, cab-000/srv-1, cab-000/srv-2, cab-000/srv-3, cab-000/srv-4, cab-000/srv-5, cab-000/srv-6, cab-000/srv-7]
`;
    const targets = (mode: string, value?: string) => {
      const r = importFaultPlan(doc(mode, value));
      if (!r.ok) throw new Error(formatChaosErrors(r.errors));
      return r.events.map((e) => e.target);
    };
    expect(targets('all')).toHaveLength(8);
    expect(targets('one')).toHaveLength(1);
    expect(targets('fixed', '3')).toHaveLength(3);
    expect(targets('fixed-percent', '50')).toHaveLength(4);
    expect(targets('fixed', '3')).toEqual(targets('fixed', '3'));
    const some = targets('random-max-percent', '50');
    expect(some.length).toBeGreaterThanOrEqual(1);
    expect(some.length).toBeLessThanOrEqual(4);
    const events = importFaultPlan(doc('one'));
    expect(events.ok && events.events[0]).toMatchObject({
      atSeconds: 120,
      durationSeconds: 30,
      kind: 'server-down',
    });
  });

  it('names the line of every problem', () => {
    const text = `apiVersion: twin.supernode/v1alpha1
kind: FabricChaos
metadata:
  name: bad-duration
  annotations:
    twin.supernode/at: soon
spec:
  action: link-degrade
  selector:
    nodes: [cab-000/srv-0/npu-0~cab-000/srv-0/npu-1]
  duration: 5 minutes
  bandwidth:
    fraction: 1.5
---
apiVersion: twin.supernode/v1alpha1
kind: NetworkChaos
metadata:
  name: wrong-kind
spec:
  action: partition
---
apiVersion: twin.supernode/v1alpha1
kind: Schedule
metadata:
  name: no-times
spec:
  schedule: "0 * * * *"
  type: FabricChaos
  fabricChaos:
    action: npu-explode
    selector:
      nodes: [cab-000/srv-0/npu-0]
`;
    expect(formatChaosErrors(errorsOf(text))).toBe(
      [
        'line 6: metadata.annotations["twin.supernode/at"]: "soon" is not a duration (e.g. "90s", "5m", "1h30m")',
        'line 11: spec.duration: "5 minutes" is not a duration (e.g. "30s", "5m", "1h30m")',
        'line 13: spec.bandwidth.fraction: must be < 1, got 1.5',
        'line 16: kind: expected "FabricChaos" or "Schedule", got "NetworkChaos"',
        'line 25: metadata.annotations["twin.supernode/times"]: required for a Schedule: how many times the fault happens, e.g. "3"',
        'line 27: spec.schedule: "0 * * * *" is not "@every <duration>" (e.g. "@every 10m"); cron schedules are not supported',
        'line 30: spec.fabricChaos.action: "npu-explode" is not one of npu-fail, link-fail, link-degrade, link-flap, server-down, cabinet-power-loss, switch-down, agent-loss, pod-cut, npu-repair, link-repair, repair',
      ].join('\n'),
    );
  });

  it('reports YAML syntax errors with their line', () => {
    const errors = errorsOf(
      'apiVersion: twin.supernode/v1alpha1\nkind: FabricChaos\nspec: {action: npu-fail, selector: [\n',
    );
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].path).toBe('(syntax)');
    expect(errors[0].line).toBeGreaterThanOrEqual(3);
  });

  it('checks targets against the cluster and points at the selector entry', () => {
    const text = `apiVersion: twin.supernode/v1alpha1
kind: FabricChaos
metadata:
  name: wrong-target
  annotations:
    twin.supernode/at: 10s
spec:
  action: cabinet-power-loss
  mode: all
  selector:
    nodes:
      - cab-001
      - cab-001/srv-2
`;
    expect(errorsOf(text, { scenario: drill, cluster: superNode })).toEqual([
      {
        line: 13,
        path: 'spec.selector.nodes[1]',
        message:
          '"cab-001/srv-2" names a server, but cabinet-power-loss needs a compute cabinet id such as cab-000',
      },
    ]);
  });
});
