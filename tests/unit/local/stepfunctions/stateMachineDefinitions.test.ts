import { createRequire } from 'node:module';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { resourceNames } from '../../../../lambdas/common/naming';
import { LOCAL_ACCOUNT } from '../../../../scripts/local/localDeployment';
import {
  DEFINITION_VARIABLES,
  localDefinitionVariables,
} from '../../../../scripts/local/stepfunctions/definitionVariables';
import {
  DefinitionTemplateError,
  readDefinitionTemplate,
  renderDefinition,
  type StateMachineName,
  templatePlaceholders,
} from '../../../../scripts/local/stepfunctions/renderDefinition';
import {
  localTaskHandlers,
  taskStates,
} from '../../../../scripts/local/stepfunctions/taskHandlers';
import { terraformVariables } from '../../../helpers/orchestratorWorld';

// asl-validator is CommonJS (module.exports = function).
const validate = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errorsText: (separator?: string) => string;
};

const MACHINES: StateMachineName[] = ['orchestrator', 'rebuilder'];

type AnyState = Record<string, unknown> & { Type: string };
function allStates(definition: { States: Record<string, unknown> }): [string, AnyState][] {
  return Object.entries(definition.States as Record<string, AnyState>).flatMap(([name, state]) => {
    const processor = state.ItemProcessor as { States: Record<string, unknown> } | undefined;
    return processor === undefined ? [[name, state]] : [[name, state], ...allStates(processor)];
  });
}

