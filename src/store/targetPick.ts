import {
  entityId,
  linkBetween,
  linkId,
  nodeId,
  parseNode,
  podId,
  serverId,
  switchesInCabinet,
  switchesInInterconnectCabinet,
  type Cluster,
  type EntityRef,
} from '../model';
import { targetKindOf } from '../sim/scenarioIo';
import {
  DEFAULT_FAULT_FORM,
  FAULT_KIND_LABELS,
  activeFaultsCovering,
  canonicalId,
  checkFaultForm,
  type FaultForm,
  type FaultFormContext,
  type FaultFormKind,
} from './faults';

/**
 * "Pick in 3D": what a click in the room means for the inject form. The room hands over the
 * entity under the pointer (an NPU, a backup NPU, a cabinet body or an interconnect cabinet); the
 * fault kind decides the granularity (an NPU click targets its cabinet for a cabinet power loss,
 * its server for a server down). Links take two clicks, one per end. The id found is then put
 * through the form's own check, so a pick is refused for exactly the reasons an inject would be.
 * Pure, so the mapping is unit-tested without a browser.
 */

export type PickOutcome =
  /** The id to put in the target field; the pick is over. */
  | { readonly kind: 'target'; readonly id: string }
  /** A link's first end: wait for the other. */
  | { readonly kind: 'first-end'; readonly id: string }
  /** Nothing usable was clicked: say why and stay armed. */
  | { readonly kind: 'refuse'; readonly message: string };

const refuse = (message: string): PickOutcome => ({ kind: 'refuse', message });

/** What the operator is asked to click, per kind (the banner over the room). */
const PROMPTS: Readonly<Record<FaultFormKind, string>> = {
  'npu-fail': 'Click an NPU to target an NPU failure',
  'server-down': 'Click an NPU to target its server for a server down',
  'cabinet-power-loss': 'Click a cabinet to target a cabinet power loss',
  'switch-down':
    'Click an interconnect cabinet, or a compute cabinet for its cabinet switch, to target a switch down',
  'agent-loss': 'Click a compute or interconnect cabinet to target a UBM agent loss',
  'pod-cut': 'Click any cabinet of a pod to cut that pod off',
  'link-fail': 'Click one end of the link to take down',
  'link-degrade': 'Click one end of the link to degrade',
  'link-flap': 'Click one end of the link to flap',
  repair: 'Click a failed element to repair the fault that took it down',
};

/** The banner's request: what to click now (a link's second end once the first is chosen). */
export function pickPrompt(kind: FaultFormKind, firstEnd: string | undefined): string {
  if (firstEnd !== undefined) return `First end chosen: ${firstEnd}, now click the other end`;
  return PROMPTS[kind];
}

/**
 * The target a click offers for `form.kind`, or why it offers none. `firstEnd` is the link end
 * chosen by the previous click. `context` is the form's check context (faults now, time now).
 */
export function pickTarget(
  form: FaultForm,
  clicked: EntityRef | undefined,
  firstEnd: string | undefined,
  context: FaultFormContext,
): PickOutcome {
  const { cluster } = context;
  if (!clicked) return refuse('Nothing there: click on a cabinet (drag to orbit, wheel to zoom)');
  const mapped = mapClick(cluster, form.kind, clicked, firstEnd, context);
  if (mapped.kind !== 'target') return mapped;
  // The form's own check, on a form that differs only in the target (and nothing the operator
  // has yet to fill in, such as a duration), so the refusal is always about the target.
  const check = checkFaultForm(
    {
      ...DEFAULT_FAULT_FORM,
      kind: form.kind,
      target: mapped.id,
      start: form.start,
      atText: form.atText,
    },
    context,
  );
  if (!check.ok && check.field === 'target') return refuse(check.message);
  return mapped;
}

/** The click mapped to the kind's granularity, before the form's check. */
function mapClick(
  cluster: Cluster,
  kind: FaultFormKind,
  clicked: EntityRef,
  firstEnd: string | undefined,
  context: FaultFormContext,
): PickOutcome {
  const clickedId = entityId(cluster, clicked);
  const label = FAULT_KIND_LABELS[kind].toLowerCase();
  if (kind === 'repair') return repairTarget(cluster, clickedId, context);
  const wanted = targetKindOf(kind);
  const cabinet = computeCabinetOf(cluster, clicked);
  switch (wanted) {
    case 'npu':
      if (clicked.kind === 'npu') return target(clickedId);
      return refuse(
        isBackup(cluster, clicked)
          ? `${clickedId} is a backup NPU (a spare): an NPU failure takes one of the working NPUs`
          : `${clickedId}: click one of its NPUs (double-click a cabinet to zoom in to its door)`,
      );
    case 'server':
      if (clicked.kind === 'npu')
        return target(serverId(cluster, cluster.npuServer[clicked.index]));
      if (clicked.kind === 'server') return target(clickedId);
      return refuse(
        isBackup(cluster, clicked)
          ? `${clickedId} is a backup NPU, which sits in no server: click an NPU of the server`
          : `${clickedId}: click an NPU of the server (double-click a cabinet to zoom in to its door)`,
      );
    case 'cabinet':
      if (cabinet !== undefined)
        return target(entityId(cluster, { kind: 'cabinet', index: cabinet }));
      return refuse(`${clickedId} is not a compute cabinet: a ${label} takes a compute cabinet`);
    case 'agent':
      if (clicked.kind === 'icabinet') return target(clickedId);
      if (cabinet !== undefined)
        return target(entityId(cluster, { kind: 'cabinet', index: cabinet }));
      return refuse(`${clickedId} has no UBM agent of its own: click a cabinet`);
    case 'pod':
      if (cabinet !== undefined) return target(podId(cluster.cabinetPod[cabinet]));
      return refuse(`${clickedId} joins the pods and belongs to none: click a compute cabinet`);
    case 'switch':
      return switchTarget(cluster, clicked, clickedId, cabinet);
    case 'link':
      return linkEnd(cluster, clicked, clickedId, firstEnd);
    case 'any':
    case 'workload':
      return refuse(`a ${label} is not targeted in the room`);
  }
}

