// e2e tests drive Debian's Chromium; install it when this machine does not have it yet.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const asRoot = process.getuid?.() === 0 ? '' : 'sudo ';
  console.log(`${CHROMIUM} is missing: installing Debian's chromium package`);
  execSync(`${asRoot}apt-get update && ${asRoot}apt-get install -y chromium`, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
