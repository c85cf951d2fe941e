import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLibraryScenario } from '../scenarios';
import { encodeShareState } from '../sim/shareLink';

function twin(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('twin run with a serving fleet', { timeout: 120_000 }, () => {
  const serving = findLibraryScenario('serving');
  if (!serving) throw new Error('no serving scenario');

  it('runs InferNex beside the fabric: same digest from the file and from a share link', () => {
    const action = {
      atSeconds: 45,
      by: 'operator' as const,
      kind: 'cabinet-power-loss' as const,
      target: 'cab-012',
      durationSeconds: 30,
    };
    const dir = mkdtempSync(join(tmpdir(), 'twin-serving-'));
    const file = join(dir, 'serving.json');
    writeFileSync(file, JSON.stringify({ ...serving, timeline: [...serving.timeline, action] }));
    const fromFile = twin('run', file, '--until', '1m', '--json');
    expect(fromFile.stderr).toBe('');
    expect(fromFile.status).toBe(0);
    const link = `http://127.0.0.1:4173/#${encodeShareState({
      v: 1,
      scenario: serving,
      actions: [action],
      view: { simTimeUs: 60e6, selection: [] },
    })}`;
    const fromLink = twin('run', link, '--json');
    expect(fromLink.status).toBe(0);
    const a = JSON.parse(fromFile.stdout);
    const b = JSON.parse(fromLink.stdout);
    expect(b.digest).toBe(a.digest);
    expect(a.serving).toMatchObject({ instances: 64, instancesDown: 32 });
    expect(a.serving.arrived).toBe(a.serving.completed + a.serving.failed + a.serving.inFlight);
    expect(a.log).toContainEqual(
      expect.objectContaining({
        source: 'infernex',
        message: expect.stringMatching(/^instance \d+ \(\w+\) down: cabinet cab-012 power loss;/),
      }),
    );

    // The digest covers InferNex: the same fabric scenario without the fleet hashes differently.
    const bare = join(dir, 'bare.json');
    writeFileSync(bare, JSON.stringify({ ...serving, engines: undefined }));
    const fabricOnly = JSON.parse(twin('run', bare, '--until', '1m', '--json').stdout);
    expect(fabricOnly.serving).toBeUndefined();
    expect(fabricOnly.digest).not.toBe(a.digest);
  });

  it('refuses a fleet the engine cannot run, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-serving-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ ...serving, engines: { infernex: { policy: 'fastest' } } }),
    );
    const { status, stderr } = twin('run', file, '--until', '10s');
    expect(status).toBe(1);
    expect(stderr).toMatch(/engines\.infernex\.policy: unknown policy "fastest"/);
  });
});
