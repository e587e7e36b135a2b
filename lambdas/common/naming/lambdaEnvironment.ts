import requiredEnvironment from './lambda-environment.json' with { type: 'json' };
import type { LambdaKey, ResourceNames } from './resources';

/** Names of `resourceNames()` that hold a plain string (a variable can only carry those). */
type StringNameKey = {
  [K in keyof ResourceNames]: ResourceNames[K] extends string ? K : never;
}[keyof ResourceNames];

// `satisfies` keeps the compile-time check that the map has every Lambda; the unit test checks
// that each value names a resource.
const REQUIRED = requiredEnvironment satisfies Record<LambdaKey, Record<string, string>>;

/** The variables a Lambda requires at cold start, by name (its config.ts fails without each). */
export function requiredEnvironmentOf(lambda: LambdaKey): readonly string[] {
  return Object.keys(REQUIRED[lambda]);
}

/**
 * The required environment of a Lambda in a deployment: what Terraform sets in modules/compute,
 * and what the local run and the integration tests hand the same bundles.
 *
 * @example
 * lambdaEnvironment('firehose-transform', resourceNames('lean-ops-dev', account));
 * // { RAW_DATABASE_NAME: 'lean_ops_dev_raw' }
 */
export function lambdaEnvironment(lambda: LambdaKey, names: ResourceNames): Record<string, string> {
  return Object.fromEntries(
    Object.entries(REQUIRED[lambda]).map(([variable, key]) => [
      variable,
      names[key as StringNameKey],
    ]),
  );
}
