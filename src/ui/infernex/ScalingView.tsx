import { useStore } from 'zustand';
import { SCALER_DEFAULTS } from '../../engines/infernex/scaler';
import { tidalPeakGroups, type ScalingOutcome } from '../../engines/infernex/studies';
import { runScalingStudy, updateInferNexSettings } from '../../store/infernexRun';
import { infernexStore } from '../../store/infernexStore';
import { formatAxisSeconds, formatSeconds, formatShare } from './infernexFormat';
import { StudyChart, type StudyBand, type StudyLine } from './StudyChart';
import { formatChange, formatHours, formatRate, p90Points, stepPoints } from './studyFormat';
import { NumberField, StudyRunRow, type StudyResultOf } from './studyParts';

const GROUP = '#4cc2ff';
const HPA = '#d29922';
const FLOOR = '#8b98a9';

const formatCount = (x: number) => `${Number(x.toFixed(1))}`;
const formatTimeTick = (s: number) => `${s}s`;

/**
 * The elastic scaler against its HPA-style baseline: the same trace slice and seed in PD, one run
 * moving whole P+D groups at the ratio, one scaling P and D each on its own signal.
 */
export function ScalingView({ problem }: { readonly problem: string | undefined }) {
  const settings = useStore(infernexStore, (s) => s.settings);
  const study = useStore(infernexStore, (s) => s.studies.scaling);
  const [p, d] = settings.scaleRatio;
  const max = settings.scaleMaxGroups;
  const placement = settings.pdPlacement === 'same-server' ? 'same machine' : 'cross machine';
  return (
    <div className="tw-inx-study" data-testid="inx-study-scaling-view">
      <div className="tw-inx-line">
        <div className="tw-inx-field">
          <span>group P : D</span>
          <span className="tw-inx-ratio">
            <input
              type="number"
              className="tw-inx-number tw-inx-number-short"
              aria-label="prefill instances per group"
              value={Number.isFinite(p) ? p : ''}
              min={1}
              max={8}
              data-testid="inx-scale-ratio-p"
              onChange={(e) => updateInferNexSettings({ scaleRatio: [Number(e.target.value), d] })}
            />
            :
            <input
              type="number"
              className="tw-inx-number tw-inx-number-short"
              aria-label="decode instances per group"
              value={Number.isFinite(d) ? d : ''}
              min={1}
              max={8}
              data-testid="inx-scale-ratio-d"
              onChange={(e) => updateInferNexSettings({ scaleRatio: [p, Number(e.target.value)] })}
            />
          </span>
        </div>
        <NumberField
          label="min groups"
          value={settings.scaleMinGroups}
          min={0}
          testId="inx-scale-min"
          title="0 lets both scalers scale to zero after an idle spell"
          onChange={(v) => updateInferNexSettings({ scaleMinGroups: v })}
        />
        <NumberField
          label="max groups"
          value={max}
          min={1}
          testId="inx-scale-max"
          onChange={(v) => updateInferNexSettings({ scaleMaxGroups: v })}
        />
        <NumberField
          label="cold start"
          unit="s"
          value={settings.coldStartS}
          min={0}
          testId="inx-scale-cold"
          onChange={(v) => updateInferNexSettings({ coldStartS: v })}
        />
        <label className="tw-inx-check tw-inx-check-field">
          <input
            type="checkbox"
            checked={settings.tidal}
            data-testid="inx-scale-tidal"
            onChange={(e) => updateInferNexSettings({ tidal: e.target.checked })}
          />
          tidal floor
        </label>
        <StudyRunRow
          kind="scaling"
          state={study}
          label="Run group scaler vs HPA"
          disabled={problem !== undefined}
          onRun={() => void runScalingStudy()}
          testId="inx-scaling-run"
        />
      </div>
      {problem && <p className="tw-field-error">{problem}</p>}
      <p className="tw-muted tw-hint">
        Instances counted while running or cold-starting (both are paid for). PD {placement}, room
        for {max} groups of {p}P + {d}D = {max * (p + d)} instances; both start with{' '}
        {settings.scaleMinGroups} warm group{settings.scaleMinGroups === 1 ? '' : 's'}. Signals of
        Dynamo's load planner: prefill queue per instance {SCALER_DEFAULTS.prefillQueueUp} up /{' '}
        {SCALER_DEFAULTS.prefillQueueDown} down, decode KV {SCALER_DEFAULTS.decodeKvUp} /{' '}
        {SCALER_DEFAULTS.decodeKvDown}, every {SCALER_DEFAULTS.intervalS} s, ±1 step, no scale-down
        for 3 intervals after a scale-up. The group scaler steps a whole group; the HPA baseline one
        instance per role. Cold start {settings.coldStartS} s (assumption; engine default{' '}
        {SCALER_DEFAULTS.coldStartS} s).
        {settings.tidal &&
          ` Tidal: the floor rises to ${tidalPeakGroups(settings.scaleMinGroups, max)} groups from one cold start before the slice's busiest third to its end.`}
      </p>
      {study.status === 'done' && <ScalingResult result={study.result} />}
    </div>
  );
}

