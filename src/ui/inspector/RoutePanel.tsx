import { useState } from 'react';
import { useStore } from 'zustand';
import type { RouteResult } from '../../engines/fabric/routing';
import { LINK_KIND_NAMES, nodeId, type Cluster, type LinkKind } from '../../model';
import { failedElementId, healthyRoute, routeChange } from '../../store/route';
import { selectIds } from '../../store/selection';
import { viewStore } from '../../store/viewStore';
import { formatBytes, formatGBps, formatMicros, parseBytes } from '../format';
import { frameOf } from '../frameGuard';
import { useFrameSample } from '../hooks';
import { routeTerms } from './routeTerms';

/** The route between the two selected NPUs: every hop, the hop count and the latency with its formula. */
export function RoutePanel({ cluster, from, to }: { cluster: Cluster; from: number; to: number }) {
  const route = useStore(viewStore, (s) => s.route);
  const bytes = useStore(viewStore, (s) => s.routeBytes);
  return (
    <div className="tw-entity tw-route" data-testid="route-panel">
      <div className="tw-entity-head">
        <span className="tw-kind">route</span>
        <span className="tw-route-ends">
          <span data-testid="route-from">{nodeId(cluster, from)}</span> →{' '}
          <span data-testid="route-to">{nodeId(cluster, to)}</span>
        </span>
      </div>
      <BytesInput bytes={bytes} />
      {route.status === 'done' && (
        <RerouteNote
          cluster={cluster}
          from={route.from}
          to={route.to}
          bytes={route.bytes}
          result={route.result}
        />
      )}
      {route.status === 'idle' || route.status === 'pending' ? (
        <div className="tw-muted">Computing route…</div>
      ) : route.status === 'error' ? (
        <div className="tw-field-error" role="status">
          Route failed: {route.message}
        </div>
      ) : !route.result.ok ? (
        <div className="tw-field-error" role="status" data-testid="route-error">
          No route: {route.result.reason}
        </div>
      ) : (
        <RouteBody cluster={cluster} result={route.result} />
      )}
    </div>
  );
}

type OkRoute = Extract<RouteResult, { ok: true }>;

/**
 * How a fault moved the route, against the route on the healthy fabric: "rerouted around <element>:
 * +N hops, +X µs" or "no path". The failed element is read from the latest frame (≤ 4×/s).
 */
function RerouteNote(props: {
  cluster: Cluster;
  from: number;
  to: number;
  bytes: number;
  result: RouteResult;
}) {
  const { cluster, from, to, bytes, result } = props;
  const sampled = useFrameSample();
  const change = routeChange(
    cluster,
    healthyRoute(cluster, from, to, bytes),
    result,
    frameOf(cluster, sampled),
  );
  if (change.kind === 'unchanged') return null;
  const around = change.failed ? ` around ${failedElementId(cluster, change.failed)}` : '';
  if (change.kind === 'no-path')
    return (
      <div className="tw-field-error" role="status" data-testid="route-reroute" data-kind="no-path">
        no path{around ? ` (cut${around})` : ''}; the healthy route had {change.original.hops} hops
      </div>
    );
  const sign = (x: number) => (x >= 0 ? '+' : '−');
  return (
    <div className="tw-muted" role="status" data-testid="route-reroute" data-kind="rerouted">
      rerouted{around}: {sign(change.extraHops)}
      {Math.abs(change.extraHops)} hop{Math.abs(change.extraHops) === 1 ? '' : 's'},{' '}
      {sign(change.extraUs)}
      {formatMicros(Math.abs(change.extraUs))} (healthy route dashed in the room)
    </div>
  );
}

function RouteBody({ cluster, result }: { cluster: Cluster; result: OkRoute }) {
  const terms = routeTerms(cluster, result);
  const method = 'method' in result ? (result as { method?: string }).method : undefined;
  return (
    <>
      <div className="tw-route-summary">
        <div className="tw-stat">
          <span className="tw-stat-label">hops</span>
          <span className="tw-stat-value tw-num" data-testid="route-hops" data-hops={result.hops}>
            {result.hops}
          </span>
        </div>
        <div className="tw-stat">
          <span className="tw-stat-label">latency</span>
          <span
            className="tw-stat-value tw-num"
            data-testid="route-latency"
            data-latency-us={result.latencyUs}
          >
            {formatMicros(result.latencyUs)}
          </span>
        </div>
        <div className="tw-stat">
          <span className="tw-stat-label">bottleneck</span>
          <span className="tw-stat-value tw-num">{formatGBps(result.bottleneckGBps)}</span>
        </div>
      </div>
      <div className="tw-formula tw-num" data-testid="route-formula">
        <div className="tw-muted">endpoint + hops × per-hop + bytes / bottleneck</div>
        <div>
          {formatMicros(terms.endpointUs)} + {result.hops} × {formatMicros(terms.perHopUs)} +{' '}
          {formatBytes(result.bytes)} / {formatGBps(result.bottleneckGBps)}
        </div>
        <div>
          = {terms.endpointUs.toFixed(2)} + {terms.hopsUs.toFixed(2)} +{' '}
          {terms.transferUs.toFixed(2)} = <strong>{formatMicros(terms.totalUs)}</strong>
        </div>
        <div
          className="tw-muted tw-formula-src"
          title={`${cluster.profile.fabric.latency.endpointUs.source}\n${cluster.profile.fabric.latency.perHopUs.source}`}
        >
          constants from profile {cluster.profile.id}
          {method ? ` · ${method} path` : ''}
        </div>
      </div>
      <ol className="tw-hops" data-testid="route-path">
        {result.nodes.map((node, i) => {
          const link = i > 0 ? result.links[i - 1] : undefined;
          const id = nodeId(cluster, node);
          return (
            <li key={`${i}:${node}`}>
              {link !== undefined && (
                <span className="tw-hop-link tw-muted">
                  {LINK_KIND_NAMES[cluster.linkKind[link] as LinkKind]} ·{' '}
                  {formatGBps(cluster.linkBandwidthGBps[link])}
                </span>
              )}
              <button
                type="button"
                className="tw-link tw-hop-node"
                onClick={() => selectIds([id], true)}
              >
                {id}
              </button>
            </li>
          );
        })}
      </ol>
    </>
  );
}

function BytesInput({ bytes }: { bytes: number }) {
  const [text, setText] = useState(formatBytes(bytes));
  const [error, setError] = useState<string | undefined>(undefined);
  const commit = () => {
    const parsed = parseBytes(text);
    if (parsed === undefined || parsed < 0) {
      setError('Type a size like 1 MiB, 64 KiB, 4096');
      return;
    }
    setError(undefined);
    setText(formatBytes(parsed));
    if (parsed !== bytes) viewStore.setState({ routeBytes: parsed });
  };
  return (
    <label className="tw-bytes">
      <span>Message size</span>
      <input
        type="text"
        data-testid="route-bytes"
        value={text}
        aria-invalid={error !== undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {error && <span className="tw-field-error">{error}</span>}
    </label>
  );
}
