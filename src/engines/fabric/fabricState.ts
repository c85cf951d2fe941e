import { LinkKind, type Cluster } from '../../model';
import type { Digest } from '../../sim/digest';
import { Health, LinkState } from '../../sim/frame';
import type { FabricState } from './routing';
import type { PhysicalState } from './traffic';

/**
 * The fabric's device and link state under overlapping faults. Every effect is a counter per
 * element (a node can be down because its NPU failed and because its cabinet lost power), so
 * ending one fault never undoes another. Three pictures are derived from the counters:
 *
 * - physical: what is alive (traffic that meets a dead element stalls);
 * - usable (`nodeUp` / `linkUp`, the `FabricState` route queries use): alive and not isolated —
 *   a route never crosses a failed or isolated element;
 * - the control plane's routing view (`view`): what background flows have been rerouted around.
 *   An element leaves the view only at its fault's reroute step, so between the failure and the
 *   reroute the flows through it stall, which is the window the fault life cycle measures.
 */
export class FabricStateStore implements FabricState {
  readonly nodeUp: Uint8Array;
  readonly linkUp: Uint8Array;
  /** Per accelerator: the backup node standing in for it, or -1. */
  readonly standIn: Int32Array;
  /** Per backup (index from `backupBase`): the accelerator it stands in for, or -1. */
  readonly backupServing: Int32Array;

  readonly nodeDown: Uint16Array;
  readonly linkDown: Uint16Array;
  readonly nodeIsolated: Uint16Array;
  readonly linkIsolated: Uint16Array;
  /** Endpoints whose heartbeat agent is lost (their state is unknown). */
  readonly nodeUnmonitored: Uint16Array;
  /** Endpoints suspected although alive. */
  readonly nodeSuspect: Uint16Array;
  readonly linkFlapping: Uint16Array;
  readonly linkCapacity: Float32Array;

  private readonly viewNodeExcluded: Uint16Array;
  private readonly viewLinkExcluded: Uint16Array;
  private readonly viewNodeUp: Uint8Array;
  private readonly viewLinkUp: Uint8Array;
  private readonly nodeAlive: Uint8Array;
  private readonly linkAlive: Uint8Array;

  /** The control plane's routing view, for background flows. */
  readonly view: FabricState;
  readonly physical: PhysicalState;
  /** Accelerators and backups that are dead (the sequential poller waits out each one). */
  deadEndpoints = 0;
  unmonitoredEndpoints = 0;
  /** Accelerators and backups out of service (down or isolated). */
  unusableEndpoints = 0;
  /**
   * Links out of service: down or isolated themselves, or at a device that is — routes avoid them
   * all. A cabinet's power loss puts every link of its devices here, though no link failed itself.
   */
  unusableLinks = 0;
  /** Per link: 1 while it and both of its ends are in service. */
  private readonly linkInService: Uint8Array;
  /** Bumped on every physical change, so caches of utilisation know to recompute. */
  physicalVersion = 0;

  constructor(private readonly cluster: Cluster) {
    const nodes = cluster.nodeCount;
    const links = cluster.linkCount;
    this.nodeUp = new Uint8Array(nodes).fill(1);
    this.linkUp = new Uint8Array(links).fill(1);
    this.standIn = new Int32Array(cluster.npuCount).fill(-1);
    this.backupServing = new Int32Array(cluster.backupCount).fill(-1);
    this.nodeDown = new Uint16Array(nodes);
    this.linkDown = new Uint16Array(links);
    this.nodeIsolated = new Uint16Array(nodes);
    this.linkIsolated = new Uint16Array(links);
    this.nodeUnmonitored = new Uint16Array(nodes);
    this.nodeSuspect = new Uint16Array(nodes);
    this.linkFlapping = new Uint16Array(links);
    this.linkCapacity = new Float32Array(links).fill(1);
    this.viewNodeExcluded = new Uint16Array(nodes);
    this.viewLinkExcluded = new Uint16Array(links);
    this.viewNodeUp = new Uint8Array(nodes).fill(1);
    this.viewLinkUp = new Uint8Array(links).fill(1);
    this.nodeAlive = new Uint8Array(nodes).fill(1);
    this.linkAlive = new Uint8Array(links).fill(1);
    this.linkInService = new Uint8Array(links).fill(1);
    this.view = { nodeUp: this.viewNodeUp, linkUp: this.viewLinkUp, standIn: this.standIn };
    this.physical = {
      nodeAlive: this.nodeAlive,
      linkAlive: this.linkAlive,
      linkCapacity: this.linkCapacity,
    };
  }

