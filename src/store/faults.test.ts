import { describe, expect, it } from 'vitest';
import { clusterFor } from '../engines/clusterCache';
import { defaultScenario } from '../scenarios';
import type { FaultRecord } from '../sim/frame';
import {
  DEFAULT_FAULT_FORM,
  activeFaultsCovering,
  checkFaultForm,
  kindsFor,
  type FaultForm,
  type FaultFormContext,
} from './faults';

const scenario = defaultScenario();
const cluster = clusterFor(scenario.profile);
const context = (over: Partial<FaultFormContext> = {}): FaultFormContext => ({
  scenario,
  cluster,
  nowUs: 60_000_000,
  faults: [],
  ...over,
});
const form = (over: Partial<FaultForm>): FaultForm => ({ ...DEFAULT_FAULT_FORM, ...over });

const record = (over: Partial<FaultRecord>): FaultRecord => ({
  id: 'F1',
  kind: 'cabinet-power-loss',
  target: 'cab-010',
  by: 'operator',
  occurrence: 1,
  occurrences: 1,
  steps: [{ step: 'injected', timeUs: 1_000_000 }],
  current: 'injected',
  active: true,
  isolatedDevices: 0,
  isolatedLinks: 0,
  hostsNotified: 0,
  reroutedFlows: 0,
  unroutableFlows: 0,
  detail: 'until repaired',
  ...over,
});

describe('checkFaultForm', () => {
  it('builds a cabinet power loss now as one operator event at the current time', () => {
    const r = checkFaultForm(form({ kind: 'cabinet-power-loss', target: ' cab-010 ' }), context());
    expect(r).toEqual({
      ok: true,
      startNow: true,
      event: { kind: 'cabinet-power-loss', target: 'cab-010', atSeconds: 60, by: 'operator' },
    });
  });

  it('names what is wrong with a target that does not exist or is the wrong kind', () => {
    const missing = checkFaultForm(
      form({ kind: 'cabinet-power-loss', target: 'cab-999' }),
      context(),
    );
    expect(missing).toMatchObject({ ok: false, field: 'target' });
    expect(!missing.ok && missing.message).toContain('128 compute cabinet(s)');

    const wrongKind = checkFaultForm(
      form({ kind: 'cabinet-power-loss', target: 'pod-2' }),
      context(),
    );
    expect(!wrongKind.ok && wrongKind.message).toBe(
      'Target: "pod-2" names a pod, but cabinet-power-loss needs a compute cabinet id such as cab-000',
    );

    const noLink = checkFaultForm(
      form({ kind: 'link-fail', target: 'cab-000/srv-0/npu-0~cab-001/srv-0/npu-0' }),
      context(),
    );
    expect(!noLink.ok && noLink.message).toContain('there is no link between');

    const empty = checkFaultForm(form({ kind: 'npu-fail', target: '  ' }), context());
    expect(empty).toMatchObject({ ok: false, field: 'target' });
  });

  it('refuses to repair what is healthy and points at the fault that covers a member', () => {
    const healthy = checkFaultForm(form({ kind: 'repair', target: 'cab-010' }), context());
    expect(!healthy.ok && healthy.message).toBe(
      'Nothing to repair: cab-010 has no active fault (it is healthy)',
    );
    const faults = [record({})];
    const member = checkFaultForm(
      form({ kind: 'repair', target: 'cab-010/srv-2' }),
      context({ faults }),
    );
    expect(!member.ok && member.message).toContain('because of F1 (cabinet-power-loss on cab-010)');
    const own = checkFaultForm(form({ kind: 'repair', target: 'cab-010' }), context({ faults }));
    expect(own.ok && own.event).toMatchObject({ kind: 'repair', target: 'cab-010' });
  });

  it('refuses a second active fault of the same kind on the same target', () => {
    const r = checkFaultForm(
      form({ kind: 'cabinet-power-loss', target: 'cab-010' }),
      context({ faults: [record({ current: 'isolated' })] }),
    );
    expect(!r.ok && r.message).toBe(
      'cab-010 already has an active cabinet-power-loss (F1, isolated); repair it first',
    );
  });

  it('reads the start, duration, recurrence and kind parameters', () => {
    const r = checkFaultForm(
      form({
        kind: 'link-flap',
        target: 'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2',
        start: 'at',
        atText: '5m',
        end: 'after',
        durationText: '90s',
        recur: true,
        everyText: '10m',
        timesText: '3',
        flapPeriodText: '10s',
        flapDownText: '2s',
      }),
      context(),
    );
    expect(r).toEqual({
      ok: true,
      startNow: false,
      event: {
        kind: 'link-flap',
        target: 'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2',
        atSeconds: 300,
        by: 'operator',
        durationSeconds: 90,
        repeat: { everySeconds: 600, times: 3 },
        flapPeriodSeconds: 10,
        downSeconds: 2,
      },
    });
    const degrade = checkFaultForm(
      form({ kind: 'link-degrade', target: 'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2' }),
      context(),
    );
    expect(degrade.ok && degrade.event).toMatchObject({ bandwidthFraction: 0.25 });
  });

  it('refuses impossible timing with the field it concerns', () => {
    const past = checkFaultForm(
      form({ kind: 'npu-fail', target: 'cab-001/srv-0/npu-0', start: 'at', atText: '30s' }),
      context(),
    );
    expect(past).toMatchObject({ ok: false, field: 'at' });
    expect(!past.ok && past.message).toContain('is in the past (now 1m 00.0s)');

    const late = checkFaultForm(
      form({ kind: 'npu-fail', target: 'cab-001/srv-0/npu-0', start: 'at', atText: '2h' }),
      context(),
    );
    expect(!late.ok && late.message).toContain('after the scenario ends (durationSeconds 3600)');

    const badDuration = checkFaultForm(
      form({ kind: 'npu-fail', target: 'cab-001/srv-0/npu-0', end: 'after', durationText: '5x' }),
      context(),
    );
    expect(badDuration).toMatchObject({ ok: false, field: 'duration' });

    const overlap = checkFaultForm(
      form({
        kind: 'npu-fail',
        target: 'cab-001/srv-0/npu-0',
        end: 'after',
        durationText: '20m',
        recur: true,
        everyText: '10m',
      }),
      context(),
    );
    expect(overlap).toMatchObject({ ok: false, field: 'duration' });
    expect(!overlap.ok && overlap.message).toContain('shorter than repeat.everySeconds');

    const noDuration = checkFaultForm(
      form({ kind: 'npu-fail', target: 'cab-001/srv-0/npu-0', recur: true }),
      context(),
    );
    expect(noDuration).toMatchObject({ ok: false, field: 'duration' });

    const times = checkFaultForm(
      form({ kind: 'npu-fail', target: 'cab-001/srv-0/npu-0', recur: true, timesText: '1' }),
      context(),
    );
    expect(times).toMatchObject({ ok: false, field: 'times' });

    const bandwidth = checkFaultForm(
      form({
        kind: 'link-degrade',
        target: 'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2',
        bandwidthText: '100',
      }),
      context(),
    );
    expect(bandwidth).toMatchObject({ ok: false, field: 'bandwidth' });

    const flap = checkFaultForm(
      form({
        kind: 'link-flap',
        target: 'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2',
        flapDownText: '20s',
      }),
      context(),
    );
    expect(flap).toMatchObject({ ok: false, field: 'flapDown' });
  });
});

