import { UsageError } from './output';

/**
 * An option's value when it matches `pattern`; otherwise a usage error (exit 2) naming the flag.
 *
 * @example
 * checkedOption('--topic', options.topic, TOPIC_NAME_PATTERN);
 */
export function checkedOption(flag: string, value: string, pattern: RegExp): string {
  if (!pattern.test(value))
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not valid (expected ${pattern})`);
  return value;
}
