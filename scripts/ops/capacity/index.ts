export { type AssignmentPlan, assignStreams, type StreamAssignment } from './assignStreams';
export {
  buildTraffic,
  type FleetAssumption,
  type TopicOverrides,
  TrafficAssumptionError,
} from './buildTraffic';
export { DEFAULT_STREAMS_PER_REGION, type DirectPutQuota, directPutQuota } from './directPutQuota';
export { formatCapacityReport } from './formatCapacityReport';
export { type CapacityPlan, type CapacityRequest, planCapacity } from './planCapacity';
export {
  formatStreamAssignment,
  parseStreamAssignment,
  StreamAssignmentError,
} from './streamAssignmentFile';
export {
  DEFAULT_PROCESSOR_TIMING,
  type TopicLoad,
  type TopicTraffic,
  topicLoad,
} from './topicLoad';
