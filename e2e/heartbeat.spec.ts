import { expect, test, type Page } from '@playwright/test';
import { seekTo, twinCli, waitForRoom } from './helpers';

const verdict = (page: Page) => page.getByTestId('heartbeat-verdict');
const design = (page: Page, value: string) =>
  page.getByTestId('hb-design').locator(`[data-value="${value}"]`);

test('heartbeat settings: a bad value is named and changes nothing; a new design replays to the same moment and travels in the link', async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  await page.goto('/');
  await waitForRoom(page);
  await seekTo(page, '30s');
  await expect(page.getByTestId('sim-time')).toHaveAttribute('data-time-us', '30000000');
  await page.getByTestId('tab-faults').click();
  // An operator action that must survive the restart the new settings cause.
  await page.getByTestId('fault-kind').selectOption('npu-fail');
  await page.getByTestId('fault-target').fill('cab-003/srv-0/npu-2');
  await page.getByTestId('fault-inject').click();
  await expect(page.getByTestId('fault-actions')).toHaveAttribute('data-count', '1');
  await expect(verdict(page)).toHaveAttribute('data-meets', 'true');
  await expect(design(page, 'hierarchical')).toHaveAttribute('aria-checked', 'true');

  // A period that is not a number: the field is named, Apply stays off, nothing runs differently.
  await page.getByTestId('hb-periodMs').fill('one second');
  await expect(page.getByTestId('hb-error')).toContainText(
    'engines.fabric.heartbeat.periodMs: "one second" is not a number',
  );
  await expect(page.getByTestId('hb-apply')).toBeDisabled();
  await page.getByTestId('hb-defaults').click();
  await expect(page.getByTestId('hb-error')).toHaveCount(0);

  // One central poller asking 8,192+ endpoints one at a time cannot meet the 5 s target.
  await design(page, 'flat-sequential').click();
  await expect(page.getByTestId('hb-preview')).toHaveAttribute('data-meets', 'false');
  await expect(page.getByTestId('hb-preview')).toContainText('With these settings');
  await expect(verdict(page)).toHaveAttribute('data-meets', 'true');
  await page.getByTestId('hb-apply').click();
  await expect(verdict(page)).toHaveAttribute('data-meets', 'false');
  await expect(verdict(page)).toContainText('Misses');
  await expect(page.getByTestId('hb-preview')).toContainText('Running:');
  await expect(design(page, 'flat-sequential')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('sim-time')).toHaveAttribute('data-time-us', '30000000');
  await expect(page.getByTestId('fault-actions')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('fault-row-F1')).toContainText('cab-003/srv-0/npu-2');

  await page.getByTestId('copy-link').click();
  const url = await page.getByTestId('share-url').inputValue();
  const fresh = await (
    await browser.newContext({ viewport: { width: 1440, height: 900 } })
  ).newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId('faults-panel')).toBeVisible();
  await expect(fresh.getByTestId('sim-time')).toHaveAttribute('data-time-us', '30000000');
  await expect(design(fresh, 'flat-sequential')).toHaveAttribute('aria-checked', 'true');
  await expect(verdict(fresh)).toHaveAttribute('data-meets', 'false');
  await expect(fresh.getByTestId('fault-actions')).toHaveAttribute('data-count', '1');

  // The CLI runs the same link to the same state.
  await fresh.getByTestId('tab-scenario').click();
  const digest = fresh.getByTestId('digest');
  await expect(digest).toHaveAttribute('data-state', 'ready');
  await expect(digest).toHaveAttribute('data-time-us', '30000000');
  const cli = twinCli('run', url, '--json');
  expect((await digest.innerText()).trim()).toBe(cli.digest);
});
