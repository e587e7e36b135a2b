export { formatCostMarkdown } from './formatCostReport';
export {
  CostAssumptionError,
  type CostAssumptions,
  type CostComparison,
  compareGlueCost,
  DEFAULT_ASSUMPTIONS,
  type DesignCost,
} from './glueCostModel';
