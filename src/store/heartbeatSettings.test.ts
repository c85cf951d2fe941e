import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenarios';
import {
  designDefaultsForm,
  heartbeatFormOf,
  sameHeartbeatForm,
  scenarioWithHeartbeat,
  type HeartbeatForm,
} from './heartbeatSettings';

const base = defaultScenario();

function applied(form: HeartbeatForm) {
  const change = scenarioWithHeartbeat(base, form);
  if (!change.ok) throw new Error(change.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return change.scenario;
}

describe('heartbeat settings form', () => {
  it('reads the default scenario as the hierarchical design with its documented defaults', () => {
    const form = heartbeatFormOf(base);
    expect(form).toEqual({
      design: 'hierarchical',
      periodMs: '1000',
      timeoutMs: '200',
      fanout: '65',
      suspicionMult: '4',
      lifeguard: true,
    });
    expect(sameHeartbeatForm(form, designDefaultsForm('hierarchical'))).toBe(true);
    expect(sameHeartbeatForm(form, designDefaultsForm('gossip'))).toBe(false);
  });

  it("writes only the design when the form holds that design's defaults", () => {
    const next = applied(designDefaultsForm('flat-sequential'));
    expect(next.engines?.fabric?.heartbeat).toEqual({ design: 'flat-sequential' });
    expect(heartbeatFormOf(next)).toEqual(designDefaultsForm('flat-sequential'));
  });

  it('writes what differs from the defaults and moves nothing else of the scenario', () => {
    const form = { ...designDefaultsForm('hierarchical'), periodMs: '500', fanout: '16' };
    const next = applied(form);
    expect(next.engines?.fabric?.heartbeat).toEqual({
      design: 'hierarchical',
      periodMs: 500,
      fanout: 16,
    });
    expect(heartbeatFormOf(next)).toEqual(form);
    expect({ ...next, engines: undefined }).toEqual({ ...base, engines: undefined });
    expect(next.engines?.fabric?.isolation).toEqual(base.engines?.fabric?.isolation);
  });

  it('keeps gossip-only settings out of the other designs', () => {
    const gossip = { ...designDefaultsForm('gossip'), suspicionMult: '6', lifeguard: false };
    expect(applied(gossip).engines?.fabric?.heartbeat).toEqual({
      design: 'gossip',
      suspicionMult: 6,
      lifeguard: false,
    });
    const hierarchical = { ...designDefaultsForm('hierarchical'), suspicionMult: '6' };
    expect(applied(hierarchical).engines?.fabric?.heartbeat).toEqual({ design: 'hierarchical' });
  });

  it('names the field of a value that is not a number, and of one the schema refuses', () => {
    const typed = scenarioWithHeartbeat(base, {
      ...designDefaultsForm('hierarchical'),
      periodMs: '1 s',
      timeoutMs: '',
    });
    expect(typed).toEqual({
      ok: false,
      errors: [
        { path: 'engines.fabric.heartbeat.periodMs', message: '"1 s" is not a number' },
        { path: 'engines.fabric.heartbeat.timeoutMs', message: '"" is not a number' },
      ],
    });
    const refused = scenarioWithHeartbeat(base, {
      ...designDefaultsForm('hierarchical'),
      fanout: '0',
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.errors.map((e) => e.path)).toEqual(['engines.fabric.heartbeat.fanout']);
  });
});
