// A stand-in Firehose endpoint for the benchmark: answers every PutRecordBatch with success at
// once, so the processor's own cost is what gets measured.
import { createServer } from 'node:http';

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const answers = input.Records.map((_, index) => ({ RecordId: String(index) }));
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(
      JSON.stringify({ FailedPutCount: 0, Encrypted: false, RequestResponses: answers }),
    );
  });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
