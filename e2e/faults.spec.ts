import { expect, test, type Page } from '@playwright/test';
import { focusCabinet, npuScreenPoint, searchAndSelect, seekTo, waitForRoom } from './helpers';

/** What the room's failed-links overlay and route layer draw now (`RoomTools.drawn`). */
async function roomDrawn(page: Page) {
  return page.evaluate(() => {
    const tools = (window as unknown as { supernodeTwin?: { drawn(): unknown } }).supernodeTwin;
    return tools?.drawn() as
      | {
          links: number;
          byClass: number[];
          markedCabinets: number;
          dropped: number;
          paths: { route: number; original: number; failed: number };
        }
      | undefined;
  });
}

async function cameraSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const tools = (window as unknown as { supernodeTwin?: { cameraSettled(): boolean } })
      .supernodeTwin;
    return tools?.cameraSettled() === true;
  });
}

async function openFaults(page: Page): Promise<void> {
  await page.getByTestId('tab-faults').click();
  await expect(page.getByTestId('faults-panel')).toBeVisible();
}

async function inject(page: Page, kind: string, target: string): Promise<void> {
  await page.getByTestId('fault-kind').selectOption(kind);
  await page.getByTestId('fault-target').fill(target);
  await page.getByTestId('fault-inject').click();
}

const actionCount = (page: Page) => page.getByTestId('fault-actions');

test('invalid targets, impossible faults and bad plans are explained and change nothing; selection and plans feed the timeline', async ({
  page,
}) => {
  await page.goto('/');
  await waitForRoom(page);
  await openFaults(page);
  await expect(actionCount(page)).toHaveAttribute('data-count', '0');

  await inject(page, 'cabinet-power-loss', 'cab-999');
  const notice = page.getByTestId('fault-notice');
  await expect(notice).toHaveAttribute('data-kind', 'error');
  await expect(notice).toContainText('"cab-999": this profile has 128 compute cabinet(s)');
  await expect(page.getByTestId('fault-target')).toHaveAttribute('aria-invalid', 'true');

  await inject(page, 'cabinet-power-loss', 'pod-2');
  await expect(notice).toContainText('names a pod, but cabinet-power-loss needs a compute cabinet');

  await inject(page, 'link-fail', 'cab-000/srv-0/npu-0~cab-001/srv-0/npu-0');
  await expect(notice).toContainText('there is no link between');

  await inject(page, 'repair', 'cab-010');
  await expect(notice).toContainText('Nothing to repair: cab-010 has no active fault');

  await expect(actionCount(page)).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('fault-list-empty')).toBeVisible();

  // A link picked in 3D takes its two ends; two ends that are not cabled are refused, still armed.
  await page.getByTestId('fault-kind').selectOption('link-fail');
  await page.getByTestId('fault-pick-3d').click();
  const banner = page.getByTestId('pick-banner');
  await expect(banner).toHaveAttribute('data-kind', 'link-fail');
  await focusCabinet(page, 'cab-042');
  const click = async (id: string) => {
    const point = await npuScreenPoint(page, id);
    await page.mouse.click(point.x, point.y);
  };
  await click('cab-042/srv-1/npu-2');
  await expect(page.getByTestId('pick-prompt')).toContainText(
    'First end chosen: cab-042/srv-1/npu-2, now click the other end',
  );
  await click('cab-042/srv-6/npu-0');
  await expect(page.getByTestId('pick-message')).toHaveText(
    'cab-042/srv-1/npu-2 and cab-042/srv-6/npu-0 are not linked; the first end stays, click a node cabled to it',
  );
  await expect(banner).toHaveAttribute('data-state', 'refused');
  await click('cab-042/srv-5/npu-2');
  await expect(page.getByTestId('fault-target')).toHaveValue(
    'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2',
  );
  await expect(banner).toHaveCount(0);
  await expect(actionCount(page)).toHaveAttribute('data-count', '0');

  // "Use selection" takes the navigator's selection and a fault kind that fits it.
  await page.getByTestId('fault-kind').selectOption('npu-fail');
  await searchAndSelect(page, 'cab-010');
  await page.getByTestId('fault-use-selection').click();
  await expect(page.getByTestId('fault-target')).toHaveValue('cab-010');
  await expect(page.getByTestId('fault-kind')).toHaveValue('cabinet-power-loss');
  await expect(actionCount(page)).toHaveAttribute('data-count', '0');

  // A YAML plan with a bad selector is refused with its line; a good one becomes an action.
  const plan = (node: string) => ({
    name: 'drill.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(
      'apiVersion: twin.supernode/v1alpha1\nkind: FabricChaos\nmetadata:\n  name: drill\n' +
        `spec:\n  action: cabinet-power-loss\n  mode: all\n  selector:\n    nodes: [${node}]\n`,
    ),
  });
  await page.getByTestId('fault-plan-file').setInputFiles(plan('cab-999'));
  await expect(page.getByTestId('fault-plan-errors')).toContainText(
    'line 9: spec.selector.nodes[0]: "cab-999": this profile has 128 compute cabinet(s)',
  );
  await expect(actionCount(page)).toHaveAttribute('data-count', '0');
  await page.getByTestId('fault-plan-file').setInputFiles(plan('cab-011'));
  await expect(actionCount(page)).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('fault-plan-errors')).toHaveCount(0);
  await expect(page.getByTestId('fault-row-F1')).toContainText('cab-011');
  const download = page.waitForEvent('download');
  await page.getByTestId('fault-plan-export').click();
  expect((await download).suggestedFilename()).toBe('ub-super-node-at-work-fault-plan.yaml');
});

