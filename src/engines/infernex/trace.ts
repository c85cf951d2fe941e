import type { Rng } from '../../sim/rng';

/** Tokens per prefix block in Mooncake traces: each hash id covers 512 tokens and all before them. */
export const BLOCK_TOKENS = 512;

/** One request of a trace, in arrival order. */
export interface TraceRequest {
  /** Dense index in arrival order. */
  readonly id: number;
  readonly arrivalUs: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /**
   * Chained prefix-block hashes (`ceil(input / 512)` of them): two requests share a KV prefix
   * exactly as long as their blocks agree from the start. Empty when the trace has no prefix data.
   */
  readonly blocks: readonly number[];
}

export interface Trace {
  readonly name: string;
  readonly requests: readonly TraceRequest[];
  /** Whether `blocks` carry real prefix reuse (Mooncake, synthetic) or are absent (Azure). */
  readonly hasPrefixInfo: boolean;
  /** How the file was turned into arrivals, for reports. */
  readonly notes: readonly string[];
}

export type TraceParse =
  | { readonly ok: true; readonly trace: Trace }
  | {
      readonly ok: false;
      readonly line: number;
      readonly message: string;
      readonly errorCount: number;
    };

export interface MooncakeOptions {
  /**
   * The conversation trace's timestamps are quantised to ~3 s buckets (90 % of gaps are 0).
   * `even` (default) spreads the requests of one bucket evenly over the bucket, the gap to the
   * next distinct timestamp capped at `bucketMs`; `burst` sends each bucket at its timestamp.
   */
  readonly spread?: 'even' | 'burst';
  readonly bucketMs?: number;
  /** Keep only the first `limit` requests. */
  readonly limit?: number;
  readonly name?: string;
}

const isNonNegativeInt = (x: unknown): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= 0;

interface RawRequest {
  readonly timestampMs: number;
  readonly input: number;
  readonly output: number;
  readonly blocks: readonly number[];
}

/** Parses a Mooncake `*.jsonl` trace. Errors name the 1-based line of the first problem. */
export function parseMooncakeJsonl(text: string, options: MooncakeOptions = {}): TraceParse {
  const limit = options.limit ?? Infinity;
  const raw: RawRequest[] = [];
  let firstError: { line: number; message: string } | undefined;
  let errorCount = 0;
  const fail = (line: number, message: string) => {
    errorCount++;
    firstError ??= { line, message };
  };
  let lineNo = 0;
  let start = 0;
  while (start <= text.length && raw.length < limit) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      fail(lineNo, 'not valid JSON');
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(lineNo, 'expected an object with timestamp, input_length, output_length, hash_ids');
      continue;
    }
    const r = value as Record<string, unknown>;
    if (!isNonNegativeInt(r.timestamp)) {
      fail(lineNo, 'timestamp must be an integer number of milliseconds ≥ 0');
      continue;
    }
    if (!isNonNegativeInt(r.input_length) || r.input_length < 1) {
      fail(lineNo, 'input_length must be an integer ≥ 1');
      continue;
    }
    if (!isNonNegativeInt(r.output_length) || r.output_length < 1) {
      fail(lineNo, 'output_length must be an integer ≥ 1');
      continue;
    }
    const hashes = r.hash_ids;
    if (!Array.isArray(hashes) || !hashes.every(isNonNegativeInt)) {
      fail(lineNo, 'hash_ids must be an array of integers ≥ 0');
      continue;
    }
    const expected = Math.ceil(r.input_length / BLOCK_TOKENS);
    if (hashes.length !== expected) {
      fail(
        lineNo,
        `hash_ids has ${hashes.length} blocks, expected ceil(${r.input_length} / ${BLOCK_TOKENS}) = ${expected}`,
      );
      continue;
    }
    const previous = raw.at(-1);
    if (previous && r.timestamp < previous.timestampMs) {
      fail(lineNo, `timestamp ${r.timestamp} goes back in time (previous ${previous.timestampMs})`);
      continue;
    }
    raw.push({
      timestampMs: r.timestamp,
      input: r.input_length,
      output: r.output_length,
      blocks: hashes as number[],
    });
  }
  if (firstError) return { ok: false, ...firstError, errorCount };
  if (raw.length === 0)
    return { ok: false, line: lineNo, message: 'the trace has no requests', errorCount: 1 };

  const spread = options.spread ?? 'even';
  const bucketMs = options.bucketMs ?? 3000;
  const arrivalsUs =
    spread === 'even'
      ? spreadBuckets(
          raw.map((r) => r.timestampMs),
          bucketMs,
        )
      : raw.map((r) => r.timestampMs * 1000);
  const requests = raw.map((r, id) => ({
    id,
    arrivalUs: arrivalsUs[id],
    inputTokens: r.input,
    outputTokens: r.output,
    blocks: r.blocks,
  }));
  return {
    ok: true,
    trace: {
      name: options.name ?? 'mooncake',
      requests,
      hasPrefixInfo: true,
      notes: [
        spread === 'even'
          ? `timestamps quantised to ~${bucketMs / 1000} s: each bucket's requests spread evenly over the gap to the next timestamp (at most ${bucketMs} ms)`
          : 'timestamps quantised to ~3 s: each bucket sent as a burst at its timestamp',
      ],
    },
  };
}

