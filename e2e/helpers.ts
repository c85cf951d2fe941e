import { spawnSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';

export const DEFAULT_NPUS = 8192;

/** Waits until the 3D view has drawn its first complete frame. */
export async function waitForRoom(page: Page): Promise<void> {
  await expect(page.getByTestId('room-view')).toHaveAttribute('data-ready', 'true', {
    timeout: 60_000,
  });
}

/** Client coordinates of an NPU's cell as the 3D view draws it now (undefined when hidden). */
export async function npuScreenPoint(page: Page, npuId: string) {
  const point = await page.evaluate((id) => {
    const tools = (
      window as unknown as {
        supernodeTwin?: { npuScreenPoint(id: string): { x: number; y: number } | undefined };
      }
    ).supernodeTwin;
    return tools?.npuScreenPoint(id);
  }, npuId);
  if (!point) throw new Error(`${npuId} is not visible in the 3D view`);
  return point;
}

export async function searchAndSelect(page: Page, ids: string): Promise<void> {
  const search = page.getByTestId('navigator-search');
  await search.fill(ids);
  await search.press('Enter');
}

export async function focusCabinet(page: Page, cabinet: string): Promise<void> {
  await searchAndSelect(page, cabinet);
  await expect(page.getByTestId('inspector-id')).toHaveText(cabinet);
  await page.getByTestId('focus-cabinet').click();
  // The camera flies for a moment; wait until the view settles (the tools hook reports it).
  await page.waitForFunction(() => {
    const tools = (window as unknown as { supernodeTwin?: { cameraSettled(): boolean } })
      .supernodeTwin;
    return tools?.cameraSettled() === true;
  });
}

export async function seekTo(page: Page, time: string): Promise<void> {
  const input = page.getByTestId('seek-input');
  await input.fill(time);
  await input.press('Enter');
}

/** Runs the real `twin` CLI, as CI scripts and operators do. */
export function twinCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`twin ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** The 3D camera now, from the room's tools hook. */
export async function roomCamera(page: Page) {
  return page.evaluate(() => {
    const tools = (window as unknown as { supernodeTwin?: { camera(): unknown } }).supernodeTwin;
    return tools?.camera() as { position: number[]; target: number[] } | undefined;
  });
}