test('a cabinet power loss picked in 3D is detected, isolated, shown in 3D, and survives the share link', async ({
  page,
  browser,
}, info) => {
  test.setTimeout(150_000);
  await page.goto('/');
  await waitForRoom(page);
  // The operator zooms to the cabinet first, then fills the form and picks the target in the room.
  await focusCabinet(page, 'cab-010');
  await openFaults(page);
  await page.screenshot({ path: info.outputPath('faults-idle.png') });
  await page.getByTestId('fault-kind').selectOption('cabinet-power-loss');
  await page.getByTestId('fault-end').locator('[data-value="after"]').click();
  await page.getByTestId('fault-duration').fill('10m');

  // Armed: the room with a banner and a crosshair; Esc goes back to the form unchanged.
  const banner = page.getByTestId('pick-banner');
  await page.getByTestId('fault-pick-3d').click();
  await expect(banner).toContainText(
    'Click a cabinet to target a cabinet power loss — Esc cancels',
  );
  await waitForRoom(page);
  await expect(page.locator('[data-testid="room-view"] canvas')).toHaveCSS('cursor', 'crosshair');
  await page.keyboard.press('Escape');
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('fault-target')).toHaveValue('');
  await expect(page.getByTestId('fault-duration')).toHaveValue('10m');

  // Armed again: an NPU of cab-010 targets its cabinet, and the form comes back as it was typed.
  await page.getByTestId('fault-pick-3d').click();
  await waitForRoom(page);
  await cameraSettled(page);
  await page.screenshot({ path: info.outputPath('pick-armed.png') });
  const picked = await npuScreenPoint(page, 'cab-010/srv-2/npu-3');
  await page.mouse.click(picked.x, picked.y);
  await expect(page.getByTestId('faults-panel')).toBeVisible();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('fault-target')).toHaveValue('cab-010');
  await expect(page.getByTestId('fault-kind')).toHaveValue('cabinet-power-loss');
  await expect(page.getByTestId('fault-duration')).toHaveValue('10m');
  await expect(page.getByTestId('fault-notice')).toContainText(
    'Target cab-010 picked in the 3D room (clicked cab-010/srv-2/npu-3)',
  );
  await page.screenshot({ path: info.outputPath('pick-result.png') });
  await page.getByTestId('fault-inject').click();
  await expect(page.getByTestId('fault-notice')).toHaveAttribute('data-kind', 'ok');
  await expect(actionCount(page)).toHaveAttribute('data-count', '1');
  const row = page.getByTestId('fault-row-F1');
  await expect(row).toHaveAttribute('data-step', 'injected');
  await expect(row).toContainText('cab-010');

  // One slice forward with Step, then seek: the heartbeat detects within one cycle plus a round
  // (≤ 1.2 s hierarchical) and the cabinet is isolated 50 ms later.
  await page.getByTestId('step').click();
  await expect(page.getByTestId('sim-time')).toHaveAttribute('data-time-us', '100000');
  await seekTo(page, '3s');
  await expect(page.getByTestId('sim-time')).toHaveAttribute('data-time-us', '3000000');
  await expect(row).toHaveAttribute('data-step', 'rerouted');
  await expect(row).toHaveAttribute('data-active', 'true');
  const lane = page.locator('[data-testid="fault-timeline"] [data-fault="F1"]');
  for (const step of ['injected', 'detected', 'isolated', 'notified', 'rerouted'])
    await expect(lane.locator(`[data-step="${step}"]`)).toHaveCount(1);
  await expect(lane.locator('[data-step]')).toHaveCount(6);
  await expect(page.getByTestId('fault-steps')).toContainText('isolated+0.');
  await expect(page.getByTestId('heartbeat-figures')).toContainText('Detections1');
  await expect(page.getByTestId('heartbeat-chart')).toHaveAttribute('data-series', '4');
  await page.screenshot({ path: info.outputPath('faults-running.png') });
  await page.getByTestId('heartbeat-dashboard').screenshot({
    path: info.outputPath('faults-heartbeat.png'),
  });

  // The room draws every link of the lost cabinet as down: 224 X-links, 224 Y-links, 64 NPU
  // uplinks, 1 backup uplink, 6 cabinet-mesh and 32 spine links. Focused, its X-links are drawn
  // one by one rather than folded into a cabinet marker.
  await page.getByTestId('tab-room').click();
  await waitForRoom(page);
  // Still focused on cab-010 from before the pick: the room keeps its focus across tabs.
  await expect(page.getByTestId('unfocus-cabinet')).toBeVisible();
  await cameraSettled(page);
  await expect.poll(async () => (await roomDrawn(page))?.byClass[0]).toBe(551);
  const drawn = await roomDrawn(page);
  expect(drawn).toMatchObject({ links: 551, markedCabinets: 0, dropped: 0 });
  expect(drawn?.byClass).toEqual([551, 0, 0, 0, 0]);
  // The legend the operator reads says the same (it refreshes with the page's other numbers).
  await expect(page.getByTestId('overlay-count-down')).toHaveAttribute('data-count', '551');
  await expect(page.getByTestId('overlay-count-down')).toContainText('down 551');
  await expect(page.getByTestId('overlay-count-cabinets')).toHaveAttribute('data-count', '0');

  // cab-009 → cab-002 crossed cab-010's switch on the healthy fabric (row, then column of the
  // pod's cabinet mesh): now it goes around, and the room dashes the healthy path.
  await searchAndSelect(page, 'cab-009/srv-0/npu-0 cab-002/srv-0/npu-0');
  await expect(page.getByTestId('route-reroute')).toHaveAttribute('data-kind', 'rerouted');
  await expect(page.getByTestId('route-reroute')).toContainText('rerouted around cab-010/lrs');
  await expect
    .poll(async () => (await roomDrawn(page))?.paths)
    .toMatchObject({
      route: 1,
      original: 1,
      failed: 1,
    });
  await page.screenshot({ path: info.outputPath('faults-reroute.png') });

  // Click an NPU of cab-010 in 3D; the inspector shows it isolated with a Repair.
  const point = await npuScreenPoint(page, 'cab-010/srv-2/npu-3');
  await page.mouse.click(point.x, point.y);
  await expect(page.getByTestId('inspector-id')).toHaveText('cab-010/srv-2/npu-3');
  await expect(page.getByTestId('inspector-health')).toHaveAttribute('data-health', 'isolated');
  await expect(page.getByTestId('action-repair-npu')).toHaveText('Repair cab-010');

  await page.getByTestId('copy-link').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#s1\./);
  // Two software-rendered rooms at once starve a 2-core machine: the link is all we keep.
  await page.close();

  const fresh = await (
    await browser.newContext({ viewport: { width: 1440, height: 900 } })
  ).newPage();
  await fresh.goto(url);
  await waitForRoom(fresh);
  await expect(fresh.getByTestId('sim-time')).toHaveAttribute('data-time-us', '3000000');
  await expect(fresh.getByTestId('inspector-health')).toHaveAttribute('data-health', 'isolated');
  await openFaults(fresh);
  const again = fresh.getByTestId('fault-row-F1');
  await expect(again).toHaveAttribute('data-step', 'rerouted');
  await expect(again).toContainText('cab-010');
  await expect(fresh.getByTestId('fault-actions')).toHaveAttribute('data-count', '1');
  const freshLane = fresh.locator('[data-testid="fault-timeline"] [data-fault="F1"]');
  await expect(freshLane.locator('[data-step]')).toHaveCount(6);

  // Repair from the list: the fault ends and its lane gets the last mark.
  await fresh.getByTestId('fault-repair-F1').click();
  await expect(again).toHaveAttribute('data-step', 'repaired');
  await expect(again).toHaveAttribute('data-active', 'false');
  await expect(fresh.getByTestId('fault-actions')).toHaveAttribute('data-count', '2');

  // The open tab travels in the link too: a link copied on the Faults tab reopens on it.
  await fresh.getByTestId('copy-link').click();
  const faultsUrl = await fresh.getByTestId('share-url').inputValue();
  const context = fresh.context();
  await fresh.close();
  const third = await context.newPage();
  await third.goto(faultsUrl);
  await expect(third.getByTestId('fault-row-F1')).toHaveAttribute('data-step', 'repaired');
  await expect(third.getByTestId('fault-actions')).toHaveAttribute('data-count', '2');
});

