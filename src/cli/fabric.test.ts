import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeShareState } from '../sim/shareLink';
import { validateScenario } from '../sim/scenarioIo';

/** Runs the real `twin` entry point in a child Node process, as a user or CI script would. */
function twin(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const DRILL = 'src/scenarios/fault-drill.json';

describe('twin fabric', { timeout: 240_000 }, () => {
  it('heartbeat --json: round and detection time at 8,192 endpoints for every design', () => {
    const expected = {
      hierarchical: { roundSeconds: 0.202325, detectionSeconds: 1.202325, meetsTarget: true },
      'flat-async': { roundSeconds: 1.04146, detectionSeconds: 2.08292, meetsTarget: true },
      'flat-sequential': { roundSeconds: 4.096, detectionSeconds: 5.096, meetsTarget: false },
      gossip: { roundSeconds: 9.010913, detectionSeconds: 95.993977, meetsTarget: false },
    } as const;
    for (const [design, want] of Object.entries(expected)) {
      const { status, stdout } = twin(
        'fabric',
        'heartbeat',
        '--profile',
        'ub-supernode-8k',
        '--design',
        design,
        '--json',
      );
      expect(status).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ endpoints: 8192, design, ...want });
    }
    const gossip = JSON.parse(twin('fabric', 'heartbeat', '--design', 'gossip', '--json').stdout);
    expect(gossip.gossip).toMatchObject({
      suspicionMinSeconds: 15.652,
      suspicionMaxSeconds: 93.912,
      retransmits: 16,
      pushPullSeconds: 270,
    });
    const series = JSON.parse(
      twin('fabric', 'heartbeat', '--design', 'flat-sequential', '--series', '--json').stdout,
    );
    expect(series.series.map((p: { endpoints: number }) => p.endpoints)).toEqual([
      64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536,
    ]);
  });

  it('run prints every fault’s life cycle with sim times, the same from a file and from a share link', () => {
    const fromFile = twin('run', DRILL, '--until', '10m', '--json');
    expect(fromFile.status).toBe(0);
    const out = JSON.parse(fromFile.stdout);
    expect(out.simTime).toBe(600);
    expect(out.faults.map((f: { id: string; kind: string }) => `${f.id} ${f.kind}`)).toEqual([
      'F1 npu-fail',
      'F2 link-fail',
      'F3 link-degrade',
      'F4 link-flap',
      'F5 server-down',
      'F6 agent-loss',
      'F7 npu-fail',
    ]);
    const f1 = out.faults[0];
    expect(f1.steps.map((s: { step: string }) => s.step)).toEqual([
      'injected',
      'suspected',
      'detected',
      'isolated',
      'notified',
      'rerouted',
      'repaired',
    ]);
    expect(f1.steps[0]).toEqual({ step: 'injected', time: '1m 00.0s', timeS: 60 });
    expect(f1.steps[6]).toEqual({ step: 'repaired', time: '10m 00.0s', timeS: 600 });
    expect(f1.backup).toBe('cab-017/bak-0');
    expect(out.heartbeat.design).toBe('hierarchical');

    const parsed = validateScenario(JSON.parse(readFileSync(DRILL, 'utf8')));
    if (!parsed.ok) throw new Error('drill invalid');
    const link = `http://127.0.0.1:5173/#${encodeShareState({
      v: 1,
      scenario: parsed.scenario,
      actions: [],
      view: { simTimeUs: 600e6, selection: [] },
    })}`;
    const fromLink = JSON.parse(twin('run', link, '--json').stdout);
    expect(fromLink.digest).toBe(out.digest);
    expect(fromLink.faults).toEqual(out.faults);

    const human = twin('run', DRILL, '--until', '2m');
    expect(human.stdout).toMatch(
      /F1 npu-fail cab-017\/srv-3\/npu-5: injected 1m 00\.0s → suspected 1m 01\.0s \(\+\d+ ms\) → detected/,
    );
  });

  it('plan export and plan check round-trip a fault plan, and name the line of a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-plan-'));
    const exported = twin('fabric', 'plan', 'export', DRILL);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('kind: Schedule');
    const file = join(dir, 'plan.yaml');
    writeFileSync(file, exported.stdout);
    const checked = twin('fabric', 'plan', 'check', file, '--scenario', DRILL, '--json');
    expect(checked.status).toBe(0);
    expect(JSON.parse(checked.stdout).faults).toBe(13);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, exported.stdout.replace('duration: 5m', 'duration: five minutes'));
    const failed = twin('fabric', 'plan', 'check', bad);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    const line = exported.stdout.split('\n').findIndex((l) => l.includes('duration: 5m')) + 1;
    expect(failed.stderr).toBe(
      `twin: ${bad}:${line}: spec.duration: "five minutes" is not a duration (e.g. "30s", "5m", "1h30m")\n`,
    );
  });

  it('tables, ecmp, availability and latency print the reference figures', () => {
    expect(JSON.parse(twin('fabric', 'tables', '--json').stdout)).toMatchObject({
      flatEntries: 67_100_672,
      structuredEntriesPerNode: 27,
      fatTreeHosts: 8192,
      fatTreeSwitches: 1280,
    });
    const ecmp = JSON.parse(
      twin('fabric', 'ecmp', '--paths', '16', '--flows', '16', '--json').stdout,
    );
    expect(ecmp.expectedUsedFraction).toBeCloseTo(0.644, 3);
    expect(Math.abs(ecmp.usedFraction - ecmp.expectedUsedFraction)).toBeLessThan(0.01);
    expect(JSON.parse(twin('fabric', 'availability', '--json').stdout)).toMatchObject({
      mtbfHours: 98.53,
      closMtbfHours: 13.8,
      monitoredAvailability: 0.997806,
    });
    expect(
      JSON.parse(
        twin('fabric', 'latency', 'cab-000/srv-0/npu-0', 'cab-100/srv-0/npu-0', '--json').stdout,
      ),
    ).toMatchObject({
      hops: 4,
      urmaUs: 1.4,
      tcpUs: 18.4,
    });
  });

  it('bad arguments: one line on stderr and a non-zero exit', () => {
    const cases = [
      { args: ['fabric'], status: 2 },
      { args: ['fabric', 'nope'], status: 2 },
      { args: ['fabric', 'heartbeat', '--design', 'ring'], status: 2 },
      { args: ['fabric', 'heartbeat', '--profile', 'nope'], status: 2 },
      { args: ['fabric', 'latency', 'cab-000/srv-0/npu-0', 'cab-999/srv-0/npu-0'], status: 1 },
      { args: ['fabric', 'plan', 'check', '/nonexistent/plan.yaml'], status: 1 },
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