/**
 * Requests sharing one timestamp get `t + i · width / k` (i = 0…k−1), width = the gap to the next
 * distinct timestamp capped at `bucketMs`, so the order is kept and arrivals never pass the next
 * bucket. Integer µs.
 */
export function spreadBuckets(timestampsMs: readonly number[], bucketMs: number): number[] {
  const out = new Array<number>(timestampsMs.length);
  let i = 0;
  while (i < timestampsMs.length) {
    let j = i;
    while (j < timestampsMs.length && timestampsMs[j] === timestampsMs[i]) j++;
    const next = j < timestampsMs.length ? timestampsMs[j] : timestampsMs[i] + bucketMs;
    const widthUs = Math.min(next - timestampsMs[i], bucketMs) * 1000;
    const k = j - i;
    for (let m = 0; m < k; m++) out[i + m] = timestampsMs[i] * 1000 + Math.floor((m * widthUs) / k);
    i = j;
  }
  return out;
}

/** Microseconds since 1970 of `YYYY-MM-DD HH:MM:SS[.fffffff]` read as UTC, without a Date object. */
function parseTimestampUs(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k]));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  // Days from civil (H. Hinnant's algorithm): proleptic Gregorian, no time zones.
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  const fraction = m[7] ? Math.round(Number(`0.${m[7]}`) * 1e6) : 0;
  return ((days * 24 + h) * 60 + mi) * 60e6 + s * 1e6 + fraction;
}

/**
 * Parses an Azure LLM inference trace (`TIMESTAMP,ContextTokens,GeneratedTokens`). Lengths only: no
 * prefix data, so it drives load, not cache reuse. Arrivals are relative to the first row.
 */