test("a link fault's row says what isolation took out; a fat tree's switches are named by role", async ({
  page,
}) => {
  await page.goto('/');
  await waitForRoom(page);
  await openFaults(page);
  await inject(page, 'link-fail', 'cab-042/srv-1/npu-2~cab-042/srv-5/npu-2');
  await expect(page.getByTestId('fault-notice')).toHaveAttribute('data-kind', 'ok');
  await seekTo(page, '3s');
  const row = page.getByTestId('fault-row-F1');
  await expect(row).toHaveAttribute('data-step', 'rerouted');
  await expect(row.locator('td').nth(7)).toHaveText('1 link');

  // The fat tree names its switches by role, in the navigator and the inspector.
  await page.getByTestId('tab-scenario').click();
  await page.getByTestId('scenario-library').selectOption('fat-tree');
  await page.getByTestId('scenario-open').click();
  await expect(page.getByTestId('scenario-name')).toContainText('Fat tree');
  await searchAndSelect(page, 'icab-04');
  await expect(page.getByTestId('navigator-tree')).toContainText('16 core switches');
  await expect(page.locator('.tw-entity').first()).toContainText(
    '16 core switches: icab-04/core-0 … icab-04/core-15',
  );
  await searchAndSelect(page, 'cab-017/edge-2');
  await expect(page.locator('.tw-entity-head .tw-kind').first()).toHaveText('edge switch');
});
