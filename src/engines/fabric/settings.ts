import type {
  FabricSettingsInput,
  HeartbeatDesign,
  IsolationGranularity,
  MultipathPolicy,
  NotificationMode,
  RoutingTables,
  Scenario,
  TrafficPattern,
  Workload,
} from '../../sim/scenario';
import { defaultHeartbeatParams, type HeartbeatParams } from './heartbeat';

/**
 * The fabric engine's settings with every default filled in. A scenario's `engines.fabric` states
 * only what it changes. Values marked [assumption] have no public source; they are the knobs an
 * operator turns in a drill, chosen to be plausible, and said so.
 */
export interface FabricSettings {
  readonly heartbeat: HeartbeatParams;
  readonly isolation: Readonly<Record<Workload['kind'] | 'idle', IsolationGranularity>>;
  readonly routing: {
    readonly tables: RoutingTables;
    readonly multipath: MultipathPolicy;
    readonly notification: NotificationMode;
  };
  readonly traffic: {
    readonly pattern: TrafficPattern;
    readonly offeredGBps: number;
    readonly hotSpot: string | undefined;
    readonly hotSpotShare: number;
  };
  readonly timing: {
    readonly linkDetectUs: number;
    readonly isolateUs: Readonly<Record<IsolationGranularity, number>>;
    readonly flapDampenCount: number;
  };
}

export const DEFAULT_DESIGN: HeartbeatDesign = 'hierarchical';

/**
 * Defaults. Isolation: training tolerates precise (device) isolation, inference wants it fast
 * (SR-5), so inference isolates the whole server. Isolation delays [assumption]: a coarser
 * granularity needs no localisation of the failed device and fences at once. Link loss of signal
 * is seen at the port within 1 ms [assumption]. A flapping link is dampened after 3 down
 * transitions [assumption, as interface dampening does]. Background traffic is off; when on, each
 * NPU offers 20 GB/s [assumption, ≈ 9 % of its 224 GB/s uplink].
 */
export const FABRIC_DEFAULTS = {
  isolation: { training: 'device', inference: 'server', idle: 'device' },
  routing: { tables: 'structured', multipath: 'apr', notification: 'direct' },
  traffic: { pattern: 'none', offeredGBps: 20, hotSpot: undefined, hotSpotShare: 0.01 },
  timing: {
    linkDetectUs: 1_000,
    isolateUs: { device: 500_000, server: 200_000, cabinet: 50_000 },
    flapDampenCount: 3,
  },
} as const satisfies Omit<FabricSettings, 'heartbeat'>;

const msToUs = (ms: number) => Math.round(ms * 1000);

export function resolveFabricSettings(input: FabricSettingsInput | undefined): FabricSettings {
  const hb = input?.heartbeat;
  const design = hb?.design ?? DEFAULT_DESIGN;
  const base = defaultHeartbeatParams(design);
  const heartbeat: HeartbeatParams = {
    ...base,
    periodS: hb?.periodMs !== undefined ? hb.periodMs / 1000 : base.periodS,
    timeoutS: hb?.timeoutMs !== undefined ? hb.timeoutMs / 1000 : base.timeoutS,
    fanout: hb?.fanout ?? base.fanout,
    suspicionMult: hb?.suspicionMult ?? base.suspicionMult,
    suspicionMaxTimeoutMult: hb?.suspicionMaxTimeoutMult ?? base.suspicionMaxTimeoutMult,
    gossipIntervalS:
      hb?.gossipIntervalMs !== undefined ? hb.gossipIntervalMs / 1000 : base.gossipIntervalS,
    lifeguard: hb?.lifeguard ?? base.lifeguard,
  };
  const t = input?.timing;
  const d = FABRIC_DEFAULTS;
  return {
    heartbeat,
    isolation: {
      training: input?.isolation?.training ?? d.isolation.training,
      inference: input?.isolation?.inference ?? d.isolation.inference,
      idle: input?.isolation?.idle ?? d.isolation.idle,
    },
    routing: {
      tables: input?.routing?.tables ?? d.routing.tables,
      multipath: input?.routing?.multipath ?? d.routing.multipath,
      notification: input?.routing?.notification ?? d.routing.notification,
    },
    traffic: {
      pattern: input?.traffic?.pattern ?? d.traffic.pattern,
      offeredGBps: input?.traffic?.offeredGBps ?? d.traffic.offeredGBps,
      hotSpot: input?.traffic?.hotSpot ?? d.traffic.hotSpot,
      hotSpotShare: input?.traffic?.hotSpotShare ?? d.traffic.hotSpotShare,
    },
    timing: {
      linkDetectUs: t?.linkDetectMs !== undefined ? msToUs(t.linkDetectMs) : d.timing.linkDetectUs,
      isolateUs: {
        device:
          t?.isolateDeviceMs !== undefined ? msToUs(t.isolateDeviceMs) : d.timing.isolateUs.device,
        server:
          t?.isolateServerMs !== undefined ? msToUs(t.isolateServerMs) : d.timing.isolateUs.server,
        cabinet:
          t?.isolateCabinetMs !== undefined
            ? msToUs(t.isolateCabinetMs)
            : d.timing.isolateUs.cabinet,
      },
      flapDampenCount: t?.flapDampenCount ?? d.timing.flapDampenCount,
    },
  };
}

export const scenarioFabricSettings = (scenario: Scenario): FabricSettings =>
  resolveFabricSettings(scenario.engines?.fabric);