  private isEndpoint(node: number): boolean {
    return node < this.cluster.serverSwitchBase;
  }

  nodeDownBy(node: number, delta: 1 | -1): void {
    const before = this.nodeDown[node];
    this.nodeDown[node] = before + delta;
    const after = this.nodeDown[node];
    if ((before === 0) !== (after === 0)) {
      this.nodeAlive[node] = after === 0 ? 1 : 0;
      if (this.isEndpoint(node)) this.deadEndpoints += after === 0 ? -1 : 1;
      this.physicalVersion++;
    }
    this.refreshNode(node);
  }

  linkDownBy(link: number, delta: 1 | -1): void {
    const before = this.linkDown[link];
    this.linkDown[link] = before + delta;
    if ((before === 0) !== (this.linkDown[link] === 0)) {
      this.linkAlive[link] = this.linkDown[link] === 0 ? 1 : 0;
      this.physicalVersion++;
    }
    this.refreshLink(link);
  }

  nodeIsolatedBy(node: number, delta: 1 | -1): void {
    this.nodeIsolated[node] += delta;
    this.refreshNode(node);
  }

  linkIsolatedBy(link: number, delta: 1 | -1): void {
    this.linkIsolated[link] += delta;
    this.refreshLink(link);
  }

  viewNodeBy(node: number, delta: 1 | -1): void {
    this.viewNodeExcluded[node] += delta;
    this.viewNodeUp[node] = this.viewNodeExcluded[node] === 0 ? 1 : 0;
  }

  viewLinkBy(link: number, delta: 1 | -1): void {
    this.viewLinkExcluded[link] += delta;
    this.viewLinkUp[link] = this.viewLinkExcluded[link] === 0 ? 1 : 0;
  }

  unmonitoredBy(node: number, delta: 1 | -1): void {
    const before = this.nodeUnmonitored[node];
    this.nodeUnmonitored[node] = before + delta;
    if ((before === 0) !== (this.nodeUnmonitored[node] === 0))
      this.unmonitoredEndpoints += this.nodeUnmonitored[node] === 0 ? -1 : 1;
  }

  suspectBy(node: number, delta: 1 | -1): void {
    this.nodeSuspect[node] += delta;
  }

  flappingBy(link: number, delta: 1 | -1): void {
    this.linkFlapping[link] += delta;
  }

  setCapacity(link: number, fraction: number): void {
    if (this.linkCapacity[link] === fraction) return;
    this.linkCapacity[link] = fraction;
    this.physicalVersion++;
  }

  /** The backup NPU of an accelerator's cabinet that is alive, usable and free, or -1. */
  freeBackup(npu: number): number {
    const per = this.cluster.profile.layout.backupsPerCabinet;
    const first = this.cluster.npuCabinet[npu] * per;
    for (let b = first; b < first + per; b++) {
      const node = this.cluster.backupBase + b;
      if (this.backupServing[b] < 0 && this.nodeUp[node] === 1) return node;
    }
    return -1;
  }

  setStandIn(npu: number, backup: number): void {
    this.standIn[npu] = backup;
    this.backupServing[backup - this.cluster.backupBase] = npu;
  }

  clearStandIn(npu: number): void {
    const backup = this.standIn[npu];
    if (backup < 0) return;
    this.backupServing[backup - this.cluster.backupBase] = -1;
    this.standIn[npu] = -1;
  }