const target = (id: string): PickOutcome => ({ kind: 'target', id });

const isBackup = (cluster: Cluster, ref: EntityRef) =>
  ref.kind === 'node' && ref.index >= cluster.backupBase && ref.index < cluster.serverSwitchBase;

/** The compute cabinet a clicked NPU, backup NPU, server or cabinet stands in. */
function computeCabinetOf(cluster: Cluster, ref: EntityRef): number | undefined {
  switch (ref.kind) {
    case 'cabinet':
      return ref.index;
    case 'npu':
      return cluster.npuCabinet[ref.index];
    case 'server':
      return cluster.serverCabinet[ref.index];
    case 'node':
      return isBackup(cluster, ref)
        ? Math.floor((ref.index - cluster.backupBase) / cluster.profile.layout.backupsPerCabinet)
        : undefined;
    default:
      return undefined;
  }
}

/**
 * A switch-down target: an interconnect cabinet as a whole, or the switch of a compute cabinet.
 * Where a cabinet holds several (a fat tree's edge and aggregation), an NPU's click takes the one
 * it is cabled to; a click on the cabinet itself cannot choose, and says which there are.
 */
function switchTarget(
  cluster: Cluster,
  clicked: EntityRef,
  clickedId: string,
  cabinet: number | undefined,
): PickOutcome {
  if (clicked.kind === 'icabinet') return target(clickedId);
  if (cabinet === undefined)
    return refuse(`${clickedId}: click an interconnect cabinet or a compute cabinet`);
  const switches = switchesInCabinet(cluster, cabinet);
  if (switches.length === 1) return target(nodeId(cluster, switches[0]));
  if (clicked.kind === 'npu' || clicked.kind === 'node') {
    const cabled = switches.find((s) => linkBetween(cluster, clicked.index, s) >= 0);
    if (cabled !== undefined) return target(nodeId(cluster, cabled));
  }
  const cab = entityId(cluster, { kind: 'cabinet', index: cabinet });
  return switches.length === 0
    ? refuse(`${cab} holds no switch in this profile`)
    : refuse(
        `${cab} holds ${switches.length} switches (${switches.map((s) => nodeId(cluster, s)).join(', ')}): click an NPU cabled to the one you mean, or type its id`,
      );
}

/** The routing node a click stands for as a link end: the NPU, or the cabinet's only switch. */
function endNode(cluster: Cluster, clicked: EntityRef, clickedId: string): number | string {
  if (clicked.kind === 'npu' || clicked.kind === 'node') return clicked.index;
  const switches =
    clicked.kind === 'cabinet'
      ? switchesInCabinet(cluster, clicked.index)
      : clicked.kind === 'icabinet'
        ? switchesInInterconnectCabinet(cluster, clicked.index)
        : [];
  if (switches.length === 1) return switches[0];
  return switches.length > 1
    ? `${clickedId} holds ${switches.length} switches: type the link's id instead`
    : `${clickedId} is not a link end: click an NPU, a backup NPU, or a cabinet for its switch`;
}

function linkEnd(
  cluster: Cluster,
  clicked: EntityRef,
  clickedId: string,
  firstEnd: string | undefined,
): PickOutcome {
  const node = endNode(cluster, clicked, clickedId);
  if (typeof node === 'string') return refuse(node);
  const id = nodeId(cluster, node);
  if (firstEnd === undefined) return { kind: 'first-end', id };
  const first = parseNode(cluster, firstEnd);
  if (!first.ok) return refuse(first.reason);
  if (first.node === node) return refuse(`${id} is the first end already: click the other end`);
  const link = linkBetween(cluster, first.node, node);
  if (link < 0)
    return refuse(
      `${firstEnd} and ${id} are not linked; the first end stays, click a node cabled to it`,
    );
  return target(linkId(cluster, link));
}

/**
 * A repair targets the fault that took the clicked element down: its own, or its server's or
 * cabinet's (a lost cabinet is repaired as the cabinet, not NPU by NPU).
 */
function repairTarget(cluster: Cluster, clickedId: string, context: FaultFormContext): PickOutcome {
  const covering = activeFaultsCovering(cluster, context.faults, clickedId);
  if (covering.length === 0)
    return refuse(
      `${clickedId} has no active fault to repair (a failed link is repaired from the fault list)`,
    );
  const own = covering.find((f) => canonicalId(cluster, f.target) === clickedId);
  return target(canonicalId(cluster, (own ?? covering[0]).target));
}
