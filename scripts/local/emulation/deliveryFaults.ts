import { seededRandom } from '../../ops/registry/seededRandom';

/**
 * The local run's injected Iceberg delivery failures: while on, a seeded fraction of routed
 * records fails delivery (Firehose then writes them to its S3 error output), so the run proves
 * such records are found, alarmed in the report as DELIVERY_FAILED, and replayed into RAW.
 */
export class DeliveryFaults {
  private on = true;
  private readonly random: () => number;
  injected = 0;

  constructor(
    private readonly rate: number,
    seed: number,
  ) {
    this.random = seededRandom(seed ^ 0x5eed).next;
  }

  /** The failure for one record, or undefined to deliver it. */
  decide(_data: Buffer): { errorCode: string; errorMessage: string } | undefined {
    if (!this.on || this.rate <= 0 || this.random() >= this.rate) return undefined;
    this.injected++;
    return {
      errorCode: 'S3.AccessDenied',
      errorMessage: 'Access denied writing the table data (injected by the local run)',
    };
  }

  /** No more failures: the cause is "fixed" before the replay. */
  stop(): void {
    this.on = false;
  }
}
