import { Command } from 'commander';
import {
  deploymentAccountOf,
  deploymentNameOf,
  withDeploymentTarget,
} from '../../../scripts/cli/deploymentTarget';

describe('deploymentNameOf: a command names its deployment, or does nothing', () => {
  it.each([
    [{ env: 'prod' }, 'lean-ops-prod'],
    [{ env: 'local' }, 'lean-ops-local'],
    [{ name: 'acme-staging' }, 'acme-staging'],
  ])('%j → %s', (options, name) => {
    expect(deploymentNameOf(options)).toBe(name);
  });

  it.each([
    [{}, /--env <env> \(or --name <project-env>\) is required/],
    [{ env: 'prod', name: 'lean-ops-prod' }, /one of --env and --name, not both/],
    [{ env: 'Prod!' }, /--env "Prod!" is not an environment name/],
    [{ name: 'bad name' }, /--name "bad name" is not a deployment name/],
  ])('%j is a usage error', (options, message) => {
    expect(() => deploymentNameOf(options)).toThrow(message);
    try {
      deploymentNameOf(options);
    } catch (error) {
      expect((error as Error).name).toBe('UsageError');
    }
  });

  it('adds no default: an unparsed command has neither flag set', () => {
    const command = withDeploymentTarget(new Command('x'), { account: true });
    command.parse([], { from: 'user' });
    expect(command.opts()).toEqual({});
    expect(command.options.map((option) => option.long)).toEqual(['--env', '--name', '--account']);
  });
});

/** A stand-in for STS GetCallerIdentity that counts its calls. */
function countingCaller(account: string) {
  const caller = async () => {
    caller.calls += 1;
    return account;
  };
  caller.calls = 0;
  return caller;
}

describe('deploymentAccountOf: --account, else the credentials’ account', () => {
  it('uses --account without asking STS', async () => {
    const caller = countingCaller('999999999999');
    await expect(deploymentAccountOf({ account: '123456789012' }, caller)).resolves.toBe(
      '123456789012',
    );
    expect(caller.calls).toBe(0);
  });

  it('asks STS when --account is left out', async () => {
    await expect(deploymentAccountOf({}, async () => '210987654321')).resolves.toBe('210987654321');
  });

  it('refuses a malformed --account before any call', async () => {
    const caller = countingCaller('210987654321');
    await expect(deploymentAccountOf({ account: '12' }, caller)).rejects.toThrow(
      '--account "12" is not an AWS account id (12 digits)',
    );
    expect(caller.calls).toBe(0);
  });

  it('says so when STS names no account', async () => {
    await expect(deploymentAccountOf({}, async () => undefined)).rejects.toThrow(/pass --account/);
  });
});
