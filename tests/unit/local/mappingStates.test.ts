import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { MappingStates } from '../../../scripts/local/emulation/eventSourceMappings';

const lambdaMock = mockClient(LambdaClient);

describe('MappingStates', () => {
  beforeEach(() => lambdaMock.reset());

  it('answers every poller from one paginated listing per refresh', async () => {
    // Prepare: two pages; the breaker disabled one mapping.
    lambdaMock
      .on(ListEventSourceMappingsCommand, { FunctionName: 'processor', MaxItems: 100 })
      .resolves({
        EventSourceMappings: [{ UUID: 'a', State: 'Enabled' }],
        NextMarker: 'page-2',
      })
      .on(ListEventSourceMappingsCommand, { Marker: 'page-2' })
      .resolves({ EventSourceMappings: [{ UUID: 'b', State: 'Disabled' }] });
    const states = new MappingStates(
      new LambdaClient({ region: 'us-east-1' }),
      'processor',
      60_000,
    );

    // Act: many pollers ask at once.
    const answers = await Promise.all(
      ['a', 'b', 'a', 'b', 'gone'].map((uuid) => states.probe(uuid)()),
    );

    // Assess
    expect(answers).toEqual([true, false, true, false, false]);
    expect(lambdaMock.commandCalls(ListEventSourceMappingsCommand)).toHaveLength(2);
  });

  it('sees a state change after the refresh interval', async () => {
    lambdaMock
      .on(ListEventSourceMappingsCommand)
      .resolvesOnce({ EventSourceMappings: [{ UUID: 'a', State: 'Enabled' }] })
      .resolves({ EventSourceMappings: [{ UUID: 'a', State: 'Disabling' }] });
    const states = new MappingStates(new LambdaClient({ region: 'us-east-1' }), 'processor', 20);
    const probe = states.probe('a');
    expect(await probe()).toBe(true);
    expect(await probe()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await probe()).toBe(false);
  });
});
