import { parseArgs, type ParseArgsConfig } from 'node:util';

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
