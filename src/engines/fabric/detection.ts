import { computeCabinetOfNode, interconnectCabinetOfNode, type Cluster } from '../../model';
import { createRng, hashString32 } from '../../sim/rng';
import type { SimTimeUs } from '../../sim/time';
import {
  heartbeatEstimate,
  nextProbeAt,
  sampleGossipDetection,
  type HeartbeatEstimate,
  type HeartbeatParams,
  type HeartbeatScale,
} from './heartbeat';

/**
 * When the heartbeat notices a failure, for the engine's fault life cycle: the design's formulas
 * (heartbeat.ts) applied to a fault at a given instant. Probing runs on a fixed, seeded timetable
 * — each agent (or the poller) probes from its own phase every cycle — so the detection instant
 * is computed, not simulated, and a replay costs nothing per probe. Gossip draws from a stream
 * seeded by the fault's identity, so unrelated faults never shift each other's draws.
 */
export interface Detection {
  /** The prober saw no answer (hierarchical: the agent; gossip: a member), if the design has that step. */
  readonly suspectedUs?: SimTimeUs;
  /** The UBM (or, in gossip, the membership) declares the endpoint dead. */
  readonly detectedUs: SimTimeUs;
}

const US = 1e6;

/** The heartbeat scale of a cluster: N accelerators, one agent per compute and per interconnect cabinet. */
export function clusterHeartbeatScale(cluster: Cluster): HeartbeatScale {
  return {
    endpoints: cluster.npuCount,
    agents: cluster.computeCabinetCount + cluster.interconnectCabinetCount,
    endpointsPerAgent: cluster.perCabinet + cluster.profile.layout.backupsPerCabinet,
  };
}

export class Detector {
  readonly scale: HeartbeatScale;
  private readonly estimates = new Map<number, HeartbeatEstimate>();

  constructor(
    private readonly cluster: Cluster,
    readonly params: HeartbeatParams,
    private readonly seed: number,
  ) {
    this.scale = clusterHeartbeatScale(cluster);
  }

  /** The design's figures with `dead` endpoints still probed (only the sequential poller cares). */
  estimate(dead = 0): HeartbeatEstimate {
    const key = this.params.design === 'flat-sequential' ? dead : 0;
    let e = this.estimates.get(key);
    if (!e) {
      e = heartbeatEstimate(this.params, this.scale, key);
      this.estimates.set(key, e);
    }
    return e;
  }

  /**
   * The heartbeat agent responsible for a routing node: its compute cabinet's agent for
   * accelerators, backups and switches of the cabinet; the interconnect cabinet's for a spine switch.
   */
  agentOf(node: number): number {
    const c = this.cluster;
    const cabinet = computeCabinetOfNode(c, node);
    return cabinet >= 0 ? cabinet : c.computeCabinetCount + interconnectCabinetOfNode(c, node);
  }

  /** A uniform number in [0, 1) fixed by the seed and a key. */
  private unit(key: string): number {
    return hashString32(key, this.seed) / 0x1_0000_0000;
  }

  private agentPhaseUs(agent: number, cycleUs: number): number {
    return this.unit(`agent:${agent}`) * cycleUs;
  }

  /**
   * Detection of a node that dies at `t0Us` (the failure of one of a fault's endpoints). `key`
   * names the fault, for gossip's draws; `dead` is the number of dead endpoints right now.
   */
  detectNode(node: number, t0Us: SimTimeUs, key: string, dead: number): Detection {
    const p = this.params;
    const e = this.estimate(dead);
    const cycleUs = e.cycleSeconds * US;
    const roundUs = e.roundSeconds * US;
    switch (p.design) {
      case 'hierarchical': {
        // The agent probes all its endpoints at its phase; it suspects at its deadline, and the
        // UBM declares when the agent's digest arrives at the end of the round.
        const probe = nextProbeAt(t0Us, this.agentPhaseUs(this.agentOf(node), cycleUs), cycleUs);
        const perAgent = Math.max(1, this.scale.endpointsPerAgent);
        const leafUs =
          (perAgent * p.probeCpuS + Math.ceil(perAgent / Math.max(1, p.fanout)) * p.timeoutS) * US;
        return { suspectedUs: Math.round(probe + leafUs), detectedUs: Math.round(probe + roundUs) };
      }
      case 'flat-async': {
        // The poller sends probe `rank` at round start + rank·s and judges the round at its end.
        const offset = (node % this.scale.endpoints) * p.probeCpuS * US;
        const start = this.unit('poller') * cycleUs;
        const probe = nextProbeAt(t0Us, start + offset, cycleUs);
        return { detectedUs: Math.round(probe - offset + roundUs) };
      }
      case 'flat-sequential': {
        // One RPC at a time: endpoint `rank` is asked at round start + rank·r, and a dead one is
        // declared when its deadline expires.
        const lanes = Math.max(1, p.fanout);
        const offset = ((node % this.scale.endpoints) * p.rttS * US) / lanes;
        const start = this.unit('poller') * cycleUs;
        const probe = nextProbeAt(t0Us, start + offset, cycleUs);
        return { detectedUs: Math.round(probe + p.timeoutS * US) };
      }
      case 'gossip': {
        const rng = createRng(hashString32(`gossip:${key}`, this.seed));
        const d = sampleGossipDetection(p, this.scale.endpoints, t0Us / US, () => rng.next());
        return {
          suspectedUs: Math.round(d.suspectedS * US),
          detectedUs: Math.round(d.declaredS * US),
        };
      }
    }
  }

  /**
   * Detection by telemetry rather than liveness (a degraded link, a lost agent's missing digest):
   * the next round of the responsible agent (or the poller, or the UBM's telemetry in gossip),
   * judged at the round's end.
   */
  detectAtNextRound(agent: number, t0Us: SimTimeUs, dead: number): Detection {
    const e = this.estimate(dead);
    const cycleUs = e.cycleSeconds * US;
    const phase =
      this.params.design === 'hierarchical'
        ? this.agentPhaseUs(agent, cycleUs)
        : this.unit('poller') * cycleUs;
    const round = this.params.design === 'gossip' ? this.params.timeoutS * US : e.roundSeconds * US;
    return { detectedUs: Math.round(nextProbeAt(t0Us, phase, cycleUs) + round) };
  }

  /**
   * The next probe of `node` at or after `t0Us`, and when its deadline expires: for false
   * suspicions (a probe lost on a flapping uplink while the endpoint is alive).
   */
  nextProbe(node: number, t0Us: SimTimeUs, dead: number): { probeUs: number; deadlineUs: number } {
    const e = this.estimate(dead);
    const cycleUs = e.cycleSeconds * US;
    const p = this.params;
    const phase =
      p.design === 'hierarchical'
        ? this.agentPhaseUs(this.agentOf(node), cycleUs)
        : this.unit('poller') * cycleUs +
          (node % this.scale.endpoints) * (p.design === 'flat-async' ? p.probeCpuS : p.rttS) * US;
    const probeUs = Math.round(nextProbeAt(t0Us, phase, cycleUs));
    return { probeUs, deadlineUs: probeUs + Math.round(p.timeoutS * US) };
  }
}
