/**
 * The monthly bill of one deployment, line by line as docs/deploy.md §6 counts it, and its cost
 * per million events. Pure: every volume and price is an input, printed with the result.
 */
export interface MonthlyAssumptions {
  topics: number;
  /** Events per second across the fleet, averaged over the month. */
  eventsPerSecond: number;
  /** The producer's message, and the RAW envelope Firehose delivers (after the transform). */
  messageBytes: number;
  envelopeBytes: number;
  /** Messages per SendMessageBatch from the producers. */
  producerBatch: number;
  /** Records per processor invocation (the tiers' batches as they fill). */
  recordsPerInvocation: number;
  processor: { millis: number; memoryMb: number };
  /** Records per transform invocation (Firehose's buffer) and its duration. */
  transform: { recordsPerInvocation: number; millis: number; memoryMb: number };
  glue: {
    intervalMinutes: number;
    activeFraction: number;
    topicsPerRun: number;
    workers: number;
    dpuPerWorker: number;
    minutesPerRun: number;
    /** FLEX runs on spare capacity at a lower price; STANDARD starts at once. */
    executionClass: 'STANDARD' | 'FLEX';
  };
  maintain: { topicsPerRun: number; workers: number; minutesPerRun: number };
  /** DPU-hours a managed compaction optimizer uses per RAW table per day (0 when the maintain job compacts). */
  optimizerDpuHoursPerTablePerDay: number;
  /** Custom metrics per topic (EMF), the share of topics with a freshness metric, and the fleet-wide ones. */
  metricsPerTopic: number;
  freshnessMetricShare: number;
  fleetMetrics: number;
  /** One error-rate alarm per topic (metric math over this many metrics) and the others. */
  metricsPerTopicAlarm: number;
  otherAlarms: number;
  /** Lambda's SQS pollers per idle queue and their 20-second long polls per minute. */
  idlePollersPerQueue: number;
  idlePollsPerPollerPerMinute: number;
  /** RAW's share of the JSON size once in Parquet, and the layers stored (RAW, standardized, curated). */
  compression: number;
  layers: number;
  s3RequestsUsd: number;
  logGbPerMonth: number;
  /** KMS, DynamoDB, Step Functions, EventBridge. */
  smallServicesUsd: number;
  prices: Prices;
}

/** us-east-1 list prices; each is printed with the estimate so a reader can challenge it. */
export interface Prices {
  glueDpuHour: number;
  glueFlexDpuHour: number;
  /** Firehose, Apache Iceberg destination: per GB processed, no 5 KB rounding. */
  firehoseIcebergGb: number;
  sqsPerMillionRequests: number;
  lambdaPerMillionRequests: number;
  lambdaArmGbSecond: number;
  alarmMetric: number;
  s3GbMonth: number;
  logsIngestGb: number;
}

export const LIST_PRICES: Prices = {
  glueDpuHour: 0.44,
  glueFlexDpuHour: 0.29,
  firehoseIcebergGb: 0.075,
  sqsPerMillionRequests: 0.4,
  lambdaPerMillionRequests: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  alarmMetric: 0.1,
  s3GbMonth: 0.023,
  logsIngestGb: 0.5,
};

/** docs/deploy.md §6 as it stands: 700 topics, 500 events/s, the prod tiers and Glue settings. */
export const DEPLOY_MD_ASSUMPTIONS: MonthlyAssumptions = {
  topics: 700,
  eventsPerSecond: 500,
  messageBytes: 1024,
  envelopeBytes: 1400,
  producerBatch: 10,
  recordsPerInvocation: 100,
  processor: { millis: 200, memoryMb: 1024 },
  transform: { recordsPerInvocation: 1000, millis: 100, memoryMb: 256 },
  glue: {
    intervalMinutes: 15,
    activeFraction: 0.5,
    topicsPerRun: 25,
    workers: 4,
    dpuPerWorker: 1,
    minutesPerRun: 3,
    executionClass: 'STANDARD',
  },
  maintain: { topicsPerRun: 25, workers: 4, minutesPerRun: 5 },
  optimizerDpuHoursPerTablePerDay: 0.075,
  // received and retried per topic; forwarded, dropped, held back, ~5 drop codes, freshness fleet-wide
  metricsPerTopic: 2,
  freshnessMetricShare: 0.5,
  fleetMetrics: 10,
  metricsPerTopicAlarm: 2,
  otherAlarms: 10,
  idlePollersPerQueue: 5,
  idlePollsPerPollerPerMinute: 3,
  compression: 0.3,
  layers: 3,
  s3RequestsUsd: 20,
  logGbPerMonth: 20,
  smallServicesUsd: 20,
  prices: LIST_PRICES,
};

