import { describe, expect, it } from 'vitest';
import { MIGRATIONS, MigrationError, migrateScenario, OLDEST_SCENARIO_VERSION } from './migrations';
import { hashString32 } from './rng';
import { SCENARIO_VERSION } from './scenario';
import { validateScenario } from './scenarioIo';

/** A scenario as the pre-release builds wrote it. */
const v0 = {
  version: 0,
  name: 'pre-release drill',
  profile: 'ub-lab-1cab',
  seed: 'drill-42',
  timeline: [
    { at: '90s', kind: 'npu-fail', target: 'cab-000/srv-1/npu-2' },
    { at: '5m', kind: 'npu-repair', target: 'cab-000/srv-1/npu-2' },
    { at: '250ms', kind: 'link-fail', target: 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1' },
    { at: 12, kind: 'link-repair', target: 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1' },
  ],
};

describe('scenario migrations', () => {
  it('has a chain from every registered version up to the current one', () => {
    for (let v = OLDEST_SCENARIO_VERSION; v < SCENARIO_VERSION; v++) {
      expect(MIGRATIONS.has(v)).toBe(true);
    }
    expect(MIGRATIONS.has(SCENARIO_VERSION)).toBe(false);
  });

  it('turns v0 duration strings into atSeconds and a string seed into its 32-bit hash', () => {
    const result = migrateScenario(v0);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.migratedFrom).toBe(0);
    expect(result.raw.version).toBe(1);
    expect(result.raw.seed).toBe(hashString32('drill-42'));
    expect(result.raw.timeline).toEqual([
      { atSeconds: 90, kind: 'npu-fail', target: 'cab-000/srv-1/npu-2' },
      { atSeconds: 300, kind: 'npu-repair', target: 'cab-000/srv-1/npu-2' },
      { atSeconds: 0.25, kind: 'link-fail', target: 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1' },
      { atSeconds: 12, kind: 'link-repair', target: 'cab-000/srv-0/npu-0~cab-000/srv-0/npu-1' },
    ]);
  });

  it('leaves its input untouched', () => {
    const copy = structuredClone(v0);
    migrateScenario(v0);
    expect(v0).toEqual(copy);
  });

  it('validates a migrated v0 file as v1 and says it migrated', () => {
    const result = validateScenario(v0);
    expect(result).toMatchObject({ ok: true, migratedFrom: 0 });
    if (!result.ok) return;
    expect(result.scenario.seed).toBe(hashString32('drill-42'));
    expect(result.scenario.timeline.map((e) => e.atSeconds)).toEqual([90, 300, 0.25, 12]);
  });

  it('keeps a numeric v0 seed as it is', () => {
    const result = migrateScenario({ ...v0, seed: 77 });
    expect(result.ok && result.raw.seed).toBe(77);
  });

  it('reports a v0 duration it cannot read, with its path', () => {
    const bad = {
      ...v0,
      timeline: [v0.timeline[0], { at: 'soon', kind: 'npu-fail', target: 'x' }],
    };
    expect(migrateScenario(bad)).toEqual({
      ok: false,
      errors: [
        {
          path: 'timeline[1].at',
          message: '"soon" is not a duration (expected e.g. "90s", "5m", "1.5h")',
        },
      ],
    });
    const both = { ...v0, timeline: [{ at: '1s', atSeconds: 1, kind: 'npu-fail', target: 'x' }] };
    expect(migrateScenario(both)).toEqual({
      ok: false,
      errors: [{ path: 'timeline[0].at', message: 'has both "at" and "atSeconds"; keep one' }],
    });
  });

  it('passes the current version through without migrating', () => {
    const current = { version: SCENARIO_VERSION, name: 'n', profile: 'p', seed: 1 };
    expect(migrateScenario(current)).toEqual({ ok: true, raw: current });
  });

  it('refuses missing, non-integer, unknown and future versions with a clear message', () => {
    const base = { name: 'n', profile: 'p', seed: 1 };
    const message = (raw: Record<string, unknown>) => {
      const r = migrateScenario(raw);
      return r.ok ? 'ok' : `${r.errors[0].path}: ${r.errors[0].message}`;
    };
    expect(message(base)).toBe(
      'version: missing: a scenario states its format version, e.g. "version": 1',
    );
    expect(message({ ...base, version: '1' })).toBe(
      'version: expected an integer format version such as 1, got "1"',
    );
    expect(message({ ...base, version: 1.5 })).toBe(
      'version: expected an integer format version such as 1, got 1.5',
    );
    expect(message({ ...base, version: -1 })).toBe(
      'version: version -1 is not a scenario format version this twin reads (0 … 1)',
    );
    expect(message({ ...base, version: 7 })).toBe(
      'version: version 7 is newer than this twin understands (1)',
    );
  });

  it('MigrationError carries its path', () => {
    const error = new MigrationError('timeline[2].at', 'bad');
    expect(error).toBeInstanceOf(Error);
    expect([error.path, error.message, error.name]).toEqual([
      'timeline[2].at',
      'bad',
      'MigrationError',
    ]);
  });
});
