// How actions observe their context's AbortSignal: one error for "the signal fired" and an
// abortable sleep for the actions that wait.
import { ACTION_ERROR_CODES, describeError, StdActionError } from "./action-errors.js";

/** The error an action throws when its signal aborts; the reason (timeout, cancel) is kept as text. */
export function cancellationError(signal: AbortSignal): StdActionError {
  const reason = signal.reason === undefined ? "aborted" : describeError(signal.reason);
  // A timeout or a cancellation says nothing against the action itself: another run may succeed.
  return new StdActionError(ACTION_ERROR_CODES.cancelled, `Action was cancelled: ${reason}`, true, {
    cause: signal.reason,
  });
}

/** Throws the cancellation error when the signal has already aborted. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw cancellationError(signal);
}

/** setTimeout's largest delay; longer sleeps are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms` milliseconds, or rejects with the cancellation error as soon as the signal aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(cancellationError(signal));
  if (!(ms > 0)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    let remaining = ms;
    let timer: NodeJS.Timeout;
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancellationError(signal));
    };
    const arm = () => {
      const step = Math.min(remaining, MAX_TIMER_MS);
      remaining -= step;
      timer = setTimeout(() => {
        if (remaining > 0) return arm();
        signal.removeEventListener("abort", onAbort);
        resolve();
      }, step);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    arm();
  });
}
