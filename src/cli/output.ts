/** Prints a result as JSON (`--json`) or as aligned `key  value` lines for people. */
export function print(result: Record<string, unknown>, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result, undefined, 2)}\n`);
    return;
  }
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [key, value] of Object.entries(result)) {
    const text = Array.isArray(value)
      ? value
          .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
          .join('\n' + ' '.repeat(width + 2))
      : typeof value === 'object' && value !== null
        ? JSON.stringify(value)
        : String(value);
    process.stdout.write(`${key.padEnd(width)}  ${text}\n`);
  }
}
