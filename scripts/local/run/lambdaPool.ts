import { LocalLambda, type LocalLambdaOptions } from '../emulation/LocalLambda';
import type { Invocable } from '../emulation/sqsEventSource';

/**
 * Several warm containers of one function, invoked round-robin: Lambda scales an event source
 * mapping out to concurrent containers, and the local run uses the machine's cores the same way.
 */
export class LambdaPool implements Invocable {
  private readonly containers: LocalLambda[];
  private next = 0;

  constructor(options: LocalLambdaOptions, size: number) {
    this.containers = Array.from(
      { length: size },
      (_, index) =>
        new LocalLambda({
          ...options,
          ...(options.logFile ? { logFile: `${options.logFile}.${index}` } : {}),
        }),
    );
  }

  invoke<T>(event: unknown): Promise<T> {
    const container = this.containers[this.next++ % this.containers.length] as LocalLambda;
    return container.invoke<T>(event);
  }

  async start(): Promise<void> {
    await Promise.all(this.containers.map((container) => container.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.containers.map((container) => container.stop()));
  }
}
