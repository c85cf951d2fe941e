import { useStore } from 'zustand';
import type { TierOutcome, TierRow } from '../../engines/infernex/studies';
import { runTierStudy, updateInferNexSettings } from '../../store/infernexRun';
import { infernexStore } from '../../store/infernexStore';
import { formatSeconds, formatShare } from './infernexFormat';
import { formatChange, formatDollars, formatGB } from './studyFormat';
import { NumberField, StudyRunRow, type StudyResultOf } from './studyParts';

/** A size the operator typed, as typed. */
const gbExact = (gb: number) => `${gb.toLocaleString('en-US')} GB`;

const TIER_LABEL: Readonly<Record<TierRow['tier'], string>> = {
  hbm: 'HBM',
  dram: 'DRAM pool',
  nvme: 'NVMe pool',
};
const TIER_COLOR: Readonly<Record<TierRow['tier'], string>> = {
  hbm: '#4cc2ff',
  dram: '#3fb950',
  nvme: '#c297ff',
};

/**
 * The KV cache tiers of the replay's configuration with a Mooncake-style pool: each tier's
 * capacity, use, hits, transfers and money, and what a different DRAM tier would do to the hit
 * rate and TTFT.
 */
export function TiersView({ problem }: { readonly problem: string | undefined }) {
  const settings = useStore(infernexStore, (s) => s.settings);
  const study = useStore(infernexStore, (s) => s.studies.tiers);
  return (
    <div className="tw-inx-study" data-testid="inx-study-tiers-view">
      <div className="tw-inx-line">
        <label className="tw-inx-field">
          <span>pool</span>
          <select
            value={settings.poolScope}
            data-testid="inx-pool-scope"
            onChange={(e) =>
              updateInferNexSettings({ poolScope: e.target.value as 'global' | 'local' })
            }
          >
            <option value="global">global (one, shared)</option>
            <option value="local">local (one per instance)</option>
          </select>
        </label>
        <NumberField
          label="DRAM"
          unit="GB per pool"
          value={settings.dramGB}
          min={0}
          testId="inx-dram"
          onChange={(v) => updateInferNexSettings({ dramGB: v })}
        />
        <NumberField
          label="NVMe"
          unit="GB per pool"
          value={settings.nvmeGB}
          min={0}
          testId="inx-nvme"
          onChange={(v) => updateInferNexSettings({ nvmeGB: v })}
        />
        <NumberField
          label="what-if DRAM"
          unit="GB"
          value={settings.whatIfDramGB}
          min={0}
          testId="inx-dram-whatif"
          onChange={(v) => updateInferNexSettings({ whatIfDramGB: v })}
        />
        <StudyRunRow
          kind="tiers"
          state={study}
          label={`Run DRAM ${settings.dramGB} GB and ${settings.whatIfDramGB} GB`}
          disabled={problem !== undefined}
          onRun={() => void runTierStudy()}
          testId="inx-tiers-run"
        />
      </div>
      {problem && <p className="tw-field-error">{problem}</p>}
      <p className="tw-muted tw-hint">
        The replay's configuration ({settings.policy}, {settings.instances} instances,{' '}
        {settings.mode === 'agg' ? 'aggregated' : 'PD'}) with a pool beside HBM. Every prefill
        writes its blocks to the top tier; DRAM evictions (90 % high water, 5 % out: Mooncake store)
        move to NVMe, NVMe hits come back to DRAM. Prices per GB: HBM ~$20, DRAM ~$3, NVMe ~$0.3
        (SR-28 of the project brief, from the ICMSP analysis). DRAM read at 87 GB/s (Mooncake
        Transfer Engine, 4 × 200 Gbps, FAST'25 §5.4); NVMe 12 GB/s and the tier latencies are
        assumptions.
      </p>
      {study.status === 'done' && <TiersResult result={study.result} />}
    </div>
  );
}