export interface CostLine {
  item: string;
  /** How the line is counted, with its volumes. */
  counted: string;
  usdPerMonth: number;
}

export interface MonthlyCost {
  assumptions: MonthlyAssumptions;
  eventsPerMonth: number;
  lines: CostLine[];
  usdPerMonth: number;
  usdPerMillionEvents: number;
}

const DAYS = 30;
const MINUTES_PER_MONTH = DAYS * 24 * 60;
const GB = 1024 ** 3;

/**
 * @example
 * monthlyCost(DEPLOY_MD_ASSUMPTIONS).usdPerMillionEvents; // ≈ 8
 */
export function monthlyCost(a: MonthlyAssumptions): MonthlyCost {
  const p = a.prices;
  const events = a.eventsPerSecond * MINUTES_PER_MONTH * 60;
  const cyclesPerDay = (24 * 60) / a.glue.intervalMinutes;
  const activeTopics = Math.ceil(a.topics * a.glue.activeFraction);
  const runsPerCycle = 2 * Math.ceil(activeTopics / a.glue.topicsPerRun);
  const glueDpuHoursPerDay =
    cyclesPerDay *
    runsPerCycle *
    a.glue.workers *
    a.glue.dpuPerWorker *
    (a.glue.minutesPerRun / 60);
  const gluePrice = a.glue.executionClass === 'FLEX' ? p.glueFlexDpuHour : p.glueDpuHour;
  const maintainRuns = Math.ceil(a.topics / a.maintain.topicsPerRun);
  const maintainDpuHoursPerDay =
    maintainRuns * a.maintain.workers * (a.maintain.minutesPerRun / 60);
  const optimizerDpuHoursPerDay = a.topics * a.optimizerDpuHoursPerTablePerDay;
  const metrics = a.topics * (a.metricsPerTopic + a.freshnessMetricShare) + a.fleetMetrics;
  const sends = events / a.producerBatch;
  const dataPolls = (2 * events) / a.recordsPerInvocation; // receive + delete per batch
  const idlePolls =
    a.topics * a.idlePollersPerQueue * a.idlePollsPerPollerPerMinute * MINUTES_PER_MONTH;
  const firehoseGb = (events * a.envelopeBytes) / GB;
  const processorInvocations = events / a.recordsPerInvocation;
  const transformInvocations = events / a.transform.recordsPerInvocation;
  const gbSeconds =
    processorInvocations * (a.processor.millis / 1000) * (a.processor.memoryMb / 1024) +
    transformInvocations * (a.transform.millis / 1000) * (a.transform.memoryMb / 1024);
  const storedGb = (events * a.messageBytes * a.compression * a.layers) / GB;
  const lines: CostLine[] = [
    {
      item: 'Glue standardize + curate',
      counted: `${cyclesPerDay} cycles/day x ${runsPerCycle} runs (${activeTopics} active topics / ${a.glue.topicsPerRun}, 2 jobs) x ${a.glue.workers * a.glue.dpuPerWorker} DPU x ${a.glue.minutesPerRun} min = ${round(glueDpuHoursPerDay)} DPU-h/day at $${gluePrice} (${a.glue.executionClass})`,
      usdPerMonth: glueDpuHoursPerDay * gluePrice * DAYS,
    },
    {
      item: 'Glue maintain job',
      counted: `${maintainRuns} runs/day x ${a.maintain.workers} DPU x ${a.maintain.minutesPerRun} min = ${round(maintainDpuHoursPerDay)} DPU-h/day at $${gluePrice}`,
      usdPerMonth: maintainDpuHoursPerDay * gluePrice * DAYS,
    },
    {
      item: 'Glue RAW compaction optimizers',
      counted: `${a.topics} tables x ${a.optimizerDpuHoursPerTablePerDay} DPU-h/day at $${p.glueDpuHour}`,
      usdPerMonth: optimizerDpuHoursPerDay * p.glueDpuHour * DAYS,
    },
    {
      item: 'CloudWatch custom metrics',
      counted: `${a.topics} topics x (${a.metricsPerTopic} EMF + ${a.freshnessMetricShare} freshness) + ${a.fleetMetrics} fleet-wide = ${Math.round(metrics)} metrics, tiered from $0.30`,
      usdPerMonth: metricsUsd(metrics),
    },
    {
      item: 'SQS requests',
      counted: `${millions(sends)} sends + ${millions(dataPolls)} receives/deletes with data + ${millions(idlePolls)} idle long polls (${a.topics} queues x ${a.idlePollersPerQueue} pollers x ${a.idlePollsPerPollerPerMinute}/min) at $${p.sqsPerMillionRequests}/M`,
      usdPerMonth: ((sends + dataPolls + idlePolls) / 1e6) * p.sqsPerMillionRequests,
    },
    {
      item: 'Firehose (Iceberg destination)',
      counted: `${Math.round(firehoseGb)} GB processed (${a.envelopeBytes} B per record, no 5 KB rounding) at $${p.firehoseIcebergGb}/GB`,
      usdPerMonth: firehoseGb * p.firehoseIcebergGb,
    },
    {
      item: 'CloudWatch alarms',
      counted: `${a.topics} alarms x ${a.metricsPerTopicAlarm} metrics + ${a.otherAlarms} others at $${p.alarmMetric} per alarm metric`,
      usdPerMonth: (a.topics * a.metricsPerTopicAlarm + a.otherAlarms) * p.alarmMetric,
    },
    {
      item: 'Lambda (processor, transform)',
      counted: `${millions(processorInvocations + transformInvocations)} invocations, ${millions(gbSeconds)} GB-s (arm64)`,
      usdPerMonth:
        ((processorInvocations + transformInvocations) / 1e6) * p.lambdaPerMillionRequests +
        gbSeconds * p.lambdaArmGbSecond,
    },
    {
      item: 'S3 (first month)',
      counted: `${Math.round(storedGb)} GB added (${a.layers} layers at ${a.compression} of the JSON) + requests $${a.s3RequestsUsd}`,
      usdPerMonth: storedGb * p.s3GbMonth + a.s3RequestsUsd,
    },
    {
      item: 'CloudWatch Logs',
      counted: `${a.logGbPerMonth} GB ingested at $${p.logsIngestGb}`,
      usdPerMonth: a.logGbPerMonth * p.logsIngestGb,
    },
    {
      item: 'KMS, DynamoDB, Step Functions, EventBridge',
      counted: 'one key; on-demand tables; two executions per cycle',
      usdPerMonth: a.smallServicesUsd,
    },
  ];
  const usdPerMonth = lines.reduce((sum, line) => sum + line.usdPerMonth, 0);
  return {
    assumptions: a,
    eventsPerMonth: events,
    lines,
    usdPerMonth,
    usdPerMillionEvents: events === 0 ? Number.POSITIVE_INFINITY : usdPerMonth / (events / 1e6),
  };
}