function ScalingResult({ result }: { readonly result: StudyResultOf<'scaling'> }) {
  const { group, hpa, tidal, settings } = result;
  const [p, d] = settings.ratio;
  const endS =
    Math.max(
      group.steps[group.steps.length - 1].timeUs,
      hpa.steps[hpa.steps.length - 1].timeUs,
      result.lastArrivalUs,
    ) / 1e6;
  const bands: StudyBand[] = tidal
    ? [{ x0: tidal[0].atS, x1: tidal[1].atS, label: `tidal peak: floor ${tidal[0].min} groups` }]
    : [];
  const unlistedBands = bands.map((b) => ({ ...b, legend: false }));
  const floorLine = (per: number): StudyLine[] =>
    tidal
      ? [
          {
            key: 'floor',
            label: `tidal floor (peak ${tidal[0].min} groups)`,
            color: FLOOR,
            dashed: true,
            step: true,
            points: [
              [0, settings.minGroups * per],
              [tidal[0].atS, tidal[0].min * per],
              [tidal[1].atS, tidal[1].min * per],
              [endS, tidal[1].min * per],
            ],
          },
        ]
      : [];
  // The baseline goes first and wider, so where both hold the same count both stay visible.
  const roleLines = (role: 'prefill' | 'decode', per: number): StudyLine[] => [
    {
      key: 'hpa',
      label: 'HPA baseline',
      color: HPA,
      step: true,
      width: 4,
      points: stepPoints(hpa.steps, role),
      note: formatHours(role === 'prefill' ? hpa.prefillHours : hpa.decodeHours),
    },
    {
      key: 'group',
      label: 'group scaler',
      color: GROUP,
      step: true,
      points: stepPoints(group.steps, role),
      note: formatHours(role === 'prefill' ? group.prefillHours : group.decodeHours),
    },
    ...floorLine(per),
  ];
  const ttftLines: StudyLine[] = [
    {
      key: 'hpa',
      label: 'HPA baseline',
      color: HPA,
      width: 3,
      points: p90Points(hpa.ttftP90),
      note: `p90 ${formatSeconds(hpa.summary.ttftS.p90)}`,
    },
    {
      key: 'group',
      label: 'group scaler',
      color: GROUP,
      points: p90Points(group.ttftP90),
      note: `p90 ${formatSeconds(group.summary.ttftS.p90)}`,
    },
  ];
  const xDomain = [0, endS] as const;
  return (
    <>
      <div className="tw-inx-study-charts tw-inx-study-charts-3">
        <StudyChart
          title="Prefill instances"
          lines={roleLines('prefill', p)}
          bands={unlistedBands}
          xDomain={xDomain}
          xLabel="sim time"
          xFormat={formatTimeTick}
          yFormat={formatCount}
          testId="inx-scaling-chart-prefill"
        />
        <StudyChart
          title="Decode instances"
          lines={roleLines('decode', d)}
          bands={unlistedBands}
          xDomain={xDomain}
          xLabel="sim time"
          xFormat={formatTimeTick}
          yFormat={formatCount}
          testId="inx-scaling-chart-decode"
        />
        <StudyChart
          title={`TTFT p90 by arrival (${result.windowUs / 1e6} s windows)`}
          lines={ttftLines}
          bands={bands}
          xDomain={xDomain}
          xLabel="arrival time"
          xFormat={formatTimeTick}
          yFormat={formatAxisSeconds}
          testId="inx-scaling-chart-ttft"
        />
      </div>
      <ScalingTotals result={result} />
    </>
  );
}

function ScalingTotals({ result }: { readonly result: StudyResultOf<'scaling'> }) {
  const { group, hpa } = result;
  const rows: readonly [
    string,
    (o: ScalingOutcome) => number,
    (x: number) => string,
    string?,
    boolean?,
  ][] = [
    ['instance-hours, total', (o) => o.instanceHours, formatHours, 'hours', true],
    ['· prefill', (o) => o.prefillHours, formatHours],
    ['· decode', (o) => o.decodeHours, formatHours],
    [
      `accelerator-hours (× TP ${result.tp})`,
      (o) => o.acceleratorHours,
      formatHours,
      undefined,
      true,
    ],
    ['cold starts', (o) => o.coldStarts, String, 'cold', true],
    ['scaling decisions', (o) => o.scaleEvents, String],
    ['TTFT mean', (o) => o.summary.ttftS.mean, formatSeconds, 'ttft-mean', true],
    ['TTFT p90', (o) => o.summary.ttftS.p90, formatSeconds, 'ttft-p90', true],
    ['SLO attainment', (o) => o.summary.sloAttainment, (x) => formatShare(x), 'slo'],
    ['goodput (meets SLO)', (o) => o.summary.goodputRps, formatRate, 'goodput'],
    ['completed / failed', (o) => o.summary.completed, String],
  ];
  return (
    <div>
      <table className="tw-table tw-inx-table tw-inx-study-table" data-testid="inx-scaling-totals">
        <thead>
          <tr>
            <th>
              {result.requests.toLocaleString('en-US')} requests · seed {result.seed}
            </th>
            <th className="tw-inx-r">group scaler</th>
            <th className="tw-inx-r">HPA baseline</th>
            <th className="tw-inx-r">HPA vs group</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, pick, format, id, compare]) => {
            const a = pick(group);
            const b = pick(hpa);
            const failed = label.startsWith('completed');
            return (
              <tr key={label}>
                <td>{label}</td>
                <td
                  className="tw-num tw-inx-r"
                  data-testid={id && `inx-scaling-${id}-group`}
                  data-value={a}
                >
                  {failed ? `${format(a)} / ${group.summary.failed}` : format(a)}
                </td>
                <td
                  className="tw-num tw-inx-r"
                  data-testid={id && `inx-scaling-${id}-hpa`}
                  data-value={b}
                >
                  {failed ? `${format(b)} / ${hpa.summary.failed}` : format(b)}
                </td>
                <td className="tw-num tw-inx-r tw-muted">{compare ? formatChange(a, b) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
