import { hashString32 } from './rng';
import { SCENARIO_VERSION } from './scenario';
import type { ScenarioError } from './scenarioIo';
import { parseDuration, usToSeconds } from './time';

/**
 * Scenario files outlive the code that wrote them, so every format change ships a migration from
 * version n to n + 1, and a file of any known version is brought up to the current one before it
 * is validated. A migration works on plain JSON data and must not trust it: anything it cannot
 * convert it reports with a `MigrationError` that names the place.
 */
export type Migration = (raw: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** Thrown by a migration for input it cannot convert; `path` is formatted like a ScenarioError's. */
export class MigrationError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.name = 'MigrationError';
    this.path = path;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * v0 is the pre-release shape: a timeline event's time was a duration string such as "90s" or
 * "5m" in `at`, and `seed` could be any string. v1 has `atSeconds` (a number) and a 32-bit seed; a
 * string seed becomes its FNV-1a hash, so an old file keeps replaying the same run every time.
 */
const v0ToV1: Migration = (raw) => {
  const next: Record<string, unknown> = { ...raw, version: 1 };
  if (typeof raw.seed === 'string') next.seed = hashString32(raw.seed);
  if (Array.isArray(raw.timeline)) {
    next.timeline = raw.timeline.map((event: unknown, i) => {
      if (!isRecord(event) || !('at' in event)) return event;
      const { at, ...rest } = event;
      const path = `timeline[${i}].at`;
      if ('atSeconds' in rest) {
        throw new MigrationError(path, 'has both "at" and "atSeconds"; keep one');
      }
      if (typeof at === 'number') return { ...rest, atSeconds: at };
      const us = typeof at === 'string' ? parseDuration(at) : undefined;
      if (us === undefined) {
        throw new MigrationError(
          path,
          `${JSON.stringify(at) ?? String(at)} is not a duration (expected e.g. "90s", "5m", "1.5h")`,
        );
      }
      return { ...rest, atSeconds: usToSeconds(us) };
    });
  }
  return next;
};

/** Migration from version n (the key) to n + 1. */
export const MIGRATIONS: ReadonlyMap<number, Migration> = new Map([[0, v0ToV1]]);

/** The oldest version with a migration path to the current one. */
export const OLDEST_SCENARIO_VERSION = 0;

export type MigrationResult =
  | { readonly ok: true; readonly raw: Record<string, unknown>; readonly migratedFrom?: number }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** Brings a raw scenario object of any known version up to `SCENARIO_VERSION`. */
export function migrateScenario(raw: Readonly<Record<string, unknown>>): MigrationResult {
  const version = raw.version;
  const fail = (message: string): MigrationResult => ({
    ok: false,
    errors: [{ path: 'version', message }],
  });
  if (version === undefined) {
    return fail(
      `missing: a scenario states its format version, e.g. "version": ${SCENARIO_VERSION}`,
    );
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return fail(
      `expected an integer format version such as ${SCENARIO_VERSION}, got ${JSON.stringify(version)}`,
    );
  }
  if (version > SCENARIO_VERSION) {
    return fail(`version ${version} is newer than this twin understands (${SCENARIO_VERSION})`);
  }
  if (version === SCENARIO_VERSION) return { ok: true, raw: { ...raw } };
  let current: Record<string, unknown> = { ...raw };
  for (let v = version; v < SCENARIO_VERSION; v++) {
    const migrate = MIGRATIONS.get(v);
    if (!migrate) {
      return fail(
        `version ${version} is not a scenario format version this twin reads (${OLDEST_SCENARIO_VERSION} … ${SCENARIO_VERSION})`,
      );
    }
    try {
      current = { ...migrate(current), version: v + 1 };
    } catch (error) {
      if (error instanceof MigrationError) {
        return { ok: false, errors: [{ path: error.path, message: error.message }] };
      }
      const detail = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        errors: [{ path: '(root)', message: `migration from version ${v} failed: ${detail}` }],
      };
    }
  }
  return { ok: true, raw: current, migratedFrom: version };
}
