import { Suspense, lazy, useEffect } from 'react';
import { useStore } from 'zustand';
import { playback } from '../store/playback';
import { escapeSelection } from '../store/selection';
import { viewStore, type CenterTab, type SidePanel } from '../store/viewStore';
import { Banners } from './Banners';
import { EventLog } from './eventlog/EventLog';
import { Inspector } from './inspector/Inspector';
import { Navigator } from './navigator/Navigator';
import { TopBar } from './TopBar';

// Not needed for the first paint: three.js, d3 and the scenario tools load in their own chunks.
const Topology3D = lazy(() => import('./topology3d/Topology3D'));
const Heatmap = lazy(() => import('./heatmap/Heatmap'));
const ScenarioPanel = lazy(() => import('./scenario/ScenarioPanel'));
const InferNexPanel = lazy(() => import('./infernex/InferNexPanel'));
const FaultsPanel = lazy(() => import('./faults/FaultsPanel'));

const CENTER_TABS: readonly { id: CenterTab; label: string }[] = [
  { id: 'room', label: '3D room' },
  { id: 'heatmap', label: 'Heatmap' },
  { id: 'infernex', label: 'InferNex' },
  { id: 'faults', label: 'Faults' },
];
const SIDE_PANELS: readonly { id: SidePanel; label: string }[] = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'scenario', label: 'Scenario' },
];

export function App() {
  const tab = useStore(viewStore, (s) => s.tab);
  const panel = useStore(viewStore, (s) => s.panel);
  useKeyboard();
  return (
    <div className="tw-app">
      <TopBar />
      <Banners />
      <div className="tw-body">
        <Navigator />
        <main className="tw-center">
          <Tabs
            items={CENTER_TABS}
            current={tab}
            label="View"
            onSelect={(id) => viewStore.setState({ tab: id })}
          />
          <div className="tw-view">
            <Suspense fallback={<div className="tw-empty">Loading view…</div>}>
              {tab === 'faults' ? (
                <FaultsPanel />
              ) : tab === 'infernex' ? (
                <InferNexPanel />
              ) : tab === 'room' ? (
                <Topology3D />
              ) : (
                <Heatmap />
              )}
            </Suspense>
          </div>
          <EventLog />
        </main>
        <aside className="tw-side">
          <Tabs
            items={SIDE_PANELS}
            current={panel}
            label="Side panel"
            onSelect={(id) => viewStore.setState({ panel: id })}
          />
          <div className="tw-side-body">
            {panel === 'inspector' ? (
              <Inspector />
            ) : (
              <Suspense fallback={<div className="tw-empty">Loading…</div>}>
                <ScenarioPanel />
              </Suspense>
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}

function Tabs<T extends string>(props: {
  items: readonly { id: T; label: string }[];
  current: T;
  label: string;
  onSelect: (id: T) => void;
}) {
  return (
    <div className="tw-tabs" role="tablist" aria-label={props.label}>
      {props.items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="tab"
          aria-selected={item.id === props.current}
          className={item.id === props.current ? 'tw-tab tw-tab-on' : 'tw-tab'}
          data-testid={`tab-${item.id}`}
          onClick={() => props.onSelect(item.id)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** Space plays/pauses, Escape clears the selection (then leaves a focused cabinet). */
function useKeyboard() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      const typing = target !== null && (TYPING.has(target.tagName) || target.isContentEditable);
      if (e.key === 'Escape') {
        if (typing) {
          target.blur();
          return;
        }
        escapeSelection();
        return;
      }
      // A focused button already reacts to space itself.
      if (e.key === ' ' && !typing && target?.tagName !== 'BUTTON') {
        e.preventDefault();
        playback.toggle();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
