/**
 * A commander collector for repeatable, comma-separated options (`--topic a --topic b,c`).
 *
 * @example
 * command.option('--topic <topic>', 'repeatable', collectList, []);
 */
export function collectList(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  ];
}
