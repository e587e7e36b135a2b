/**
 * A Firehose stream's Direct PUT quota (PutRecord + PutRecordBatch combined, per stream) by region:
 * the Firehose developer guide's "Amazon Data Firehose Quota" page, and for an Apache Iceberg
 * destination its "Considerations and limitations" (the same 5 MiB/s and 1 MiB/s). The three
 * figures scale together when AWS raises a stream's quota on request.
 */
export interface DirectPutQuota {
  bytesPerSecond: number;
  recordsPerSecond: number;
  requestsPerSecond: number;
  /** Where the figure comes from, printed with every capacity report. */
  source: string;
}

const MIB = 1024 * 1024;
const BIG_THREE = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);
const SOURCE =
  'Firehose developer guide, "Amazon Data Firehose Quota" (Direct PUT) and Apache Iceberg "Considerations and limitations"';

/** Firehose streams per account and region by default (same quota page; raisable on request). */
export const DEFAULT_STREAMS_PER_REGION = 50;

/**
 * @example
 * directPutQuota('us-east-1').bytesPerSecond; // 5 MiB
 * directPutQuota('eu-central-1').requestsPerSecond; // 1000
 */
export function directPutQuota(region: string): DirectPutQuota {
  return BIG_THREE.has(region)
    ? {
        bytesPerSecond: 5 * MIB,
        recordsPerSecond: 500_000,
        requestsPerSecond: 2_000,
        source: SOURCE,
      }
    : {
        bytesPerSecond: 1 * MIB,
        recordsPerSecond: 100_000,
        requestsPerSecond: 1_000,
        source: SOURCE,
      };
}
