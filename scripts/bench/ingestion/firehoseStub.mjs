// A stand-in Firehose endpoint for the benchmark: answers every PutRecordBatch with success at
// once, so the processor's own cost is what gets measured. It drains the body without parsing it
// (counting `"Data":` keys for the answer), so it takes as little CPU as a stub can on the cores
// it shares with the processor.
import { createServer } from 'node:http';

const DATA_KEY = Buffer.from('"Data":');

function countRecords(body) {
  let count = 0;
  for (
    let at = body.indexOf(DATA_KEY);
    at !== -1;
    at = body.indexOf(DATA_KEY, at + DATA_KEY.length)
  )
    count++;
  return count;
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const records = countRecords(Buffer.concat(chunks));
    const answers = Array.from({ length: records }, (_, index) => `{"RecordId":"${index}"}`);
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(
      `{"FailedPutCount":0,"Encrypted":false,"RequestResponses":[${answers.join(',')}]}`,
    );
  });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