describe('activeFaultsCovering', () => {
  it('finds the fault of an entity and of what contains it, not of neighbours or ended ones', () => {
    const faults = [
      record({ id: 'F1' }),
      record({ id: 'F2', kind: 'npu-fail', target: 'cab-011/srv-0/npu-0' }),
      record({ id: 'F3', kind: 'server-down', target: 'cab-010/srv-1', active: false }),
    ];
    const ids = (id: string) => activeFaultsCovering(cluster, faults, id).map((f) => f.id);
    expect(ids('cab-010/srv-1/npu-3')).toEqual(['F1']);
    expect(ids('cab-010')).toEqual(['F1']);
    expect(ids('cab-011/srv-0/npu-0')).toEqual(['F2']);
    expect(ids('cab-011/srv-0/npu-1')).toEqual([]);
    expect(ids('cab-100')).toEqual([]);
  });
});

describe('kindsFor', () => {
  it('offers the fault kinds a selected entity can take', () => {
    expect(kindsFor(cluster, 'cab-010')).toEqual(['cabinet-power-loss', 'agent-loss']);
    expect(kindsFor(cluster, 'cab-010/srv-1/npu-3')).toEqual(['npu-fail']);
    expect(kindsFor(cluster, 'icab-04')).toEqual(['switch-down', 'agent-loss']);
    expect(kindsFor(cluster, 'pod-2')).toEqual(['pod-cut']);
    expect(kindsFor(cluster, 'nonsense')).toEqual([]);
  });
});