describe.each(MACHINES)('%s definition', (machine) => {
  const template = readDefinitionTemplate(machine);
  const definition = renderDefinition(template, terraformVariables);

  it('is a valid state machine once rendered with the Terraform variables', () => {
    // Act
    const result = validate(definition);

    // Assess
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('uses only the template variables Terraform passes', () => {
    // Act
    const used = templatePlaceholders(template);

    // Assess
    expect(
      used.filter((name) => !(DEFINITION_VARIABLES as readonly string[]).includes(name)),
    ).toEqual([]);
    expect(used).toEqual(
      expect.arrayContaining([
        'checkpoints_function_arn',
        'standardize_job_name',
        'curate_job_name',
      ]),
    );
  });

  it('has a local stand-in for every Task resource, so make run executes this very file', () => {
    // Act
    const handlers = localTaskHandlers(definition, {} as never);

    // Assess
    expect(Object.keys(handlers).sort()).toEqual(
      taskStates(definition)
        .map((state) => state.name)
        .sort(),
    );
  });

  it('retries Glue concurrency and throttling errors with growing, jittered backoff', () => {
    // Arrange
    const glueTasks = allStates(definition).filter(([, state]) =>
      String(state.Resource).includes(':glue:'),
    );

    // Assess
    expect(glueTasks.length).toBeGreaterThan(0);
    for (const [, state] of glueTasks) {
      const retriers = state.Retry as {
        ErrorEquals: string[];
        BackoffRate: number;
        MaxAttempts: number;
        JitterStrategy: string;
      }[];
      const glue = retriers.find((retrier) =>
        retrier.ErrorEquals.includes('Glue.ConcurrentRunsExceededException'),
      );
      expect(glue?.ErrorEquals).toContain('Glue.ThrottlingException');
      expect(glue?.BackoffRate).toBeGreaterThan(1);
      expect(glue?.MaxAttempts).toBeGreaterThanOrEqual(3);
      expect(glue?.JitterStrategy).toBe('FULL');
      expect(state.Catch).toBeDefined();
      expect(state.TimeoutSeconds).toBeGreaterThan(0);
    }
  });
});

describe('orchestrator definition', () => {
  it('fans the Glue runs out at map_max_concurrency and passes K to the packer', () => {
    // Act
    const definition = renderDefinition(readDefinitionTemplate('orchestrator'), {
      ...terraformVariables,
      map_max_concurrency: 7,
      topics_per_glue_run: 13,
    });
    const states = Object.fromEntries(allStates(definition));

    // Assess
    expect(states.RunGlue?.MaxConcurrency).toBe(7);
    expect(
      (states.Pack?.Parameters as { Payload: { topicsPerRun: number } } | undefined)?.Payload
        .topicsPerRun,
    ).toBe(13);
  });

  it('catches every failure inside a Glue branch, so one run never fails the others', () => {
    // Arrange
    const definition = renderDefinition(readDefinitionTemplate('orchestrator'), terraformVariables);
    const branch = (
      definition.States.RunGlue as unknown as { ItemProcessor: StateMachineDefinition }
    ).ItemProcessor;

    // Assess
    for (const [name, state] of Object.entries(branch.States as Record<string, AnyState>)) {
      if (state.Type !== 'Task') continue;
      const catchers = state.Catch as { ErrorEquals: string[] }[] | undefined;
      expect({
        name,
        catchesAll: catchers?.some((catcher) => catcher.ErrorEquals.includes('States.ALL')),
      }).toEqual({
        name,
        catchesAll: true,
      });
    }
  });

  it('takes the overlap lock with one conditional write before any scan', () => {
    // Arrange
    const definition = renderDefinition(readDefinitionTemplate('orchestrator'), terraformVariables);
    const lock = definition.States.AcquireLock as unknown as AnyState & {
      Parameters: { ConditionExpression: string; TableName: string };
      Catch: { ErrorEquals: string[]; Next: string }[];
      Next: string;
    };

    // Assess
    expect(lock.Parameters.TableName).toBe('lean-ops-prod-locks');
    expect(lock.Parameters.ConditionExpression).toBe(
      'attribute_not_exists(lock_name) OR expires_at < :now',
    );
    expect(lock.Catch[0]).toMatchObject({
      ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'],
      Next: 'AnotherExecutionRunning',
    });
    expect(lock.Next).toBe('Plan');
  });
});

describe('renderDefinition', () => {
  it('rejects a template that uses a variable Terraform does not pass', () => {
    // Act
    const render = () =>
      renderDefinition(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform placeholder, not a JS template
        '{"Comment": "${region}", "StartAt": "A", "States": {}}',
        terraformVariables,
      );

    // Assess
    expect(render).toThrow(DefinitionTemplateError);
    expect(render).toThrow('region');
  });

  it('gives rebuild runs their own timeout and workers, and the local Glue refuses what StartJobRun refuses', async () => {
    // Arrange
    const rebuilder = renderDefinition(readDefinitionTemplate('rebuilder'), terraformVariables);
    const started: unknown[] = [];
    const glue = { run: async (...args: unknown[]) => started.push(args) } as never;
    const handlers = localTaskHandlers(rebuilder, { glue } as never);
    const rebuild = rebuilder.States.StandardizeRebuild as unknown as {
      TimeoutSeconds: number;
      Parameters: Record<string, unknown>;
    };

    // Assess: the rendered run overrides, and the state outlives the run it waits for
    expect(rebuild.Parameters).toMatchObject({
      Timeout: 240,
      WorkerType: 'G.1X',
      NumberOfWorkers: 10,
    });
    expect(rebuild.TimeoutSeconds).toBeGreaterThan(240 * 60);
    await expect(
      handlers.StandardizeRebuild?.({ JobName: 'j', Timeout: 240, NumberOfWorkers: 1 }),
    ).rejects.toMatchObject({ name: 'Glue.InvalidInputException' });
    await expect(
      handlers.StandardizeRebuild?.({ JobName: 'j', WorkerType: 'Standard' }),
    ).rejects.toMatchObject({ name: 'Glue.InvalidInputException' });
    expect(started).toEqual([]);
  });

  it('renders the local variables from the deployment names', () => {
    // Act
    const variables = localDefinitionVariables(resourceNames('lean-ops-local', LOCAL_ACCOUNT), {
      topicsPerGlueRun: 5,
    });

    // Assess
    expect(variables).toMatchObject({
      standardize_job_name: 'lean-ops-local-standardize',
      locks_table_name: 'lean-ops-local-locks',
      topics_per_glue_run: 5,
    });
  });
});
