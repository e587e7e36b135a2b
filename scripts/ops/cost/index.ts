export { formatCostMarkdown } from './formatCostReport';
export { formatMonthlyCostMarkdown } from './formatMonthlyCost';
export {
  CostAssumptionError,
  type CostAssumptions,
  type CostComparison,
  compareGlueCost,
  DEFAULT_ASSUMPTIONS,
  type DesignCost,
} from './glueCostModel';
export {
  type CostLine,
  DEPLOY_MD_ASSUMPTIONS,
  LIST_PRICES,
  type MonthlyAssumptions,
  type MonthlyCost,
  metricsUsd,
  monthlyCost,
  type Prices,
  seedMonthlyCost,
} from './monthlyCostModel';
