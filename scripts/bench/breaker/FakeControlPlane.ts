import {
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';

/** An AWS-shaped error (the SDK's `name` is what callers match on). */
function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

interface FakeMapping {
  uuid: string;
  arn: string;
  functionName: string;
  state: string;
  /** When a transition (Enabling/Disabling) completes. */
  settlesAt: number;
}

/**
 * Lambda's event source mapping control plane as the drill needs it, as strict as the docs:
 * List and Update share one budget of `requestsPerSecond` per account (15, not raisable;
 * Lambda quotas page) and answer TooManyRequestsException beyond it; an update of a mapping that
 * is still Enabling/Disabling answers ResourceInUseException; List pages hold at most 100 and,
 * given a FunctionName, only that function's mappings.
 */
export class FakeControlPlane {
  readonly mappings = new Map<string, FakeMapping>();
  private recent: number[] = [];
  calls = 0;
  throttled = 0;

  constructor(
    private readonly now: () => number,
    private readonly requestsPerSecond = 15,
    private readonly transitionMs = 1_000,
  ) {}

  addMapping(uuid: string, arn: string, functionName = 'fn'): void {
    this.mappings.set(uuid, { uuid, arn, functionName, state: 'Enabled', settlesAt: 0 });
  }

  stateOf(uuid: string): string {
    const mapping = this.mappings.get(uuid);
    if (mapping === undefined) throw new Error(`no mapping ${uuid}`);
    this.settle(mapping);
    return mapping.state;
  }

  async send(command: unknown): Promise<unknown> {
    this.calls += 1;
    const now = this.now();
    this.recent = this.recent.filter((at) => at > now - 1_000);
    if (this.recent.length >= this.requestsPerSecond) {
      this.throttled += 1;
      throw awsError('TooManyRequestsException', 'Rate exceeded');
    }
    this.recent.push(now);
    if (command instanceof ListEventSourceMappingsCommand) return this.list(command.input);
    if (command instanceof UpdateEventSourceMappingCommand) return this.update(command.input);
    throw new Error('the drill plays only List/UpdateEventSourceMapping');
  }

  private list(input: { FunctionName?: string; Marker?: string; MaxItems?: number }) {
    const all = [...this.mappings.values()].filter(
      (mapping) => input.FunctionName === undefined || mapping.functionName === input.FunctionName,
    );
    const start = Number(input.Marker ?? 0);
    const size = Math.min(input.MaxItems ?? 100, 100);
    const page = all.slice(start, start + size).map((mapping) => {
      this.settle(mapping);
      return { UUID: mapping.uuid, EventSourceArn: mapping.arn, State: mapping.state };
    });
    const next = start + size < all.length ? String(start + size) : undefined;
    return { EventSourceMappings: page, NextMarker: next };
  }

  private update(input: { UUID?: string; Enabled?: boolean }) {
    const mapping = this.mappings.get(input.UUID ?? '');
    if (mapping === undefined) throw awsError('ResourceNotFoundException', `${input.UUID}`);
    this.settle(mapping);
    if (mapping.state === 'Enabling' || mapping.state === 'Disabling') {
      throw awsError('ResourceInUseException', `mapping ${mapping.uuid} is ${mapping.state}`);
    }
    const target = input.Enabled === true ? 'Enabled' : 'Disabled';
    if (mapping.state !== target) {
      mapping.state = input.Enabled === true ? 'Enabling' : 'Disabling';
      mapping.settlesAt = this.now() + this.transitionMs;
    }
    return { UUID: mapping.uuid, State: mapping.state };
  }

  private settle(mapping: FakeMapping): void {
    if (mapping.state === 'Enabling' && this.now() >= mapping.settlesAt) mapping.state = 'Enabled';
    if (mapping.state === 'Disabling' && this.now() >= mapping.settlesAt)
      mapping.state = 'Disabled';
  }
}