  private refreshNode(node: number): void {
    const up = this.nodeDown[node] === 0 && this.nodeIsolated[node] === 0 ? 1 : 0;
    if (up === this.nodeUp[node]) return;
    if (this.isEndpoint(node)) this.unusableEndpoints += up ? -1 : 1;
    this.nodeUp[node] = up;
    const { adjOffset, adjLink } = this.cluster;
    for (let i = adjOffset[node]; i < adjOffset[node + 1]; i++) this.refreshService(adjLink[i]);
  }

  private refreshLink(link: number): void {
    this.linkUp[link] = this.linkDown[link] === 0 && this.linkIsolated[link] === 0 ? 1 : 0;
    this.refreshService(link);
  }

  private refreshService(link: number): void {
    const { linkA, linkB } = this.cluster;
    const inService = this.linkUp[link] & this.nodeUp[linkA[link]] & this.nodeUp[linkB[link]];
    if (inService === this.linkInService[link]) return;
    this.unusableLinks += inService ? -1 : 1;
    this.linkInService[link] = inService;
  }

  /** Health of one routing node: dead and not yet isolated, stand-in, isolated, suspect, healthy. */
  health(node: number): Health {
    const cluster = this.cluster;
    if (node < cluster.npuCount && this.standIn[node] >= 0) return Health.BackupInUse;
    if (this.nodeDown[node] > 0 && this.nodeIsolated[node] === 0) return Health.Failed;
    if (this.nodeIsolated[node] > 0) return Health.Isolated;
    if (node >= cluster.backupBase && node < cluster.serverSwitchBase) {
      if (this.backupServing[node - cluster.backupBase] >= 0) return Health.BackupInUse;
    }
    if (this.nodeUnmonitored[node] > 0 || this.nodeSuspect[node] > 0) return Health.Suspect;
    return Health.Healthy;
  }

  npuHealth(): Uint8Array {
    const out = new Uint8Array(this.cluster.npuCount);
    for (let n = 0; n < out.length; n++) out[n] = this.health(n);
    return out;
  }

  nodeHealth(): Uint8Array {
    const out = new Uint8Array(this.cluster.nodeCount);
    for (let n = 0; n < out.length; n++) out[n] = this.health(n);
    return out;
  }

  linkStates(): Uint8Array {
    const { cluster } = this;
    const out = new Uint8Array(cluster.linkCount);
    for (let l = 0; l < out.length; l++) {
      if (this.linkIsolated[l] > 0) out[l] = LinkState.Isolated;
      else if (this.linkFlapping[l] > 0) out[l] = LinkState.Flapping;
      else if (
        this.linkDown[l] > 0 ||
        this.nodeDown[cluster.linkA[l]] > 0 ||
        this.nodeDown[cluster.linkB[l]] > 0
      )
        out[l] = LinkState.Down;
      else if (this.linkCapacity[l] < 1) out[l] = LinkState.Degraded;
    }
    return out;
  }

  /** Links that join accelerators or backups to their cabinet switch: the path heartbeats take. */
  isProbePath(link: number): boolean {
    const kind = this.cluster.linkKind[link];
    return kind === LinkKind.Uplink || kind === LinkKind.BackupUplink;
  }

  addToDigest(digest: Digest): void {
    digest.addU8(this.nodeUp);
    digest.addU8(this.linkUp);
    digest.addU8(this.viewNodeUp);
    digest.addU8(this.viewLinkUp);
    // Word-wise, so the digest does not depend on the host's byte order.
    digest.addU32(
      new Uint32Array(this.standIn.buffer, this.standIn.byteOffset, this.standIn.length),
    );
    digest.addU32(Uint32Array.from(this.nodeDown));
    digest.addU32(Uint32Array.from(this.nodeSuspect));
    digest.addU32(Uint32Array.from(this.nodeUnmonitored));
    digest.addU32(Uint32Array.from(this.linkFlapping));
    digest.addF32(this.linkCapacity);
  }
}
