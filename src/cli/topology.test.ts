import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the real `twin` entry point in a child Node process. */
function twin(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const TORUS = 'src/model/profiles/lab-torus-3x3.json';

describe('twin topology and tables on other topologies', { timeout: 120_000 }, () => {
  it('topology --profile fat-tree-8k: 8,192 hosts, 512 + 512 + 256 switches, 3 × k³/4 links', () => {
    const { status, stdout } = twin('topology', '--profile', 'fat-tree-8k', '--json');
    expect(status).toBe(0);
    const k = 32;
    const hosts = k ** 3 / 4;
    expect(JSON.parse(stdout)).toMatchObject({
      topology: 'fat-tree',
      npus: hosts,
      switches: 1280,
      switchesByRole: { 'edge switch': 512, 'aggregation switch': 512, 'core switch': 256 },
      links: 3 * hosts,
      linksByKind: { uplink: hosts, 'edge-aggregation': hosts, 'aggregation-core': hosts },
    });
  });

  it('fabric tables --profile fat-tree-8k: the built tables match the closed forms', () => {
    const { status, stdout } = twin('fabric', 'tables', '--profile', 'fat-tree-8k', '--json');
    expect(status).toBe(0);
    const t = JSON.parse(stdout);
    expect(t).toMatchObject({
      topology: 'fat-tree',
      builtFatTreeSwitches: 1280,
      builtFatTreeEntriesPerSwitch: 32,
      builtFatTreeEntries: 40_960,
      builtFatTreeFlatEntries: 1280 * 8192,
      meshPaths: [],
    });
    expect(t.builtFatTreeEntries).toBe(t.fatTreeEntries);
    expect(t.builtFatTreeFlatEntries).toBe(t.fatTreeFlatEntries);
  });

  it('--profile-file loads a custom topology for topology and path', () => {
    const topo = twin('topology', '--profile-file', TORUS, '--json');
    expect(topo.status).toBe(0);
    expect(JSON.parse(topo.stdout)).toMatchObject({
      profile: 'lab-torus-3x3',
      topology: 'custom',
      npus: 144,
      switches: 9,
      links: 666,
    });
    const path = twin(
      'path',
      'cab-000/srv-0/npu-0',
      'cab-008/srv-1/npu-7',
      '--profile-file',
      TORUS,
      '--json',
    );
    expect(path.status).toBe(0);
    // cab-000 and cab-008 are diagonal neighbours through the wrap-round: up, 2 torus hops, down.
    expect(JSON.parse(path.stdout).hops).toBe(4);
  });

  it('--profile-file errors name the file, the field path and the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-profile-'));
    const raw = JSON.parse(readFileSync(TORUS, 'utf8'));
    raw.fabric.custom.links[12].b = 'cab-003/core';
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(raw));
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ "id": ');
    const cases = [
      {
        args: ['topology', '--profile-file', bad],
        status: 1,
        stderr: `twin: ${bad}: fabric.custom.links[12].b: "cab-003/core" is not a listed switch (cab-003 holds tor)\n`,
      },
      { args: ['topology', '--profile-file', notJson], status: 1, stderr: /not JSON/ },
      {
        args: ['topology', '--profile-file', join(dir, 'missing.json')],
        status: 1,
        stderr: /cannot read/,
      },
      {
        args: ['topology', '--profile', 'fat-tree-8k', '--profile-file', TORUS],
        status: 2,
        stderr: 'twin: give --profile <id> or --profile-file <path.json>, not both\n',
      },
    ];
    for (const { args, status, stderr } of cases) {
      const result = twin(...args);
      expect(result.status, args.join(' ')).toBe(status);
      expect(result.stdout).toBe('');
      if (typeof stderr === 'string') expect(result.stderr).toBe(stderr);
      else expect(result.stderr).toMatch(stderr);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