export function parseAzureCsv(
  text: string,
  options: { readonly limit?: number; readonly name?: string } = {},
): TraceParse {
  const limit = options.limit ?? Infinity;
  const lines = text.split('\n');
  const header = (lines[0] ?? '').trim().replace(/^\uFEFF/, '');
  if (header.replace(/\s/g, '') !== 'TIMESTAMP,ContextTokens,GeneratedTokens')
    return {
      ok: false,
      line: 1,
      message: `expected the header "TIMESTAMP,ContextTokens,GeneratedTokens", got "${header.slice(0, 60)}"`,
      errorCount: 1,
    };
  const rows: { t: number; input: number; output: number }[] = [];
  let firstError: { line: number; message: string } | undefined;
  let errorCount = 0;
  for (let i = 1; i < lines.length && rows.length < limit; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fail = (message: string) => {
      errorCount++;
      firstError ??= { line: i + 1, message };
    };
    const cells = line.split(',');
    if (cells.length !== 3) {
      fail(`expected 3 comma-separated fields, got ${cells.length}`);
      continue;
    }
    const t = parseTimestampUs(cells[0]);
    const input = Number(cells[1]);
    const output = Number(cells[2]);
    if (t === undefined) fail(`bad TIMESTAMP "${cells[0]}" (expected YYYY-MM-DD HH:MM:SS.fffffff)`);
    else if (!Number.isInteger(input) || input < 1)
      fail(`ContextTokens must be an integer ≥ 1, got "${cells[1]}"`);
    else if (!Number.isInteger(output) || output < 1)
      fail(`GeneratedTokens must be an integer ≥ 1, got "${cells[2]}"`);
    else rows.push({ t, input, output });
  }
  if (firstError) return { ok: false, ...firstError, errorCount };
  if (rows.length === 0)
    return { ok: false, line: lines.length, message: 'the trace has no requests', errorCount: 1 };
  const t0 = rows.reduce((m, r) => Math.min(m, r.t), Infinity);
  const order = rows.map((_, i) => i).sort((a, b) => rows[a].t - rows[b].t || a - b);
  const requests = order.map((k, id) => ({
    id,
    arrivalUs: rows[k].t - t0,
    inputTokens: rows[k].input,
    outputTokens: rows[k].output,
    blocks: [] as readonly number[],
  }));
  return {
    ok: true,
    trace: {
      name: options.name ?? 'azure',
      requests,
      hasPrefixInfo: false,
      notes: [
        'Azure 2023 trace: lengths only, no prefix data (no cache reuse); arrivals relative to the first row',
      ],
    },
  };
}

/** Picks the parser by content: a header line of the Azure CSV, else Mooncake JSONL. */
export function parseTrace(text: string, options: MooncakeOptions = {}): TraceParse {
  const head = text.trimStart().slice(0, 40);
  if (head.startsWith('{')) return parseMooncakeJsonl(text, options);
  if (/^\uFEFF?TIMESTAMP/i.test(head)) return parseAzureCsv(text, options);
  return {
    ok: false,
    line: 1,
    message:
      'unknown trace format: expected Mooncake JSONL ({"timestamp": …}) or Azure CSV (TIMESTAMP,ContextTokens,GeneratedTokens)',
    errorCount: 1,
  };
}

export interface SyntheticOptions {
  readonly requests: number;
  /** Mean arrival rate, requests per second. */
  readonly ratePerS: number;
  /** `poisson`: exponential gaps. `bursty`: a two-state on/off process, `burstFactor` × the rate while on. */
  readonly arrival: 'poisson' | 'bursty';
  readonly burstFactor?: number;
  /** Distinct system prompts shared across sessions, and their length in blocks. */
  readonly systemPrompts?: number;
  readonly systemPromptBlocks?: number;
  /** Mean turns per session (geometric): later turns resend the whole conversation so far. */
  readonly meanTurns?: number;
  /** Mean new user tokens per turn and mean output tokens (exponential, at least 1). */
  readonly meanUserTokens?: number;
  readonly meanOutputTokens?: number;
  readonly name?: string;
}

/**
 * A seeded synthetic trace with prefix sharing of the kind the Mooncake trace shows: sessions open
 * with one of a few shared system prompts, and every later turn of a session resends the whole
 * conversation, so its complete blocks repeat the previous turn's.
 */
