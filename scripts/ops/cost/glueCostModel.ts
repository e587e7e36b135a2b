/**
 * Glue cost of the two orchestration designs, as a pure model with every assumption explicit:
 * - lean-ops: per window, only active topics, packed into runs of ≤ K topics, one standardize
 *   and one curate run each (ceil(N·F / K) of each);
 * - the seed: per window, one standardize and one curate run per topic, active or not.
 * Glue bills DPU-seconds with a per-run minimum (1 minute for Glue 2.0 and later).
 */
export interface CostAssumptions {
  /** Registered topics (N). */
  topics: number;
  /** Share of topics with new data in one window (F), 0..1. */
  activeFraction: number;
  /** Minutes between orchestrator executions. */
  intervalMinutes: number;
  /** Topics per Glue run in lean-ops (K). */
  topicsPerRun: number;
  /** Runs of one job at once (the Map's MaxConcurrency, ≤ the job's max concurrent runs). */
  maxConcurrentRuns: number;
  /** Workers per run and DPUs per worker (G.1X = 1, G.2X = 2). */
  workers: number;
  dpuPerWorker: number;
  /** Fixed minutes of every run: start-up, Spark session, catalog, commit. */
  runOverheadMinutes: number;
  /** Minutes of work per active topic in a run (read increment, transform, MERGE, checkpoint). */
  minutesPerActiveTopic: number;
  /** Minutes of work per idle topic in a seed run (reads the checkpoint, finds nothing). */
  minutesPerIdleTopic: number;
  /** Billing minimum per run, minutes. */
  minimumBilledMinutes: number;
  /** USD per DPU-hour. */
  pricePerDpuHour: number;
}

/** Glue 5.0 defaults; each figure is printed with the report so a reader can challenge it. */
export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  topics: 750,
  activeFraction: 0.1,
  intervalMinutes: 15,
  topicsPerRun: 25,
  maxConcurrentRuns: 10,
  workers: 2,
  dpuPerWorker: 1,
  runOverheadMinutes: 1,
  minutesPerActiveTopic: 0.2,
  minutesPerIdleTopic: 0,
  minimumBilledMinutes: 1,
  pricePerDpuHour: 0.44,
};

export interface DesignCost {
  runsPerWindow: number;
  runsPerDay: number;
  /** Billed minutes of one run of each kind that occurs. */
  billedMinutesPerRun: number[];
  dpuHoursPerDay: number;
  usdPerDay: number;
  /** Runs that would have to run at once to finish within a window. */
  peakConcurrentRuns: number;
  /** Wall time of one window's standardize + curate waves at the concurrency limit. */
  windowWallMinutes: number;
}

export interface CostComparison {
  assumptions: CostAssumptions;
  activeTopics: number;
  leanOps: DesignCost;
  seed: DesignCost;
  /** seed DPU-hours / lean-ops DPU-hours. */
  dpuHoursRatio: number;
}

/** The model's inputs are out of range (a usage error for the CLI). */
export class CostAssumptionError extends Error {
  /** The assumption at fault, so a caller can name its own flag for it. */
  constructor(
    message: string,
    readonly assumption: keyof CostAssumptions,
  ) {
    super(message);
    this.name = 'CostAssumptionError';
  }
}

const JOBS_PER_BATCH = 2; // standardize + curate

function billed(minutes: number, assumptions: CostAssumptions): number {
  return Math.max(assumptions.minimumBilledMinutes, minutes);
}

function dpuHours(billedMinutes: number, assumptions: CostAssumptions): number {
  return (billedMinutes / 60) * assumptions.workers * assumptions.dpuPerWorker;
}

/**
 * Compares lean-ops with the seed design for one set of assumptions.
 *
 * @example
 * compareGlueCost({ ...DEFAULT_ASSUMPTIONS, topics: 750, activeFraction: 0.1 }).dpuHoursRatio; // ≈ 42
 */
