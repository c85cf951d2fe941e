import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../sim/rng';
import {
  parseAzureCsv,
  parseMooncakeJsonl,
  parseTrace,
  spreadBuckets,
  syntheticTrace,
  traceStats,
} from './trace';

const conversation = readFileSync('public/traces/conversation_trace.jsonl', 'utf8');
const azure = readFileSync('public/traces/AzureLLMInferenceTrace_code.csv', 'utf8');

function parsedOk(result: ReturnType<typeof parseTrace>) {
  if (!result.ok) throw new Error(`line ${result.line}: ${result.message}`);
  return result.trace;
}

describe('Mooncake conversation trace', () => {
  const trace = parsedOk(parseMooncakeJsonl(conversation));
  const stats = traceStats(trace);

  it('has the published shape: 12,031 requests over ~3,537 s, means 12,035 / 343 tokens', () => {
    expect(stats.requests).toBe(12_031);
    expect(stats.spanS).toBeGreaterThan(3536);
    expect(stats.spanS).toBeLessThan(3540);
    expect(Math.round(stats.meanInput)).toBe(12_035);
    expect(Math.round(stats.meanOutput)).toBe(343);
  });

  it('36.6 % of blocks repeat an earlier block: the hit-rate upper bound (288,500 blocks, 182,790 distinct)', () => {
    expect(stats.blocks).toBe(288_500);
    expect(stats.distinctBlocks).toBe(182_790);
    expect(stats.repeatedBlockFraction).toBeCloseTo(0.366, 3);
    // Chained hashes: every repeat is a leading-prefix repeat.
    expect(stats.prefixHitUpperBound).toBeCloseTo(stats.repeatedBlockFraction, 6);
  });

  it('spreads each 3 s bucket evenly, keeping order and never passing the next bucket', () => {
    const r = trace.requests;
    // The first bucket (timestamp 0) holds several requests spread over [0, 3 s).
    const first = r.filter((q) => q.arrivalUs < 3_000_000);
    expect(first.length).toBeGreaterThan(1);
    expect(first[1].arrivalUs).toBeGreaterThan(0);
    for (let i = 1; i < r.length; i++)
      expect(r[i].arrivalUs).toBeGreaterThanOrEqual(r[i - 1].arrivalUs);
    const burst = parsedOk(parseMooncakeJsonl(conversation, { spread: 'burst', limit: 50 }));
    expect(burst.requests.filter((q) => q.arrivalUs === 0).length).toBe(first.length);
  });

  it('spreadBuckets: k requests share the gap to the next timestamp', () => {
    expect(spreadBuckets([0, 0, 0, 0, 3000, 9000], 3000)).toEqual([
      0, 750_000, 1_500_000, 2_250_000, 3_000_000, 9_000_000,
    ]);
    // A long idle gap is capped at the bucket width.
    expect(spreadBuckets([0, 0, 10_000], 3000)).toEqual([0, 1_500_000, 10_000_000]);
  });

  it('limit keeps the first requests', () => {
    expect(parsedOk(parseMooncakeJsonl(conversation, { limit: 1500 })).requests).toHaveLength(1500);
  });
});

describe('trace errors name the line', () => {
  const good = '{"timestamp": 0, "input_length": 600, "output_length": 5, "hash_ids": [1, 2]}';
  it.each([
    ['not JSON', `${good}\n{oops\n`, 2, /not valid JSON/],
    [
      'missing hash_ids',
      `${good}\n${good}\n{"timestamp": 1, "input_length": 10, "output_length": 1}\n`,
      3,
      /hash_ids/,
    ],
    [
      'wrong block count',
      '{"timestamp": 0, "input_length": 1100, "output_length": 5, "hash_ids": [1, 2]}',
      1,
      /expected ceil\(1100 \/ 512\) = 3/,
    ],
    [
      'negative length',
      '{"timestamp": 0, "input_length": -1, "output_length": 5, "hash_ids": []}',
      1,
      /input_length/,
    ],
    [
      'time going back',
      `{"timestamp": 5, "input_length": 600, "output_length": 5, "hash_ids": [1, 2]}\n${good}`,
      2,
      /goes back/,
    ],
  ])('%s', (_name, text, line, message) => {
    const result = parseMooncakeJsonl(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.line).toBe(line);
    expect(result.message).toMatch(message);
  });

  it('CSV: bad header, bad row', () => {
    const header = parseAzureCsv('time,a,b\n1,2,3');
    expect(header.ok === false && header.line).toBe(1);
    const row = parseAzureCsv(
      'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n2023-11-16 18:17:04.0,x,8\n',
    );
    expect(row.ok === false && row.line).toBe(3);
    expect(row.ok === false && row.message).toMatch(/ContextTokens/);
  });

  it('unknown format', () => {
    const result = parseTrace('hello\n');
    expect(result.ok).toBe(false);
  });
});

describe('Azure code trace', () => {
  const trace = parsedOk(parseTrace(azure));
  const stats = traceStats(trace);
  it('8,819 requests over ~3,436 s, mean 2,048 / 28 tokens, no prefix data', () => {
    expect(stats.requests).toBe(8819);
    expect(Math.round(stats.spanS)).toBe(3436);
    expect(Math.round(stats.meanInput)).toBe(2048);
    expect(Math.round(stats.meanOutput)).toBe(28);
    expect(trace.hasPrefixInfo).toBe(false);
    expect(stats.blocks).toBe(0);
  });

  it('reads the timestamps to the microsecond', () => {
    const r = parsedOk(
      parseAzureCsv(
        'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n2023-11-16 18:17:04.0319600,3180,8',
      ),
    );
    expect(r.requests.map((q) => q.arrivalUs)).toEqual([0, 52_000]);
  });
});

describe('synthetic traces', () => {
  it('is seeded: same seed, same trace; sessions share prefixes', () => {
    const a = syntheticTrace({ requests: 2000, ratePerS: 5, arrival: 'poisson' }, createRng(7));
    const b = syntheticTrace({ requests: 2000, ratePerS: 5, arrival: 'poisson' }, createRng(7));
    expect(a.requests).toEqual(b.requests);
    const stats = traceStats(a);
    expect(stats.requests).toBe(2000);
    // Mean rate within 10 % of 5 req/s.
    expect(2000 / stats.spanS).toBeGreaterThan(4.5);
    expect(2000 / stats.spanS).toBeLessThan(5.5);
    expect(stats.repeatedBlockFraction).toBeGreaterThan(0.2);
    for (const r of a.requests) expect(r.blocks.length).toBe(Math.ceil(r.inputTokens / 512));
  });

  it('bursty arrivals keep the mean rate but cluster in time', () => {
    const gaps = (t: ReturnType<typeof syntheticTrace>) =>
      t.requests.slice(1).map((r, i) => (r.arrivalUs - t.requests[i].arrivalUs) / 1e6);
    const cv = (xs: number[]) => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length) / m;
    };
    const poisson = syntheticTrace(
      { requests: 5000, ratePerS: 5, arrival: 'poisson' },
      createRng(3),
    );
    const bursty = syntheticTrace(
      { requests: 5000, ratePerS: 5, arrival: 'bursty', burstFactor: 8 },
      createRng(3),
    );
    expect(cv(gaps(poisson))).toBeCloseTo(1, 0);
    expect(cv(gaps(bursty))).toBeGreaterThan(cv(gaps(poisson)) * 1.2);
    const rate = 5000 / traceStats(bursty).spanS;
    expect(rate).toBeGreaterThan(3.5);
    expect(rate).toBeLessThan(6.5);
  });
});
