import { logConsole } from './eventLog';
import { errorMessage, pushError, sessionStore } from './sessionStore';
import { frameBus } from './frameBus';

/** Shows an error in the console's banner and writes it to the event log; never swallowed. */
export function reportError(context: string, error: unknown): void {
  const message = `${context}: ${errorMessage(error)}`;
  pushError(sessionStore, message);
  logConsole('error', 'console', frameBus.latest()?.timeUs ?? 0, message);
  console.error(message, error);
}
