import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_NPUS,
  focusCabinet,
  npuScreenPoint,
  roomCamera,
  searchAndSelect,
  seekTo,
  twinCli,
  waitForRoom,
} from './helpers';

test('opens on the default scenario with every NPU drawn in the room', async ({ page }, info) => {
  await page.goto('/');
  await waitForRoom(page);
  await expect(page.getByTestId('room-view')).toHaveAttribute(
    'data-npu-count',
    String(DEFAULT_NPUS),
  );
  await expect(page.getByTestId('scenario-name')).toContainText('UB super-node at work');
  await expect(page.getByTestId('legend')).toBeVisible();
  await info.attach('first screen', { body: await page.screenshot(), contentType: 'image/png' });
});

// A browser that cannot hand a canvas to a worker draws the room on the page, and works the same.
for (const drawnIn of ['worker', 'page'] as const)
  test(`clicking an NPU in 3D selects it; shift-clicking a second shows the route (room drawn in the ${drawnIn})`, async ({
    page,
  }) => {
    if (drawnIn === 'page')
      await page.addInitScript(() => {
        delete (HTMLCanvasElement.prototype as Partial<HTMLCanvasElement>)
          .transferControlToOffscreen;
      });
    await page.goto('/');
    await waitForRoom(page);
    await expect(page.getByTestId('room-view')).toHaveAttribute('data-drawn-in', drawnIn);
    await focusCabinet(page, 'cab-017');

    const first = await npuScreenPoint(page, 'cab-017/srv-3/npu-5');
    await page.mouse.click(first.x, first.y);
    await expect(page.getByTestId('inspector-id')).toHaveText('cab-017/srv-3/npu-5');

    const second = await npuScreenPoint(page, 'cab-017/srv-0/npu-0');
    await page.keyboard.down('Shift');
    await page.mouse.click(second.x, second.y);
    await page.keyboard.up('Shift');
    // X then Y through the 8 × 8 mesh: 2 hops; 1 MiB default at 56 GB/s.
    await expect(page.getByTestId('route-hops')).toHaveAttribute('data-hops', '2');
    const latency = Number(await page.getByTestId('route-latency').getAttribute('data-latency-us'));
    expect(latency).toBeCloseTo(0.6 + 2 * 0.2 + 1_048_576 / 56e3, 6);
    await expect(page.getByTestId('route-path')).toContainText('cab-017/srv-3/npu-0');
  });

test('a copied link reopens on the same moment, selection and route, with the CLI digest', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await waitForRoom(page);
  await seekTo(page, '6m');
  await expect(page.getByTestId('sim-time')).toHaveAttribute('data-time-us', '360000000');
  // An operator action first: fail one NPU at 6m.
  await searchAndSelect(page, 'cab-005/srv-1/npu-1');
  await page.getByTestId('action-fail-npu').click();
  await expect(page.getByTestId('inspector-health')).toHaveAttribute('data-health', 'failed');
  // Then a route across pods: uplink, spine, downlink.
  await searchAndSelect(page, 'cab-000/srv-0/npu-0 cab-018/srv-3/npu-5');
  await expect(page.getByTestId('route-hops')).toHaveAttribute('data-hops', '4');
  // Orbit away from the default camera so the link has a view of its own to carry.
  const box = await page.getByTestId('room-view').boundingBox();
  if (!box) throw new Error('no room view');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 160, box.y + box.height / 2 + 40, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(1500);
  const camera = await roomCamera(page);
  await page.getByTestId('copy-link').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#s1\./);

  const fresh = await (
    await browser.newContext({ viewport: { width: 1440, height: 900 } })
  ).newPage();
  await fresh.goto(url);
  await waitForRoom(fresh);
  await expect(fresh.getByTestId('sim-time')).toHaveAttribute('data-time-us', '360000000');
  await expect(fresh.getByTestId('inspector-id')).toHaveText('cab-000/srv-0/npu-0');
  await expect(fresh.getByTestId('route-hops')).toHaveAttribute('data-hops', '4');
  const reopened = await roomCamera(fresh);
  expect(camera).toBeDefined();
  for (let i = 0; i < 3; i++) {
    expect(reopened?.position[i]).toBeCloseTo(camera?.position[i] ?? NaN, 2);
    expect(reopened?.target[i]).toBeCloseTo(camera?.target[i] ?? NaN, 2);
  }
  await searchAndSelect(fresh, 'cab-005/srv-1/npu-1');
  await expect(fresh.getByTestId('inspector-health')).toHaveAttribute('data-health', 'failed');

  await fresh.getByTestId('tab-scenario').click();
  const digest = fresh.getByTestId('digest');
  await expect(digest).toHaveAttribute('data-state', 'ready');
  await expect(digest).toHaveAttribute('data-time-us', '360000000');
  const pageDigest = (await digest.innerText()).trim();
  const cli = twinCli('run', url, '--json');
  expect(cli.simTime).toBe(360);
  expect(pageDigest).toMatch(/^[0-9a-f]{16}$/);
  expect(pageDigest).toBe(cli.digest);
});

