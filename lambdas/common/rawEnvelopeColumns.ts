import definition from '../../schemas/raw-envelope.json' with { type: 'json' };
import type { RawEnvelope } from './envelope';

/** One column of the RAW tables, as schemas/raw-envelope.json defines it. */
export interface RawEnvelopeColumn {
  name: keyof RawEnvelope;
  /** Glue type string: `string`, `int`, `timestamp` or `struct<...>`. */
  type: string;
  /** False when sqs-processor always gives it a value. */
  nullable: boolean;
  comment: string;
}

/**
 * The RAW envelope's columns in table order: the one definition that the processor, the
 * transform, Terraform's catalog module, the Glue jobs and the local Firehose all read.
 */
export const RAW_ENVELOPE_COLUMNS = definition.columns as readonly RawEnvelopeColumn[];
