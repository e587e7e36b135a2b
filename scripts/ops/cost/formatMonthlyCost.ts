import type { MonthlyCost } from './monthlyCostModel';

function usd(value: number): string {
  return `$${Math.round(value).toLocaleString('en-US')}`;
}

/**
 * The monthly estimate as a Markdown table (one row per line of docs/deploy.md §6), its total and
 * cost per million events, with the seed design's figures beside it.
 */
export function formatMonthlyCostMarkdown(ours: MonthlyCost, seed: MonthlyCost): string {
  const a = ours.assumptions;
  return [
    `Monthly estimate: ${a.topics} topics, ${a.eventsPerSecond} events/s (${(ours.eventsPerMonth / 1e9).toFixed(2)} billion events a month), us-east-1 list prices`,
    '',
    '| item | how it is counted | per month |',
    '|---|---|---:|',
    ...ours.lines.map((line) => `| ${line.item} | ${line.counted} | ${usd(line.usdPerMonth)} |`),
    `| **total** | | **${usd(ours.usdPerMonth)}** |`,
    '',
    '| design | per month | per million events |',
    '|---|---:|---:|',
    `| lean-ops | ${usd(ours.usdPerMonth)} | $${ours.usdPerMillionEvents.toFixed(2)} |`,
    `| the seed (a Glue run per topic per window) | ${usd(seed.usdPerMonth)} | $${seed.usdPerMillionEvents.toFixed(2)} |`,
    '',
  ].join('\n');
}
