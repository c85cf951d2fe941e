import { useStore } from 'zustand';
import type { ComparisonRow } from '../../engines/infernex/compare';
import { POLICY_NAMES, type PolicyName } from '../../engines/infernex/routers/types';
import { compareInferNex, updateInferNexSettings } from '../../store/infernexRun';
import type { CompareScenarioKey } from '../../store/infernexSettings';
import { infernexStore } from '../../store/infernexStore';
import { downloadText } from '../hooks';
import { formatImprovement, formatSeconds, formatShare } from './infernexFormat';

const SCENARIOS: readonly { key: CompareScenarioKey; label: string }[] = [
  { key: 'agg', label: 'aggregated' },
  { key: 'pd-same', label: 'PD same machine' },
  { key: 'pd-cross', label: 'PD cross machine' },
];

const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] =>
  on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);

/**
 * Two or more policies on the same trace slice and seed, printed in the shape of InferNex's
 * published table: routing strategy × scenario → E2E and TTFT improvement over the baseline.
 */
export function ComparisonView() {
  const settings = useStore(infernexStore, (s) => s.settings);
  const compare = useStore(infernexStore, (s) => s.compare);
  const policies = settings.comparePolicies.filter((p) => p !== settings.baseline);
  const canRun =
    policies.length > 0 && settings.compareScenarios.length > 0 && compare.status !== 'running';
  return (
    <div className="tw-inx-card" data-testid="inx-compare">
      <div className="tw-section-title">Compare routing</div>
      <p className="tw-muted tw-hint">
        Same trace slice (
        {settings.limit === 0
          ? 'whole trace'
          : `first ${settings.limit.toLocaleString('en-US')} requests`}
        ), seed {settings.seed}, {settings.instances} instances; each cell is the improvement of the
        policy's mean over the baseline's (positive = lower latency), as InferNex publishes it.
      </p>
      <div className="tw-inx-compare-form">
        <label className="tw-inx-field">
          <span>baseline</span>
          <select
            value={settings.baseline}
            data-testid="inx-baseline"
            onChange={(e) => updateInferNexSettings({ baseline: e.target.value as PolicyName })}
          >
            {POLICY_NAMES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="tw-inx-checks">
          <legend>against</legend>
          {POLICY_NAMES.filter((p) => p !== settings.baseline).map((p) => (
            <label key={p} className="tw-inx-check">
              <input
                type="checkbox"
                checked={settings.comparePolicies.includes(p)}
                data-testid={`inx-compare-${p}`}
                onChange={(e) =>
                  updateInferNexSettings({
                    comparePolicies: toggle(settings.comparePolicies, p, e.target.checked),
                  })
                }
              />
              {p}
            </label>
          ))}
        </fieldset>
        <fieldset className="tw-inx-checks">
          <legend>scenarios</legend>
          {SCENARIOS.map((s) => (
            <label key={s.key} className="tw-inx-check">
              <input
                type="checkbox"
                checked={settings.compareScenarios.includes(s.key)}
                onChange={(e) =>
                  updateInferNexSettings({
                    compareScenarios: SCENARIOS.map((x) => x.key).filter((k) =>
                      k === s.key ? e.target.checked : settings.compareScenarios.includes(k),
                    ),
                  })
                }
              />
              {s.label}
            </label>
          ))}
        </fieldset>
        <div className="tw-inx-compare-actions">
          <button
            type="button"
            className="tw-btn tw-btn-primary"
            disabled={!canRun}
            data-testid="inx-compare-run"
            onClick={() => void compareInferNex()}
          >
            Compare {1 + policies.length} policies × {settings.compareScenarios.length}
          </button>
          {compare.status === 'done' && (
            <button
              type="button"
              className="tw-btn"
              data-testid="inx-compare-csv"
              onClick={() =>
                downloadText(
                  `infernex-comparison-${settings.baseline}-seed${settings.seed}.csv`,
                  compare.result.csv,
                  'text/csv',
                )
              }
            >
              Download CSV
            </button>
          )}
        </div>
      </div>
      {compare.status === 'running' && (
        <div className="tw-inx-progress-row" data-testid="inx-compare-progress">
          <progress max={Math.max(1, compare.total)} value={compare.done} />
          <span className="tw-muted">
            {compare.done} / {compare.total || '…'} runs · {compare.label}
          </span>
        </div>
      )}
      {compare.status === 'error' && <p className="tw-field-error">{compare.message}</p>}
      {compare.status === 'done' && (
        <>
          <ComparisonTable rows={compare.result.rows} />
          <p className="tw-muted tw-hint">
            {compare.result.requests.toLocaleString('en-US')} requests, seed {compare.result.seed},{' '}
            {compare.result.rows.length} rows in {(compare.wallMs / 1000).toFixed(1)} s of wall
            time. Hover a cell for the means behind it.
          </p>
        </>
      )}
    </div>
  );
}

/** InferNex's table shape: one row per routing strategy, per scenario E2E % and TTFT %. */
function ComparisonTable({ rows }: { readonly rows: readonly ComparisonRow[] }) {
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const policies = [...new Set(rows.map((r) => r.policy))];
  const cell = (policy: string, scenario: string) =>
    rows.find((r) => r.policy === policy && r.scenario === scenario);
  const sign = (pct: number) => (pct > 0 ? 'tw-inx-better' : pct < 0 ? 'tw-inx-worse' : '');
  return (
    <div className="tw-inx-scroll">
      <table className="tw-table tw-inx-table tw-inx-compare-table" data-testid="inx-compare-table">
        <thead>
          <tr>
            <th rowSpan={2}>routing strategy</th>
            {scenarios.map((s) => (
              <th key={s} colSpan={2} className="tw-inx-c">
                {s}
              </th>
            ))}
          </tr>
          <tr>
            {scenarios.flatMap((s) => [
              <th key={`${s}-e2e`} className="tw-inx-r">
                E2E
              </th>,
              <th key={`${s}-ttft`} className="tw-inx-r">
                TTFT
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {policies.map((p) => (
            <tr key={p}>
              <td>
                {p} <span className="tw-muted">vs {rows[0]?.baseline}</span>
              </td>
              {scenarios.map((s) => {
                const r = cell(p, s);
                if (!r)
                  return (
                    <td key={s} colSpan={2}>
                      –
                    </td>
                  );
                return [
                  <td
                    key={`${s}-e2e`}
                    className={`tw-num tw-inx-r ${sign(r.e2eImprovementPct)}`}
                    data-testid="inx-cell-e2e"
                    title={`E2E mean ${formatSeconds(r.baselineE2eMeanS)} → ${formatSeconds(r.e2eMeanS)}`}
                  >
                    {formatImprovement(r.e2eImprovementPct)}
                  </td>,
                  <td
                    key={`${s}-ttft`}
                    className={`tw-num tw-inx-r ${sign(r.ttftImprovementPct)}`}
                    data-testid="inx-cell-ttft"
                    title={`TTFT mean ${formatSeconds(r.baselineTtftMeanS)} → ${formatSeconds(r.ttftMeanS)} · hit rate ${formatShare(r.baselineHitRate)} → ${formatShare(r.hitRate)}`}
                  >
                    {formatImprovement(r.ttftImprovementPct)}
                  </td>,
                ];
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
