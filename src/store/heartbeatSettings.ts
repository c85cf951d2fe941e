import { defaultHeartbeatParams, type HeartbeatParams } from '../engines/fabric/heartbeat';
import { scenarioFabricSettings } from '../engines/fabric/settings';
import type { FabricSettingsInput, HeartbeatDesign, Scenario } from '../sim/scenario';
import { validateScenario, type ScenarioError } from '../sim/scenarioIo';

/**
 * The heartbeat settings an operator edits in the Faults tab (design, period, deadline, fan-out and
 * memberlist's suspicion multiplier and Lifeguard), as the form holds them: numbers as typed, so a
 * half-typed value is kept and explained instead of being thrown away.
 */
export interface HeartbeatForm {
  readonly design: HeartbeatDesign;
  readonly periodMs: string;
  readonly timeoutMs: string;
  readonly fanout: string;
  readonly suspicionMult: string;
  readonly lifeguard: boolean;
}

const HEARTBEAT_PATH = 'engines.fabric.heartbeat';

const ms = (seconds: number) => String(Math.round(seconds * 1e6) / 1e3);

function formOfParams(p: HeartbeatParams): HeartbeatForm {
  return {
    design: p.design,
    periodMs: ms(p.periodS),
    timeoutMs: ms(p.timeoutS),
    fanout: String(p.fanout),
    suspicionMult: String(p.suspicionMult),
    lifeguard: p.lifeguard,
  };
}

/** What the scenario runs now, every default filled in. */
export const heartbeatFormOf = (scenario: Scenario): HeartbeatForm =>
  formOfParams(scenarioFabricSettings(scenario).heartbeat);

/** A design's documented defaults (reference §3.2; memberlist's LAN config for gossip). */
export const designDefaultsForm = (design: HeartbeatDesign): HeartbeatForm =>
  formOfParams(defaultHeartbeatParams(design));

export const sameHeartbeatForm = (a: HeartbeatForm, b: HeartbeatForm): boolean =>
  (Object.keys(a) as (keyof HeartbeatForm)[]).every((k) => a[k] === b[k]);

export type HeartbeatChange =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/**
 * The scenario with these heartbeat settings, checked by the scenario schema itself so the form's
 * messages are the ones a scenario file would get (`engines.fabric.heartbeat.periodMs: …`). Only
 * the design and what differs from its defaults is written, so the scenario states only what it
 * changes. Nothing else of the scenario moves.
 */
export function scenarioWithHeartbeat(scenario: Scenario, form: HeartbeatForm): HeartbeatChange {
  const errors: ScenarioError[] = [];
  const number = (field: keyof HeartbeatForm, text: string): number | undefined => {
    const trimmed = text.trim();
    const value = trimmed === '' ? NaN : Number(trimmed);
    if (!Number.isFinite(value)) {
      errors.push({
        path: `${HEARTBEAT_PATH}.${field}`,
        message: `"${text}" is not a number`,
      });
      return undefined;
    }
    return value;
  };
  const periodMs = number('periodMs', form.periodMs);
  const timeoutMs = number('timeoutMs', form.timeoutMs);
  const fanout = number('fanout', form.fanout);
  const suspicionMult = number('suspicionMult', form.suspicionMult);
  if (errors.length > 0) return { ok: false, errors };

  const defaults = designDefaultsForm(form.design);
  const heartbeat: NonNullable<FabricSettingsInput['heartbeat']> = {
    design: form.design,
    ...(form.periodMs !== defaults.periodMs ? { periodMs } : {}),
    ...(form.timeoutMs !== defaults.timeoutMs ? { timeoutMs } : {}),
    ...(form.fanout !== defaults.fanout ? { fanout } : {}),
    ...(form.design === 'gossip' && form.suspicionMult !== defaults.suspicionMult
      ? { suspicionMult }
      : {}),
    ...(form.design === 'gossip' && form.lifeguard !== defaults.lifeguard
      ? { lifeguard: form.lifeguard }
      : {}),
  };
  const raw = {
    ...scenario,
    engines: { ...scenario.engines, fabric: { ...scenario.engines?.fabric, heartbeat } },
  };
  const checked = validateScenario(raw);
  return checked.ok ? { ok: true, scenario: checked.scenario } : checked;
}
