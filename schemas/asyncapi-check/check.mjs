// Parses an AsyncAPI document with the reference parser (@asyncapi/parser), following its $refs to
// the JSON Schema files, and prints what it understood as JSON for the Python test to compare with
// the code. Exits 1 with the parser's diagnostics when the document is invalid.
//
//   node schemas/asyncapi-check/check.mjs schemas/asyncapi.yaml
import { resolve } from 'node:path';
import { Parser, fromFile } from '@asyncapi/parser';

const SEVERITY = ['error', 'warning', 'info', 'hint'];

function describe(document) {
  const messages = document.allMessages().all().map((message) => ({
    name: message.name(),
    contentType: message.contentType(),
    ceType: message.headers()?.json()?.allOf?.[1]?.properties?.ce_type?.const,
    headersRequired: message.headers()?.json()?.allOf?.[0]?.required ?? [],
    key: message.bindings().get('kafka')?.value()?.key,
    payloadTitle: message.payload()?.title(),
    payloadFormat: message.payload()?.schemaFormat(),
    examples: message.examples().all().map((example) => ({
      name: example.name(), headers: example.headers(), payload: example.payload(),
    })),
  }));
  const channels = document.allChannels().all().map((channel) => ({
    address: channel.address(),
    topic: channel.bindings().get('kafka')?.value()?.topic,
    messages: channel.messages().all().map((message) => message.name()),
  }));
  return { asyncapi: document.version(), channels, messages };
}

const source = resolve(process.argv[2] ?? 'schemas/asyncapi.yaml');
const { document, diagnostics } = await fromFile(new Parser(), source).parse();
const problems = diagnostics.map((d) => ({
  severity: SEVERITY[d.severity], code: d.code, message: d.message, path: d.path.join('/'),
}));
if (!document) {
  console.error(JSON.stringify({ problems }, null, 2));
  process.exit(1);
}
console.log(JSON.stringify({ ...describe(document), problems }, null, 2));
