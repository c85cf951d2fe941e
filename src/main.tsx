import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { reportError } from './store/errors';
import { trackRoute } from './store/route';
import { openFromFragment } from './store/session';
import { App } from './ui/App';
import { isColorMetric } from './ui/metrics';
import './ui/styles/theme.css';
import './ui/styles/layout.css';
import './ui/styles/panels.css';

const open = () =>
  openFromFragment(location.hash, isColorMetric).catch((error: unknown) =>
    reportError('The console could not open a scenario', error),
  );

// Open the scenario before the first render: the engine worker then starts loading while React
// and WebGL start up on this thread.
trackRoute();
void open();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// A link pasted into the address bar of an open console changes only the fragment.
window.addEventListener('hashchange', () => void open());
