import { validateScenario, formatScenarioErrors } from '../sim/scenarioIo';
import type { Scenario } from '../sim/scenario';
import defaultScenarioJson from './default.json';
import fatTreeScenarioJson from './fat-tree.json';
import labScenarioJson from './lab.json';
import podScenarioJson from './pod.json';
import servingScenarioJson from './serving.json';

/**
 * The scenarios the twin ships with. Each file is scenario format v1 and is validated when this
 * module loads, so a broken file fails loudly at start-up and in the tests rather than later in an
 * engine. The checks against each profile's cluster live in the tests (building the 8,192-NPU
 * cluster at import would cost every page load).
 */
export interface LibraryScenario {
  readonly id: string;
  readonly scenario: Scenario;
}

export const DEFAULT_SCENARIO_ID = 'default';

const RAW_LIBRARY: readonly { readonly id: string; readonly raw: unknown }[] = [
  { id: DEFAULT_SCENARIO_ID, raw: defaultScenarioJson },
  { id: 'pod', raw: podScenarioJson },
  { id: 'lab', raw: labScenarioJson },
  { id: 'serving', raw: servingScenarioJson },
  { id: 'fat-tree', raw: fatTreeScenarioJson },
];

function load(id: string, raw: unknown): Scenario {
  const result = validateScenario(raw);
  if (!result.ok) {
    throw new Error(
      `scenario library file ${id}.json is invalid:\n${formatScenarioErrors(result.errors)}`,
    );
  }
  return result.scenario;
}

export const SCENARIO_LIBRARY: readonly LibraryScenario[] = RAW_LIBRARY.map(({ id, raw }) => ({
  id,
  scenario: load(id, raw),
}));

export function findLibraryScenario(id: string): Scenario | undefined {
  return SCENARIO_LIBRARY.find((entry) => entry.id === id)?.scenario;
}

/** A fresh copy of the default scenario, safe for the caller to change. */
export function defaultScenario(): Scenario {
  const entry = SCENARIO_LIBRARY.find((e) => e.id === DEFAULT_SCENARIO_ID);
  if (!entry) throw new Error(`the scenario library has no "${DEFAULT_SCENARIO_ID}" scenario`);
  return structuredClone(entry.scenario);
}
