import { useStore } from 'zustand';
import { clusterFor } from '../../engines/clusterCache';
import { updateInferNexSettings } from '../../store/infernexRun';
import {
  effectiveProfile,
  INFERNEX_STUDIES,
  studyProblem,
  type InferNexStudy,
} from '../../store/infernexSettings';
import { infernexStore } from '../../store/infernexStore';
import { sessionStore } from '../../store/sessionStore';
import { GoodputView } from './GoodputView';
import { ScalingView } from './ScalingView';
import { NumberField } from './studyParts';
import { TiersView } from './TiersView';

const STUDY_LABELS: Readonly<Record<InferNexStudy, string>> = {
  scaling: 'Scaling',
  tiers: 'KV cache tiers',
  goodput: 'Goodput',
};

/**
 * What-if studies on the replay's trace slice and seed: elastic scaling against HPA, the KV cache
 * tiers and their bill, goodput against the request rate. Each runs whole replays in the engine's
 * worker, with progress; the open one travels in share links.
 */
export function StudiesView() {
  const settings = useStore(infernexStore, (s) => s.settings);
  const consoleProfile = useStore(sessionStore, (s) => s.scenario?.profile);
  const cluster = clusterFor(effectiveProfile(settings, consoleProfile));
  const study = settings.study;
  const problem = studyProblem(settings, study, cluster.npuCount, cluster.perServer);
  return (
    <div className="tw-inx-card" data-testid="inx-studies" data-study={study}>
      <div className="tw-inx-line">
        <div className="tw-section-title tw-inx-study-title">What-if studies</div>
        <div className="tw-segmented" role="tablist" aria-label="Study">
          {INFERNEX_STUDIES.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              aria-selected={study === s}
              className={study === s ? 'tw-seg tw-seg-on' : 'tw-seg'}
              data-testid={`inx-study-${s}`}
              onClick={() => updateInferNexSettings({ study: s })}
            >
              {STUDY_LABELS[s]}
            </button>
          ))}
        </div>
        <span className="tw-spacer" />
        <NumberField
          label="SLO TTFT"
          unit="s"
          value={settings.sloTtftS}
          min={0}
          step={1}
          invalid={!(settings.sloTtftS > 0)}
          testId="inx-slo-ttft"
          title="FAST'25 uses a 30 s TTFT SLO"
          onChange={(v) => updateInferNexSettings({ sloTtftS: v })}
        />
        <NumberField
          label="SLO TPOT"
          unit="s"
          value={settings.sloTpotS}
          min={0}
          step={0.01}
          invalid={!(settings.sloTpotS > 0)}
          testId="inx-slo-tpot"
          title="FAST'25's TBT thresholds are 100, 200 and 300 ms"
          onChange={(v) => updateInferNexSettings({ sloTpotS: v })}
        />
      </div>
      <p className="tw-muted tw-hint">
        Same trace slice (
        {settings.limit === 0
          ? 'whole trace'
          : `first ${settings.limit.toLocaleString('en-US')} requests`}
        ) and seed {settings.seed} as the replay; each study runs its replays to the end in the
        engine's worker. A request meets the SLO when both its TTFT and its TPOT do (DistServe).
      </p>
      {study === 'scaling' && <ScalingView problem={problem} />}
      {study === 'tiers' && <TiersView problem={problem} />}
      {study === 'goodput' && <GoodputView problem={problem} />}
    </div>
  );
}
