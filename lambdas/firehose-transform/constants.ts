/** The transform's EMF metrics; the `service` dimension is its function key (modules/compute). */
export const METRICS_SERVICE = 'firehose-transform';
/** Records answered ProcessingFailed per invocation; modules/observability alarms on it. */
export const PROCESSING_FAILED_METRIC = 'TransformProcessingFailed';