export function syntheticTrace(options: SyntheticOptions, rng: Rng): Trace {
  const systemPrompts = options.systemPrompts ?? 8;
  const systemBlocks = options.systemPromptBlocks ?? 4;
  const meanTurns = options.meanTurns ?? 3;
  const meanUser = options.meanUserTokens ?? 1500;
  const meanOutput = options.meanOutputTokens ?? 300;
  const burstFactor = options.burstFactor ?? 4;
  const exp = (mean: number) => -Math.log(1 - rng.next()) * mean;
  let nextHash = 0;
  const systemHashes = Array.from({ length: systemPrompts }, () =>
    Array.from({ length: systemBlocks }, () => nextHash++),
  );

  interface Session {
    blocks: number[];
    tokens: number;
    turnsLeft: number;
  }
  const open: Session[] = [];
  const requests: TraceRequest[] = [];
  let t = 0;
  let on = true;
  let stateLeftS = exp(10);
  for (let id = 0; id < options.requests; id++) {
    // Bursty: on and off periods of 10 s (mean, exponential) whose rates differ by burstFactor and
    // average to ratePerS.
    let gap: number;
    if (options.arrival === 'poisson') gap = exp(1 / options.ratePerS);
    else {
      const rate = (2 * options.ratePerS * (on ? burstFactor : 1)) / (burstFactor + 1);
      gap = exp(1 / rate);
      stateLeftS -= gap;
      if (stateLeftS <= 0) {
        on = !on;
        stateLeftS = exp(10);
      }
    }
    t += gap;
    // Continue an open session with probability 1 − 1/meanTurns, else start one.
    let session: Session | undefined;
    if (open.length > 0 && rng.next() < 1 - 1 / meanTurns) {
      const k = rng.int(open.length);
      session = open[k];
      session.turnsLeft--;
      if (session.turnsLeft <= 0) open.splice(k, 1);
    }
    if (!session) {
      const sys = systemHashes[rng.int(systemPrompts)];
      session = {
        blocks: [...sys],
        tokens: systemBlocks * BLOCK_TOKENS,
        turnsLeft: 1 + Math.floor(exp(meanTurns)),
      };
      open.push(session);
    }
    const input = session.tokens + Math.max(1, Math.round(exp(meanUser)));
    const output = Math.max(1, Math.round(exp(meanOutput)));
    const fullShared = Math.floor(session.tokens / BLOCK_TOKENS);
    const blocks = session.blocks.slice(0, fullShared);
    while (blocks.length < Math.ceil(input / BLOCK_TOKENS)) blocks.push(nextHash++);
    requests.push({
      id,
      arrivalUs: Math.round(t * 1e6),
      inputTokens: input,
      outputTokens: output,
      blocks,
    });
    session.blocks = blocks;
    session.tokens = input + output;
  }
  return {
    name: options.name ?? `synthetic-${options.arrival}`,
    requests,
    hasPrefixInfo: true,
    notes: [
      `synthetic ${options.arrival} arrivals at ${options.ratePerS} req/s, ${systemPrompts} shared system prompts of ${systemBlocks} blocks, ~${meanTurns} turns per session`,
    ],
  };
}

export interface TraceStats {
  readonly requests: number;
  readonly spanS: number;
  readonly meanInput: number;
  readonly meanOutput: number;
  readonly blocks: number;
  readonly distinctBlocks: number;
  /** Fraction of blocks that repeat an earlier block: the hit-rate upper bound of an infinite cache. */
  readonly repeatedBlockFraction: number;
  /** Fraction of blocks that are a leading-prefix hit in an infinite cache. */
  readonly prefixHitUpperBound: number;
}

export function traceStats(trace: Trace): TraceStats {
  const seen = new Set<number>();
  let blocks = 0;
  let repeated = 0;
  let prefixHits = 0;
  let input = 0;
  let output = 0;
  for (const r of trace.requests) {
    input += r.inputTokens;
    output += r.outputTokens;
    let leading = true;
    for (const h of r.blocks) {
      blocks++;
      if (seen.has(h)) {
        repeated++;
        if (leading) prefixHits++;
      } else {
        leading = false;
        seen.add(h);
      }
    }
  }
  const n = trace.requests.length;
  const last = trace.requests[n - 1];
  return {
    requests: n,
    spanS: last ? last.arrivalUs / 1e6 : 0,
    meanInput: n ? input / n : 0,
    meanOutput: n ? output / n : 0,
    blocks,
    distinctBlocks: seen.size,
    repeatedBlockFraction: blocks ? repeated / blocks : 0,
    prefixHitUpperBound: blocks ? prefixHits / blocks : 0,
  };
}
