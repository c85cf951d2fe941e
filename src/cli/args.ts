import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_PROFILE_ID, parseProfile, PROFILES, type HardwareProfile } from '../model';

/** A usage problem: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}
/** Bad input (a file, a link, an id): printed as one line on stderr, exit code 1. */
export class InputError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<const T extends Options>(argv: readonly string[], options: T) {
  try {
    return parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function positiveNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new UsageError(`${name} must be a number ≥ 0, got "${text}"`);
  return value;
}

/** The profile a `--profile` option names (or `fallback`); an unknown id is a usage error listing the known ones. */
export function profileOption(
  id: string | undefined,
  fallback = DEFAULT_PROFILE_ID,
): HardwareProfile {
  const profileId = id ?? fallback;
  const profile = PROFILES.get(profileId);
  if (!profile)
    throw new UsageError(
      `unknown profile "${profileId}" (known: ${[...PROFILES.keys()].join(', ')})`,
    );
  return profile;
}

/** The options every command that builds a cluster takes: a shipped profile or a profile file. */
export const PROFILE_OPTIONS = {
  profile: { type: 'string' },
  'profile-file': { type: 'string' },
} as const;

/**
 * The profile of `--profile <id>` or `--profile-file <path.json>` (a custom topology, say), else
 * `fallback`. A file that cannot be read, is not JSON or is not a valid profile is an input error
 * naming the file, the field's path and what is wrong.
 */
export function profileFromOptions(
  values: { readonly profile?: string; readonly 'profile-file'?: string },
  fallback = DEFAULT_PROFILE_ID,
): HardwareProfile {
  const file = values['profile-file'];
  if (file === undefined) return profileOption(values.profile, fallback);
  if (values.profile !== undefined)
    throw new UsageError('give --profile <id> or --profile-file <path.json>, not both');
  let raw: unknown;
  try {
    raw = JSON.parse(readInputFile(file));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `${file}: not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = parseProfile(raw);
  if (!parsed.ok) {
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
    throw new InputError(`${file}: ${parsed.errors[0]}${more}`);
  }
  return parsed.profile;
}

/** A file's text; a missing or unreadable file is an input error that names it. */
export function readInputFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