/** CloudWatch metrics are priced in tiers: 10,000 at $0.30, 240,000 at $0.10, 750,000 at $0.05, then $0.02. */
export function metricsUsd(metrics: number): number {
  const tiers: [size: number, price: number][] = [
    [10_000, 0.3],
    [240_000, 0.1],
    [750_000, 0.05],
    [Number.POSITIVE_INFINITY, 0.02],
  ];
  let left = metrics;
  let usd = 0;
  for (const [size, price] of tiers) {
    const here = Math.min(left, size);
    usd += here * price;
    left -= here;
    if (left <= 0) break;
  }
  return usd;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function millions(value: number): string {
  return `${(value / 1e6).toFixed(1)} M`;
}

/**
 * The seed design's bill under the same traffic: one standardize and one curate run per topic per
 * window, active or not (glueCostModel's seed), and no table maintenance; every other line as
 * lean-ops counts it.
 */
export function seedMonthlyCost(a: MonthlyAssumptions, seedGlueUsdPerDay: number): MonthlyCost {
  const ours = monthlyCost(a);
  const lines = ours.lines
    .filter((line) => !line.item.startsWith('Glue'))
    .concat({
      item: 'Glue, the seed design',
      counted: `two runs per topic per ${a.glue.intervalMinutes}-minute window, idle or not, each billed at least a minute`,
      usdPerMonth: seedGlueUsdPerDay * DAYS,
    });
  const usdPerMonth = lines.reduce((sum, line) => sum + line.usdPerMonth, 0);
  return {
    ...ours,
    lines,
    usdPerMonth,
    usdPerMillionEvents:
      ours.eventsPerMonth === 0
        ? Number.POSITIVE_INFINITY
        : usdPerMonth / (ours.eventsPerMonth / 1e6),
  };
}
