/**
 * An abort signal for one request: aborted by `parent` (Ctrl-C) or after `ms`. Unlike
 * `AbortSignal.any([parent, AbortSignal.timeout(ms)])`, everything it holds is released by
 * `dispose()`: no timer left running for the rest of `ms`, no dependant signal registered on
 * a long-lived parent. A `--watch` every 20 ms made thousands of those pile up.
 */
export interface BoundedSignal {
  signal: AbortSignal;
  /** True when the time ran out (not when the parent aborted). */
  readonly timedOut: boolean;
  dispose(): void;
}

export function boundedSignal(parent: AbortSignal, ms: number): BoundedSignal {
  const controller = new AbortController();
  let timedOut = false;
  const onParent = (): void => controller.abort(parent.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('the request timed out', 'TimeoutError'));
  }, ms);
  if (parent.aborted) onParent();
  else parent.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParent);
    },
  };
}
