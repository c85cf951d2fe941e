import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenarios';
import { encodeShareState } from '../sim/shareLink';

/** Runs the real `twin` entry point in a child Node process, as a user or CI script would. */
function twin(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('twin CLI', { timeout: 120_000 }, () => {
  it('topology --json counts the default super-node', () => {
    const { status, stdout } = twin('topology', '--profile', 'ub-supernode-8k', '--json');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      npus: 8192,
      servers: 1024,
      computeCabinets: 128,
      interconnectCabinets: 32,
      links: 70144,
    });
  });

  it('path --json gives hops, latency and every hop', () => {
    const { status, stdout } = twin(
      'path',
      'cab-000/srv-0/npu-0',
      'cab-000/srv-3/npu-5',
      '--bytes',
      '1048576',
      '--json',
    );
    expect(status).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.hops).toBe(2);
    expect(out.path).toEqual(['cab-000/srv-0/npu-0', 'cab-000/srv-0/npu-5', 'cab-000/srv-3/npu-5']);
    expect(out.latencyUs).toBeCloseTo(1.0 + 1048576 / 56e3, 5);
  });

  it('run gives the same digest for a scenario file and for a share link of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-'));
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify(defaultScenario()));
    const fromFile = twin('run', file, '--until', '3m', '--json');
    expect(fromFile.status).toBe(0);
    const link = `http://127.0.0.1:5173/#${encodeShareState({
      v: 1,
      scenario: defaultScenario(),
      actions: [],
      view: { simTimeUs: 180e6, selection: [] },
    })}`;
    const fromLink = twin('run', link, '--json');
    expect(fromLink.status).toBe(0);
    const a = JSON.parse(fromFile.stdout);
    const b = JSON.parse(fromLink.stdout);
    expect(a.simTime).toBe(180);
    expect(b.simTime).toBe(180);
    expect(a.digest).toMatch(/^[0-9a-f]{16}$/);
    expect(b.digest).toBe(a.digest);
  });

  it('bad arguments and bad input: one line on stderr and a non-zero exit', () => {
    const cases = [
      { args: ['frobnicate'], status: 2 },
      { args: ['topology', '--profile', 'nope'], status: 2 },
      { args: ['path', 'cab-000/srv-0/npu-0'], status: 2 },
      { args: ['path', 'cab-000/srv-0/npu-0', 'cab-999/srv-0/npu-0'], status: 1 },
      { args: ['run', '/nonexistent/scenario.json'], status: 1 },
      { args: ['run', 'http://x/#s1.AAAA'], status: 1 },
      { args: ['run', 'src/scenarios/default.json', '--until', 'soon'], status: 2 },
    ];
    for (const { args, status } of cases) {
      const result = twin(...args);
      expect(result.status, args.join(' ')).toBe(status);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^twin: /);
    }
  });
});
