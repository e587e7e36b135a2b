/**
 * Topic names (docs/naming.md): lower-case, no dots (SQS queue names allow none) and short enough
 * that `<name>-topic-<topic>.fifo` stays within SQS's 80 characters for any sane `<name>`.
 */
export const TOPIC_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,47}$/;
