// Parses Mermaid diagrams with the real `mermaid` package (in a DOM from jsdom, which its
// sanitizer needs). Reads a JSON array of diagram sources on stdin; prints one result per diagram.
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const source of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(source);
    results.push({ ok: true, diagramType: parsed.diagramType });
  } catch (e) {
    results.push({
      ok: false,
      error: String(e?.message ?? e)
        .split('\n')
        .slice(0, 3)
        .join(' '),
    });
  }
}
process.stdout.write(JSON.stringify(results));
