import {
  executeDefinition,
  PAYLOAD_LIMIT_BYTES,
} from '../../../../scripts/local/stepfunctions/executeDefinition';

// The local interpreter is as strict as Step Functions about the 256 KiB payload limit.

// Grow doubles its input's text: the output is over the limit when the input is over half of it.
const definition = {
  StartAt: 'Grow',
  States: {
    Grow: {
      Type: 'Pass',
      Parameters: { 'text.$': "States.Format('{}{}', $.text, $.text)" },
      End: true,
    },
  },
} as never;
const options = { stateMachineName: 'limit', handlers: {} };

describe('executeDefinition and the payload limit', () => {
  it('fails an execution whose state output exceeds 256 KiB with States.DataLimitExceeded', async () => {
    const record = await executeDefinition(definition, { text: 'x'.repeat(140_000) }, options);

    expect(record.status).toBe('FAILED');
    expect(record.error?.Error).toBe('States.DataLimitExceeded');
    expect(record.largestState.bytes).toBeGreaterThan(PAYLOAD_LIMIT_BYTES);
  });

  it('lets a state under the limit through, and measures it', async () => {
    const record = await executeDefinition(definition, { text: 'x'.repeat(1_000) }, options);

    expect(record.status).toBe('SUCCEEDED');
    expect(record.largestState.state).toBe('Grow');
    expect(record.largestState.bytes).toBeGreaterThan(2_000);
    expect(record.largestState.bytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
  });
});
