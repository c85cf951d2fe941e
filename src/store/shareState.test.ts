import { describe, expect, it } from 'vitest';
import { clusterFor } from '../engines/clusterCache';
import { defaultScenario } from '../scenarios';
import { decodeShareFragment, encodeShareState } from '../sim/shareLink';
import type { TimelineEvent } from '../sim/scenario';
import type { ColorMetric } from '../ui/metrics';
import {
  buildShareState,
  decodePanel,
  encodePanel,
  resolveView,
  sessionFileJson,
  sessionFileName,
  splitOperatorActions,
  type ShareInputs,
  metricOnScenario,
} from './shareState';

const isMetric = (m: string): m is ColorMetric => m === 'health' || m === 'load' || m === 'hbm';
const cluster = clusterFor('ub-supernode-8k');
const action: TimelineEvent = {
  kind: 'npu-fail',
  atSeconds: 360,
  target: 'cab-042/srv-1/npu-2',
  by: 'operator',
};

const inputs = (): ShareInputs => ({
  scenario: defaultScenario(),
  actions: [action],
  timeUs: 360_000_000,
  camera: { position: [1, 2, 3], target: [0, 0.5, -1] },
  selection: [
    { id: 'cab-042/srv-1/npu-3', ref: { kind: 'npu', index: 2699 } },
    { id: 'cab-100/srv-7/npu-7', ref: { kind: 'npu', index: 6463 } },
  ],
  focusedCabinet: 42,
  tab: 'heatmap',
  panel: 'scenario',
  metric: 'load',
  infernex: 'policy=least-load;n=8',
});

describe('panel field', () => {
  it('carries the centre tab and the side panel', () => {
    expect(encodePanel('heatmap', 'scenario')).toBe('heatmap,scenario');
    expect(decodePanel('heatmap,scenario')).toEqual({ tab: 'heatmap', panel: 'scenario' });
    expect(decodePanel('scenario')).toEqual({ tab: 'room', panel: 'scenario' });
    expect(decodePanel(undefined)).toEqual({ tab: 'room', panel: 'inspector' });
    expect(decodePanel('bogus, heatmap')).toEqual({ tab: 'heatmap', panel: 'inspector' });
  });
});

describe('buildShareState', () => {
  it('captures scenario, actions and view as the share link carries them', () => {
    const state = buildShareState(inputs());
    expect(state.v).toBe(1);
    expect(state.actions).toEqual([action]);
    expect(state.view).toEqual({
      simTimeUs: 360_000_000,
      selection: ['cab-042/srv-1/npu-3', 'cab-100/srv-7/npu-7'],
      panel: 'heatmap,scenario',
      metric: 'load',
      camera: { position: [1, 2, 3], target: [0, 0.5, -1] },
      focusedCabinet: 'cab-042',
      infernex: 'policy=least-load;n=8',
    });
  });

  it('leaves out camera, focus and default InferNex settings when there are none', () => {
    const state = buildShareState({
      ...inputs(),
      camera: undefined,
      focusedCabinet: undefined,
      infernex: '',
    });
    expect('camera' in state.view).toBe(false);
    expect('focusedCabinet' in state.view).toBe(false);
    expect('infernex' in state.view).toBe(false);
  });

  it('survives the link codec and resolves back to the same view on the cluster', () => {
    const fragment = encodeShareState(buildShareState(inputs()));
    const decoded = decodeShareFragment(fragment, { clusterFor });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const view = resolveView(cluster, decoded.state.view, isMetric);
    expect(view.problems).toEqual([]);
    expect(view.timeUs).toBe(360_000_000);
    expect(view.selection.map((e) => e.ref)).toEqual([
      { kind: 'npu', index: 2699 },
      { kind: 'npu', index: 6463 },
    ]);
    expect(view.focusedCabinet).toBe(42);
    expect(view.tab).toBe('heatmap');
    expect(view.panel).toBe('scenario');
    expect(view.metric).toBe('load');
    expect(view.camera).toEqual({ position: [1, 2, 3], target: [0, 0.5, -1] });
    expect(view.infernex?.policy).toBe('least-load');
    expect(view.infernex?.instances).toBe(8);
    expect(decoded.state.actions).toEqual([action]);
  });
});

describe('resolveView', () => {
  it('drops what does not fit the cluster and says why', () => {
    const view = resolveView(
      cluster,
      { simTimeUs: 5, selection: ['cab-999', 'pod-3'], focusedCabinet: 'icab-01', metric: 'heat' },
      isMetric,
    );
    expect(view.selection.map((e) => e.id)).toEqual(['pod-3']);
    expect(view.focusedCabinet).toBeUndefined();
    expect(view.metric).toBeUndefined();
    expect(view.problems).toHaveLength(3);
    expect(view.problems[0]).toMatch(/cab-999.*128 compute cabinet/);
    expect(view.problems[1]).toMatch(/not a compute cabinet/);
    expect(view.problems[2]).toMatch(/"heat" is not a colour metric/);
  });

  it('reads InferNex settings from the link and reports the ones it cannot use', () => {
    const view = resolveView(
      cluster,
      { simTimeUs: 0, selection: [], infernex: 'policy=hermes;n=zero' },
      isMetric,
    );
    expect(view.infernex?.policy).toBe('hermes');
    expect(view.problems).toHaveLength(1);
    expect(view.problems[0]).toMatch(/^InferNex settings: /);
  });
});

describe('session file', () => {
  it('puts the actions on the timeline and splits them back out on import', () => {
    const scenario = defaultScenario();
    const parsed = JSON.parse(sessionFileJson(scenario, [action])) as typeof scenario;
    expect(parsed.timeline).toHaveLength(scenario.timeline.length + 1);
    expect(parsed.timeline.at(-1)).toEqual(action);
    const split = splitOperatorActions(parsed);
    expect(split.actions).toEqual([action]);
    expect(split.scenario.timeline).toEqual(scenario.timeline);
  });

  it('names the file after the scenario and the time', () => {
    const scenario = { ...defaultScenario(), name: 'UB super-node at work!' };
    expect(sessionFileName(scenario, 360_000_000)).toBe(
      'supernode-twin-ub-super-node-at-work-t360000ms.json',
    );
  });
});

describe('metricOnScenario', () => {
  it('keeps every metric on a serving scenario and drops Serving to health without a fleet', () => {
    for (const metric of ['health', 'load', 'hbm', 'serving'] as const)
      expect(metricOnScenario(metric, true)).toBe(metric);
    expect(metricOnScenario('serving', false)).toBe('health');
    expect(metricOnScenario('load', false)).toBe('load');
    expect(metricOnScenario('hbm', false)).toBe('hbm');
  });
});