function TiersResult({ result }: { readonly result: StudyResultOf<'tiers'> }) {
  const { base, whatIf } = result;
  const trace = useStore(infernexStore, (s) =>
    s.trace.status === 'ready' ? s.trace.info : undefined,
  );
  return (
    <>
      <TierTable outcome={base} result={result} />
      <div className="tw-inx-split">
        <WhatIfTable result={result} />
        <div className="tw-inx-card tw-inx-hitbars" data-testid="inx-tiers-bars">
          <div className="tw-inx-chart-title">Where prompt blocks came from</div>
          <HitBar outcome={base} />
          <HitBar outcome={whatIf} />
          <p className="tw-muted tw-hint">
            The rest was computed.
            {trace?.hasPrefixInfo &&
              ` ${formatShare(trace.repeatedBlockFraction)} of ${trace.name}'s blocks repeat an earlier one: the bound of an infinite cache over the whole trace.`}
          </p>
        </div>
      </div>
    </>
  );
}

function TierTable({
  outcome,
  result,
}: {
  readonly outcome: TierOutcome;
  readonly result: StudyResultOf<'tiers'>;
}) {
  return (
    <div className="tw-inx-scroll">
      <div className="tw-inx-chart-title">
        Tiers with DRAM {gbExact(outcome.dramGB)} and NVMe {gbExact(outcome.nvmeGB)} per pool,{' '}
        {outcome.scope === 'global' ? 'one global pool' : 'one pool per instance'}{' '}
        <span className="tw-muted">
          · {result.requests.toLocaleString('en-US')} requests, {result.policy}, seed {result.seed}
        </span>
      </div>
      <table className="tw-table tw-inx-table tw-inx-study-table" data-testid="inx-tiers-table">
        <thead>
          <tr>
            <th>tier</th>
            <th className="tw-inx-r">capacity</th>
            <th className="tw-inx-r">KV held at end</th>
            <th className="tw-inx-r">hit share</th>
            <th className="tw-inx-r">read · time</th>
            <th className="tw-inx-r">$ / GB</th>
            <th className="tw-inx-r">cost</th>
          </tr>
        </thead>
        <tbody>
          {outcome.rows.map((row) => (
            <tr key={row.tier} data-testid={`inx-tier-${row.tier}`}>
              <td>
                <span className="tw-inx-swatch" style={{ background: TIER_COLOR[row.tier] }} />{' '}
                {TIER_LABEL[row.tier]}
                {row.bandwidthGBps !== undefined && (
                  <span className="tw-muted"> · {row.bandwidthGBps} GB/s</span>
                )}
              </td>
              <td className="tw-num tw-inx-r">
                {row.tier === 'hbm'
                  ? `${row.units} × ${formatGB(row.capacityGB / row.units)}, ${formatGB(row.kvCapacityGB / row.units)} for KV`
                  : row.units > 1
                    ? `${row.units} × ${formatGB(row.capacityGB / row.units)}`
                    : formatGB(row.capacityGB)}
              </td>
              <td className="tw-num tw-inx-r">
                {formatGB(row.usedGB)}{' '}
                <span className="tw-muted">({formatShare(row.usedGB / row.kvCapacityGB, 0)})</span>
              </td>
              <td className="tw-num tw-inx-r" data-value={row.hitShare}>
                {formatShare(row.hitShare)}
              </td>
              <td
                className="tw-num tw-inx-r"
                title={
                  row.tier === 'hbm'
                    ? 'prefix hits are used where they are'
                    : `${row.fetches.toLocaleString('en-US')} fetches; time summed over them (overlapped with compute)`
                }
              >
                {row.tier === 'hbm'
                  ? 'in place'
                  : `${formatGB(row.readGB)} · ${formatSeconds(row.readS)}`}
              </td>
              <td className="tw-num tw-inx-r">${row.dollarsPerGB}</td>
              <td className="tw-num tw-inx-r">{formatDollars(row.dollars)}</td>
            </tr>
          ))}
          {outcome.remoteHitShare > 0 && (
            <tr>
              <td>other instances' HBM (copied)</td>
              <td colSpan={2} />
              <td className="tw-num tw-inx-r">{formatShare(outcome.remoteHitShare)}</td>
              <td colSpan={3} />
            </tr>
          )}
          <tr className="tw-inx-total-row">
            <td>total</td>
            <td colSpan={2} />
            <td className="tw-num tw-inx-r">{formatShare(outcome.summary.hitRate)}</td>
            <td colSpan={2} />
            <td className="tw-num tw-inx-r" data-testid="inx-tiers-total">
              {formatDollars(outcome.totalDollars)}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function WhatIfTable({ result }: { readonly result: StudyResultOf<'tiers'> }) {
  const { base, whatIf } = result;
  const share = (o: TierOutcome, tier: TierRow['tier']) =>
    o.rows.find((r) => r.tier === tier)?.hitShare ?? 0;
  const rows: readonly [string, number, number, (x: number) => string, string?][] = [
    [
      'hit rate, all tiers',
      base.summary.hitRate,
      whatIf.summary.hitRate,
      (x) => formatShare(x),
      'hit',
    ],
    ['· from DRAM', share(base, 'dram'), share(whatIf, 'dram'), (x) => formatShare(x)],
    ['· from NVMe', share(base, 'nvme'), share(whatIf, 'nvme'), (x) => formatShare(x)],
    ['TTFT mean', base.summary.ttftS.mean, whatIf.summary.ttftS.mean, formatSeconds, 'ttft'],
    ['TTFT p90', base.summary.ttftS.p90, whatIf.summary.ttftS.p90, formatSeconds],
    ['E2E mean', base.summary.e2eS.mean, whatIf.summary.e2eS.mean, formatSeconds],
    ['memory bill', base.totalDollars, whatIf.totalDollars, formatDollars, 'cost'],
  ];
  return (
    <table className="tw-table tw-inx-table tw-inx-study-table" data-testid="inx-tiers-whatif">
      <thead>
        <tr>
          <th>what if DRAM were…</th>
          <th className="tw-inx-r">{gbExact(base.dramGB)}</th>
          <th className="tw-inx-r">{gbExact(whatIf.dramGB)}</th>
          <th className="tw-inx-r">change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, a, b, format, id]) => (
          <tr key={label}>
            <td>{label}</td>
            <td
              className="tw-num tw-inx-r"
              data-testid={id && `inx-tiers-${id}-base`}
              data-value={a}
            >
              {format(a)}
            </td>
            <td
              className="tw-num tw-inx-r"
              data-testid={id && `inx-tiers-${id}-whatif`}
              data-value={b}
            >
              {format(b)}
            </td>
            <td className="tw-num tw-inx-r tw-muted">{formatChange(a, b)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HitBar({ outcome }: { readonly outcome: TierOutcome }) {
  const parts = [
    ...outcome.rows.map((r) => ({ key: r.tier, share: r.hitShare, color: TIER_COLOR[r.tier] })),
    { key: 'remote', share: outcome.remoteHitShare, color: '#d29922' },
  ].filter((p) => p.share > 0);
  return (
    <div className="tw-inx-hitbar-row">
      <span className="tw-num tw-inx-hitbar-label">DRAM {gbExact(outcome.dramGB)}</span>
      <span className="tw-inx-hitbar" title={`hit rate ${formatShare(outcome.summary.hitRate)}`}>
        {parts.map((p) => (
          <span
            key={p.key}
            className="tw-inx-hitbar-part"
            style={{ width: `${p.share * 100}%`, background: p.color }}
            title={`${p.key}: ${formatShare(p.share)}`}
          />
        ))}
      </span>
      <span className="tw-num">{formatShare(outcome.summary.hitRate)}</span>
    </div>
  );
}
