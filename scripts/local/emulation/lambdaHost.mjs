// One emulated Lambda container: loads a built bundle (dist/lambdas/<name>/index.mjs) in this
// process, as the nodejs22.x runtime would, and runs invocations sent by LocalLambda over IPC.
// A failing module init (e.g. a missing environment variable) is reported, and the process exits.
import { pathToFileURL } from 'node:url';

const [bundlePath, functionName] = process.argv.slice(2);

function errorPayload(error) {
  return {
    name: error?.name ?? 'Error',
    message: error?.message ?? String(error),
    stack: error?.stack,
  };
}

let handler;
try {
  ({ handler } = await import(pathToFileURL(bundlePath).href));
  if (typeof handler !== 'function') throw new TypeError(`${bundlePath} does not export a handler`);
  process.send({ type: 'ready' });
} catch (error) {
  process.send({ type: 'init-error', error: errorPayload(error) }, () => process.exit(1));
}

process.on('message', async (message) => {
  if (message?.type !== 'invoke') return;
  const deadline = Date.now() + message.timeoutMs;
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: message.id,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
  try {
    const result = await handler(message.event, context);
    process.send({ type: 'result', id: message.id, result });
  } catch (error) {
    process.send({ type: 'error', id: message.id, error: errorPayload(error) });
  }
});
