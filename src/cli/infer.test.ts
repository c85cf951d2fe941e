import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterFor } from '../engines/clusterCache';
import { FAST25, FAST25_PROFILE, parseTrace, runInferNex } from '../engines/infernex';

/** Runs the real `twin` entry point in a child Node process, as a user or CI script would. */
function twin(...args: string[]) {
  const entry = process.env.TWIN_CLI_ENTRY ?? 'src/cli/main.ts';
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const TRACE = 'public/traces/conversation_trace.jsonl';

describe('twin infer', { timeout: 240_000 }, () => {
  it('replays a slice of the conversation trace and prints the summary as JSON', () => {
    const { status, stdout, stderr } = twin(
      'infer',
      '--trace',
      TRACE,
      '--limit',
      '400',
      '--policy',
      'hermes',
      '--instances',
      '16',
      '--json',
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({
      requests: 400,
      failed: 0,
      inFlight: 0,
      policy: 'hermes',
      mode: 'agg',
      instances: 16,
      profile: 'ascend-910b-infer',
    });
    expect(out.completed).toBe(400);
    for (const key of ['ttftMeanS', 'ttftP99S', 'e2eMeanS', 'hitRate'])
      expect(typeof out[key]).toBe('number');
    expect(out.ttftP99S).toBeGreaterThanOrEqual(out.ttftMeanS);
    expect(out.hitRate).toBeGreaterThan(0);
    expect(out.hitRate).toBeLessThan(0.366);
  });

  it("--preset fast25 runs the agreement benchmark's FAST'25 setup", () => {
    const { status, stdout, stderr } = twin(
      'infer',
      '--trace',
      TRACE,
      '--limit',
      '300',
      '--preset',
      'fast25',
      '--policy',
      'mooncake-global',
      '--json',
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const out = JSON.parse(stdout);
    const parsed = parseTrace(readFileSync(TRACE, 'utf8'), { limit: 300, spread: 'even' });
    if (!parsed.ok) throw new Error(parsed.message);
    const s = runInferNex(
      clusterFor(FAST25_PROFILE),
      { ...FAST25, policy: 'mooncake-global' },
      parsed.trace.requests,
    ).summary();
    expect(out).toMatchObject({
      profile: FAST25_PROFILE,
      mode: 'pd',
      instances: 16,
      tp: 8,
      completed: s.completed,
      ttftMeanS: Number(s.ttftS.mean.toFixed(4)),
      hitRate: Number(s.hitRate.toFixed(4)),
    });
    expect(s.completed).toBe(300);
    expect(s.hitRate).toBeGreaterThan(0);
  });

  it('PD mode on the H100 + RoCE profile ships KV over the fabric', () => {
    const { status, stdout } = twin(
      'infer',
      '--trace',
      TRACE,
      '--limit',
      '200',
      '--policy',
      'dynamo-kv',
      '--mode',
      'pd',
      '--profile',
      'h100-roce',
      '--model',
      'llama2-70b',
      '--tp',
      '8',
      '--instances',
      '8',
      '--json',
    );
    expect(status).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({
      requests: 200,
      completed: 200,
      mode: 'pd',
      tp: 8,
      accelerator: 'h100-sxm5',
    });
    expect(out.kvTransfers).toBe(200);
    expect(out.kvTransferMeanMs).toBeGreaterThan(0);
  });

  it('compare prints the improvement table and writes it as CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-infer-'));
    const csv = join(dir, 'table.csv');
    const { status, stdout } = twin(
      'infer',
      'compare',
      '--trace',
      TRACE,
      '--limit',
      '300',
      '--policies',
      'least-load,hermes',
      '--instances',
      '16',
      '--csv',
      csv,
      '--json',
    );
    expect(status).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.baseline).toBe('least-load');
    expect(out.rows.map((r: { scenario: string }) => r.scenario)).toEqual([
      'aggregated',
      'PD same machine',
      'PD cross machine',
    ]);
    for (const row of out.rows) {
      expect(row.policy).toBe('hermes');
      expect(row.ttftImprovementPct).toBeCloseTo(
        (100 * (row.baselineTtftMeanS - row.ttftMeanS)) / row.baselineTtftMeanS,
        0,
      );
    }
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^scenario,policy,baseline,e2e_improvement_pct,ttft_improvement_pct/);
    expect(lines).toHaveLength(4);
  });

  it('bad input: one line on stderr, a non-zero exit, nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-infer-'));
    const broken = join(dir, 'broken.jsonl');
    writeFileSync(
      broken,
      '{"timestamp": 0, "input_length": 600, "output_length": 5, "hash_ids": [1, 2]}\n{"timestamp": 1, "input_length": 600}\n',
    );
    const cases = [
      {
        args: ['infer', '--trace', TRACE, '--policy', 'nope'],
        status: 2,
        message: /unknown policy "nope"/,
      },
      { args: ['infer', '--policy', 'random'], status: 2, message: /--trace is required/ },
      {
        args: ['infer', '--trace', '/nonexistent.jsonl', '--policy', 'random'],
        status: 1,
        message: /cannot read/,
      },
      {
        args: ['infer', '--trace', broken, '--policy', 'random'],
        status: 1,
        message: /broken\.jsonl line 2: output_length/,
      },
      {
        args: [
          'infer',
          '--trace',
          TRACE,
          '--policy',
          'random',
          '--model',
          'llama2-70b',
          '--tp',
          '1',
          '--limit',
          '10',
        ],
        status: 1,
        message: /does not fit/,
      },
      {
        args: ['infer', '--trace', TRACE, '--policy', 'random', '--mode', 'sideways'],
        status: 2,
        message: /--mode must be one of/,
      },
      {
        args: ['infer', 'compare', '--trace', TRACE, '--policies', 'random'],
        status: 2,
        message: /baseline and at least one/,
      },
    ];
    for (const { args, status, message } of cases) {
      const result = twin(...args);
      expect(result.status, args.join(' ')).toBe(status);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^twin: /);
      expect(result.stderr).toMatch(message);
    }
  });
});
