import { spawnSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { seekTo, twinCli, waitForRoom } from './helpers';

/** cab-013 of the serving scenario loses power at 10 min for 5 min. */
const POWER_LOSS_US = 600_000_000;

/** Encodes `{ scenario file, view }` with the project's share codec; prints the fragment. */
const ENCODE_SCRIPT = `
  import { readFileSync } from 'node:fs';
  import { encodeShareState } from './src/sim/shareLink.ts';
  const [file, view] = process.argv.slice(-2);
  const scenario = JSON.parse(readFileSync(file, 'utf8'));
  process.stdout.write(encodeShareState({ v: 1, scenario, actions: [], view: JSON.parse(view) }));
`;

/**
 * A share link fragment for a scenario file and a view, written by the console's own codec in
 * Node (its module graph imports JSON files, which the test runner's loader does not).
 */
function shareFragment(scenarioFile: string, view: object): string {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      ENCODE_SCRIPT,
      scenarioFile,
      JSON.stringify(view),
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (result.status !== 0) throw new Error(`encoding the share link failed: ${result.stderr}`);
  return result.stdout;
}

const value = async (page: Page, id: string) =>
  Number(await page.getByTestId(id).getAttribute('data-value'));

/** The live section's totals now, as the page prints them (raw numbers from `data-value`). */
async function liveTotals(page: Page) {
  return {
    instancesDown: await value(page, 'live-down'),
    arrived: await value(page, 'live-arrived'),
    completed: await value(page, 'live-completed'),
    failed: await value(page, 'live-failed'),
    inFlight: await value(page, 'live-in-flight'),
    reroutedOnFault: await value(page, 'live-rerouted'),
    failedOnFault: await value(page, 'live-failed-on-fault'),
    ttftMeanS: await value(page, 'live-ttft-mean'),
    ttftP99S: await value(page, 'live-ttft-p99'),
  };
}

async function openServingScenario(page: Page): Promise<void> {
  await page.getByTestId('tab-scenario').click();
  await page.getByTestId('scenario-library').selectOption('serving');
  await page.getByTestId('scenario-open').click();
  await expect(page.getByTestId('scenario-name')).toContainText('Serving fleet under faults');
}

test('the live fleet follows the session clock through the cab-013 power loss, with the CLI digest', async ({
  page,
}, info) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await waitForRoom(page);
  // The default scenario runs no fleet: no Serving colours, a hint in the InferNex tab.
  await expect(page.getByTestId('metric-health')).toBeVisible();
  await expect(page.getByTestId('metric-serving')).toHaveCount(0);
  await page.getByTestId('tab-infernex').click();
  await expect(page.getByTestId('live-fleet-hint')).toContainText('Serving fleet under faults');
  await expect(page.getByTestId('live-fleet')).toHaveCount(0);

  await openServingScenario(page);
  const live = page.getByTestId('live-fleet');
  await expect(live).toBeVisible();
  await expect(page.getByTestId('live-instances').locator('tbody tr')).toHaveCount(64);

  // Just before the power loss: the two-minute server fault (from 4 min) is over, nothing is down,
  // and the few requests it caught on that server were re-routed, none lost.
  await seekTo(page, '590s');
  await expect(live).toHaveAttribute('data-time-us', '590000000', { timeout: 60_000 });
  const before = await liveTotals(page);
  expect(before.instancesDown).toBe(0);
  expect(before.failedOnFault).toBe(0);
  expect(before.reroutedOnFault).toBeLessThan(5);
  expect(before.arrived).toBeGreaterThan(1000);
  expect(before.arrived).toBe(before.completed + before.failed + before.inFlight);
  await info.attach('live fleet before the power loss', {
    body: await page.screenshot(),
    contentType: 'image/png',
  });

  // Play across 10 min: the section follows the clock and cab-013's 32 instances go down.
  await page.getByTestId('speed-select').selectOption('100');
  await page.getByTestId('play').click();
  await expect
    .poll(async () => Number(await live.getAttribute('data-time-us')), { timeout: 60_000 })
    .toBeGreaterThan(POWER_LOSS_US);
  await expect(page.getByTestId('live-down')).toHaveAttribute('data-value', '32');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('live-cell-40')).toHaveAttribute('data-status', 'down');
  await expect(page.getByTestId('live-cell-0')).toHaveAttribute('data-status', 'serving');

  // An exact moment: the page's fleet and digest equal the CLI's at 11 min.
  await seekTo(page, '11m');
  await expect(live).toHaveAttribute('data-time-us', '660000000', { timeout: 60_000 });
  const after = await liveTotals(page);
  const cli = twinCli('run', 'src/scenarios/serving.json', '--until', '11m', '--json');
  const serving = cli.serving as Record<string, number>;
  expect(cli.simTime).toBe(660);
  expect(after.instancesDown).toBe(32);
  expect(serving.instancesDown).toBe(32);
  // The power loss moved the requests on cab-013's 32 instances.
  expect(after.reroutedOnFault + after.failedOnFault).toBeGreaterThan(
    before.reroutedOnFault + before.failedOnFault,
  );
  for (const key of [
    'arrived',
    'completed',
    'failed',
    'inFlight',
    'reroutedOnFault',
    'failedOnFault',
  ] as const)
    expect(after[key], key).toBe(serving[key]);
  expect(after.ttftMeanS).toBeCloseTo(serving.ttftMeanS, 5);
  expect(after.ttftP99S).toBeCloseTo(serving.ttftP99S, 5);
  expect(after.arrived).toBeGreaterThan(before.arrived);
  console.log(
    `serving at 9m50s: ${JSON.stringify(before)}; at 11m: ${JSON.stringify(after)}; CLI digest ${String(cli.digest)}`,
  );
  await info.attach('live fleet after the power loss', {
    body: await page.screenshot(),
    contentType: 'image/png',
  });

  // Business → hardware: instance 40 runs on cab-013/srv-2; the inspector shows it down.
  await page.getByTestId('live-instance-40').click();
  await expect(page.getByTestId('inspector-id')).toHaveText('cab-013/srv-2/npu-0');
  await expect(page.getByTestId('inspector-serving').first()).toHaveAttribute(
    'data-instance',
    '40',
  );
  await expect(page.getByTestId('inspector-instance-status').first()).toHaveAttribute(
    'data-status',
    'down',
  );

  await page.getByTestId('tab-scenario').click();
  const digest = page.getByTestId('digest');
  await expect(digest).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(digest).toHaveAttribute('data-time-us', '660000000');
  const pageDigest = (await digest.innerText()).trim();
  expect(pageDigest).toMatch(/^[0-9a-f]{16}$/);
  expect(pageDigest).toBe(cli.digest);

  // Colour the room by Serving from the live section.
  await page.getByTestId('tab-infernex').click();
  await page.getByTestId('live-colour-room').click();
  await waitForRoom(page);
  await expect(page.getByTestId('metric-serving')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('legend')).toContainText('instance down');
  await info.attach('room coloured by Serving', {
    body: await page.screenshot(),
    contentType: 'image/png',
  });
});

test('a link asking for Serving colours on a scenario without a fleet opens on health', async ({
  page,
}) => {
  const fragment = shareFragment('src/scenarios/lab.json', {
    simTimeUs: 30_000_000,
    selection: [],
    panel: 'room,inspector',
    metric: 'serving',
  });
  expect(fragment).toMatch(/^s1\./);
  await page.goto(`/#${fragment}`);
  await waitForRoom(page);
  await expect(page.getByTestId('sim-time')).toHaveAttribute('data-time-us', '30000000');
  await expect(page.getByTestId('metric-health')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('metric-serving')).toHaveCount(0);
  await expect(page.getByText(/colouring by serving needs a serving fleet/)).toBeVisible();
  await expect(page.getByTestId('console-error')).toHaveCount(0);
  await expect(page.getByTestId('link-error')).toHaveCount(0);
});
