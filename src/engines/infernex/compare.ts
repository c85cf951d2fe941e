import type { Cluster } from '../../model';
import { engineStream } from '../../sim/rng';
import type { MetricsSummary } from './metrics';
import type { PolicyName } from './routers';
import { InferNexSim, type InferNexConfig } from './simulator';
import type { TraceRequest } from './trace';

/** Runs one configuration over a trace to the end, on the engine's seeded stream. */
export function runInferNex(
  cluster: Cluster,
  config: InferNexConfig,
  trace: readonly TraceRequest[],
): InferNexSim {
  const sim = new InferNexSim(cluster, config, trace, engineStream(config.seed, 'infernex'));
  sim.runToEnd();
  return sim;
}

/** A row of InferNex's published table: one scenario, a policy against the baseline. */
export interface ComparisonRow {
  readonly scenario: string;
  readonly policy: PolicyName;
  readonly baseline: PolicyName;
  readonly ttftMeanS: number;
  readonly baselineTtftMeanS: number;
  readonly e2eMeanS: number;
  readonly baselineE2eMeanS: number;
  /** (baseline − policy) / baseline × 100: positive is better. */
  readonly ttftImprovementPct: number;
  readonly e2eImprovementPct: number;
  readonly hitRate: number;
  readonly baselineHitRate: number;
  readonly completed: number;
  readonly failed: number;
}

export interface ComparisonScenario {
  readonly name: string;
  readonly config: Omit<InferNexConfig, 'policy'>;
}

export const improvementPct = (baseline: number, value: number): number =>
  baseline > 0 ? ((baseline - value) / baseline) * 100 : 0;

/**
 * The same trace and seed through each scenario with the baseline and each policy: routing
 * strategy × scenario → E2E and TTFT improvement, as InferNex publishes it.
 */
export function compareRouting(
  cluster: Cluster,
  scenarios: readonly ComparisonScenario[],
  baseline: PolicyName,
  policies: readonly PolicyName[],
  trace: readonly TraceRequest[],
  onRun?: (scenario: string, policy: PolicyName, summary: MetricsSummary) => void,
): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const scenario of scenarios) {
    const base = runInferNex(cluster, { ...scenario.config, policy: baseline }, trace).summary();
    onRun?.(scenario.name, baseline, base);
    for (const policy of policies) {
      const s = runInferNex(cluster, { ...scenario.config, policy }, trace).summary();
      onRun?.(scenario.name, policy, s);
      rows.push({
        scenario: scenario.name,
        policy,
        baseline,
        ttftMeanS: s.ttftS.mean,
        baselineTtftMeanS: base.ttftS.mean,
        e2eMeanS: s.e2eS.mean,
        baselineE2eMeanS: base.e2eS.mean,
        ttftImprovementPct: improvementPct(base.ttftS.mean, s.ttftS.mean),
        e2eImprovementPct: improvementPct(base.e2eS.mean, s.e2eS.mean),
        hitRate: s.hitRate,
        baselineHitRate: base.hitRate,
        completed: s.completed,
        failed: s.failed,
      });
    }
  }
  return rows;
}

const csvField = (x: string | number) => {
  const text = typeof x === 'number' ? String(Number(x.toFixed(4))) : x;
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The table as CSV (header + one line per row), for export. */
export function comparisonCsv(rows: readonly ComparisonRow[]): string {
  const header = [
    'scenario',
    'policy',
    'baseline',
    'e2e_improvement_pct',
    'ttft_improvement_pct',
    'e2e_mean_s',
    'baseline_e2e_mean_s',
    'ttft_mean_s',
    'baseline_ttft_mean_s',
    'hit_rate',
    'baseline_hit_rate',
  ];
  const lines = rows.map((r) =>
    [
      r.scenario,
      r.policy,
      r.baseline,
      r.e2eImprovementPct,
      r.ttftImprovementPct,
      r.e2eMeanS,
      r.baselineE2eMeanS,
      r.ttftMeanS,
      r.baselineTtftMeanS,
      r.hitRate,
      r.baselineHitRate,
    ]
      .map(csvField)
      .join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}