test('a broken link explains itself, offers the payload, and the default scenario works', async ({
  page,
}) => {
  await page.goto('/#s1.AAAAbroken_payload');
  await expect(page.getByTestId('link-error')).toBeVisible();
  await expect(page.getByTestId('link-error')).toContainText(/link/i);
  const download = page.waitForEvent('download');
  await page.getByTestId('link-error-download').click();
  expect((await download).suggestedFilename()).toMatch(/\.txt$|\.json$/);

  await waitForRoom(page);
  await expect(page.getByTestId('scenario-name')).toContainText('UB super-node at work');
  await page.getByTestId('step').click();
  await expect(page.getByTestId('sim-time')).toHaveAttribute('data-time-us', '100000');
});

test('the event log follows the newest event while playing, and stays where the operator scrolled up', async ({
  page,
}) => {
  await page.goto('/');
  await waitForRoom(page);
  // The default scenario with an NPU failing every 2 sim-s: at ×100 the log grows by hundreds of
  // entries a second, as in a fault storm, for 6 s.
  const scenario = JSON.parse(readFileSync('src/scenarios/default.json', 'utf8')) as {
    name: string;
    timeline: unknown[];
  };
  scenario.name = 'log drill';
  scenario.timeline = Array.from({ length: 300 }, (_, i) => ({
    atSeconds: 5 + 2 * i,
    kind: 'npu-fail',
    target: `cab-${String(i % 128).padStart(3, '0')}/srv-${Math.floor(i / 128)}/npu-0`,
  }));
  await page.getByTestId('tab-scenario').click();
  await page.getByTestId('scenario-import').setInputFiles({
    name: 'log-drill.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await expect(page.getByTestId('scenario-name')).toContainText('log drill');
  await page.getByTestId('speed-select').selectOption('100');
  await page.getByTestId('play').click();

  const log = page.getByTestId('event-log').locator('.tw-log-list');
  const count = async () =>
    Number((await page.getByTestId('event-log-count').textContent())?.replace(/,/g, ''));
  const position = () =>
    log.evaluate((el) => ({
      top: Math.round(el.scrollTop),
      overflows: el.scrollHeight > el.clientHeight,
      atBottom: el.scrollTop + el.clientHeight >= el.scrollHeight - 11,
    }));
  // Following: more events than fit, and the list sits at its newest entry as they arrive.
  await expect.poll(async () => (await count()) > 30, { timeout: 30_000 }).toBe(true);
  await expect.poll(position).toMatchObject({ overflows: true, atBottom: true });

  // The operator scrolls up: new events no longer move the list.
  // (Scrolled from the page: a wheel scrolls smoothly, and when it starts is the browser's choice.)
  await log.evaluate((el) => el.scrollBy(0, -200));
  await expect.poll(async () => (await position()).atBottom).toBe(false);
  const held = (await position()).top;
  const seen = await count();
  await expect.poll(count, { timeout: 30_000 }).toBeGreaterThan(seen);
  expect(await position()).toMatchObject({ top: held, atBottom: false });

  // Scrolled back to the bottom once the log is quiet (at hundreds of entries a second the
  // bottom outruns a scroll), it follows again when playing resumes.
  await page.getByTestId('play').click();
  let quiet = -1;
  await expect
    .poll(async () => {
      const now = await count();
      const same = now === quiet;
      quiet = now;
      return same;
    })
    .toBe(true);
  await log.evaluate((el) => el.scrollBy(0, el.scrollHeight));
  await expect.poll(position).toMatchObject({ atBottom: true });
  await page.getByTestId('play').click();
  const before = await count();
  await expect.poll(count, { timeout: 30_000 }).toBeGreaterThan(before);
  await expect.poll(position).toMatchObject({ atBottom: true });
  await page.getByTestId('play').click();
});