export function compareGlueCost(assumptions: CostAssumptions): CostComparison {
  validate(assumptions);
  const a = assumptions;
  const windowsPerDay = (24 * 60) / a.intervalMinutes;
  const activeTopics = Math.ceil(a.topics * a.activeFraction);
  const idleTopics = a.topics - activeTopics;

  // lean-ops: full runs of K topics plus one partial run.
  const fullRuns = Math.floor(activeTopics / a.topicsPerRun);
  const remainder = activeTopics % a.topicsPerRun;
  const runSizes = [
    ...Array(fullRuns).fill(a.topicsPerRun),
    ...(remainder > 0 ? [remainder] : []),
  ] as number[];
  const leanMinutes = runSizes.map((size) =>
    billed(a.runOverheadMinutes + size * a.minutesPerActiveTopic, a),
  );
  const leanDpuHoursPerWindow =
    JOBS_PER_BATCH * leanMinutes.reduce((sum, m) => sum + dpuHours(m, a), 0);
  const leanWaves = Math.ceil(runSizes.length / a.maxConcurrentRuns);
  const longestLeanRun = Math.max(0, ...leanMinutes);

  // seed: two runs per topic per window, idle or not.
  const seedActiveMinutes = billed(a.runOverheadMinutes + a.minutesPerActiveTopic, a);
  const seedIdleMinutes = billed(a.runOverheadMinutes + a.minutesPerIdleTopic, a);
  const seedDpuHoursPerWindow =
    JOBS_PER_BATCH *
    (activeTopics * dpuHours(seedActiveMinutes, a) + idleTopics * dpuHours(seedIdleMinutes, a));
  const seedWaves = Math.ceil(a.topics / a.maxConcurrentRuns);

  const leanOps: DesignCost = {
    runsPerWindow: JOBS_PER_BATCH * runSizes.length,
    runsPerDay: JOBS_PER_BATCH * runSizes.length * windowsPerDay,
    billedMinutesPerRun: [...new Set(leanMinutes)],
    dpuHoursPerDay: leanDpuHoursPerWindow * windowsPerDay,
    usdPerDay: leanDpuHoursPerWindow * windowsPerDay * a.pricePerDpuHour,
    peakConcurrentRuns: runSizes.length,
    windowWallMinutes: JOBS_PER_BATCH * leanWaves * longestLeanRun,
  };
  const seed: DesignCost = {
    runsPerWindow: JOBS_PER_BATCH * a.topics,
    runsPerDay: JOBS_PER_BATCH * a.topics * windowsPerDay,
    billedMinutesPerRun: [
      ...new Set(activeTopics > 0 ? [seedActiveMinutes, seedIdleMinutes] : [seedIdleMinutes]),
    ],
    dpuHoursPerDay: seedDpuHoursPerWindow * windowsPerDay,
    usdPerDay: seedDpuHoursPerWindow * windowsPerDay * a.pricePerDpuHour,
    peakConcurrentRuns: a.topics,
    windowWallMinutes: JOBS_PER_BATCH * seedWaves * Math.max(seedActiveMinutes, seedIdleMinutes),
  };
  return {
    assumptions,
    activeTopics,
    leanOps,
    seed,
    dpuHoursRatio:
      leanOps.dpuHoursPerDay === 0
        ? Number.POSITIVE_INFINITY
        : seed.dpuHoursPerDay / leanOps.dpuHoursPerDay,
  };
}

function validate(a: CostAssumptions): void {
  const positive: (keyof CostAssumptions)[] = [
    'topics',
    'intervalMinutes',
    'topicsPerRun',
    'maxConcurrentRuns',
    'workers',
    'dpuPerWorker',
  ];
  for (const key of positive) {
    if (!(a[key] > 0) || !Number.isFinite(a[key]))
      throw new CostAssumptionError(`${key} must be > 0, got ${a[key]}`, key);
  }
  for (const key of ['topics', 'topicsPerRun', 'maxConcurrentRuns', 'workers'] as const) {
    if (!Number.isInteger(a[key]))
      throw new CostAssumptionError(`${key} must be an integer, got ${a[key]}`, key);
  }
  if (!(a.activeFraction >= 0 && a.activeFraction <= 1)) {
    throw new CostAssumptionError(
      `activeFraction must be in [0, 1], got ${a.activeFraction}`,
      'activeFraction',
    );
  }
  for (const key of [
    'runOverheadMinutes',
    'minutesPerActiveTopic',
    'minutesPerIdleTopic',
    'minimumBilledMinutes',
    'pricePerDpuHour',
  ] as const) {
    if (!(a[key] >= 0) || !Number.isFinite(a[key]))
      throw new CostAssumptionError(`${key} must be ≥ 0, got ${a[key]}`, key);
  }
}
