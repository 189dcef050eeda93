// The registry of std actions: every action Mistral 15 ships, by name.
import type { ActionImplementation } from "./action-implementation.js";
import { debugActions } from "./debug-actions.js";
import { emailAction } from "./email-action.js";
import { httpActions } from "./http-actions.js";
import { javascriptActions } from "./javascript-actions.js";
import { sshActions } from "./ssh-actions.js";
import type { StdActionsOptions } from "./std-actions-options.js";
import { resolveStdActionsOptions } from "./std-actions-options.js";

/**
 * Builds the std actions with the executor's options (JavaScript limits, SSH key directory, SMTP
 * timeouts...).
 *
 * @throws RangeError for an invalid option.
 */
export function createStdActions(options: StdActionsOptions = {}): ReadonlyMap<string, ActionImplementation> {
  const resolved = resolveStdActionsOptions(options);
  const actions = [
    ...debugActions,
    ...httpActions(resolved),
    ...javascriptActions(resolved),
    ...sshActions(resolved),
    emailAction(resolved),
  ];
  return new Map(actions.map((action) => [action.name, action]));
}

/** The std actions with default options. */
export const stdActions: ReadonlyMap<string, ActionImplementation> = createStdActions();
