/** Version of the JSON summary `lean-ops inject --json` prints. */
export const INJECT_SUMMARY_VERSION = 1;
