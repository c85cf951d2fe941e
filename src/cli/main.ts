import { profileIds } from '../model';
import { UsageError } from './args';
import { fabricCommand } from './fabric';
import { inferCommand } from './infer';
import { pathCommand } from './path';
import { runCommand } from './run';
import { topologyCommand } from './topology';

const HELP = `twin — the SuperNode Twin from the command line (same engines and scenarios as the console)

  twin topology [--profile <id>] [--json]              counts of NPUs, servers, cabinets and links
  twin path <npuId> <npuId> [--bytes N] [--profile <id>] [--json]
                                                       route, hops and latency between two NPUs
  twin run <scenario.json | share URL> [--until 10m] [--json]
                                                       run a scenario headless; prints sim time, digest and
                                                       every fault's life-cycle steps with their sim times
  twin fabric heartbeat [--design hierarchical|flat-async|flat-sequential|gossip] [--profile <id>] [--json]
                                                       heartbeat round and detection time at the profile's scale
  twin fabric tables | ecmp | availability | latency | plan …
                                                       routing-table sizes, ECMP collisions, availability,
                                                       URMA vs TCP/IP, Chaos Mesh-shaped fault plans
  twin infer --trace <file> --policy <name> [--json]   replay an inference trace (twin infer compare …)
  twin profiles                                        list hardware profiles

Profiles: ${profileIds().join(', ')}
Errors go to stderr as one line, with exit code 1 (bad input) or 2 (bad usage).`;

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'topology':
      return topologyCommand(rest);
    case 'path':
      return pathCommand(rest);
    case 'run':
      return runCommand(rest);
    case 'fabric':
      return fabricCommand(rest);
    case 'infer':
      return inferCommand(rest);
    case 'profiles':
      process.stdout.write(`${profileIds().join('\n')}\n`);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${HELP}\n`);
      return;
    default:
      throw new UsageError(`unknown command "${command}" (try: twin help)`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`twin: ${message.split('\n')[0]}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
