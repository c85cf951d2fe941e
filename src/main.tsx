import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { reportError } from './store/errors';
import { trackRoute } from './store/route';
import { openFromFragment } from './store/session';
import { App } from './ui/App';
import { isColorMetric } from './ui/metrics';
import { prestartRoomWorker } from './ui/topology3d/roomWorker';
import './ui/styles/theme.css';
import './ui/styles/layout.css';
import './ui/styles/panels.css';

const open = () =>
  openFromFragment(location.hash, isColorMetric).catch((error: unknown) =>
    reportError('The console could not open a scenario', error),
  );

// Open the scenario before the first render: the engine worker then starts loading while React
// starts up on this thread, and so does the worker that draws the room.
trackRoute();
void open();
prestartRoomWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// A link pasted into the address bar of an open console changes only the fragment.
window.addEventListener('hashchange', () => void open());
