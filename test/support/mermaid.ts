import { spawnSync } from 'child_process';
import * as path from 'path';
import MarkdownIt from 'markdown-it';

/**
 * Parses diagrams with the real Mermaid parser (the `mermaid` package in jsdom), in a child
 * process because mermaid ships as ES modules only. One result per diagram.
 */
export function parseMermaid(sources: readonly string[]): { ok: boolean; error?: string }[] {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'mermaid-parse.mjs')], {
    input: JSON.stringify(sources),
    encoding: 'utf-8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`mermaid parse failed to run: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** The ```mermaid fences of a Markdown document, as markdown-it (GitHub-like) parses them. */
export function mermaidBlocks(markdown: string): string[] {
  return new MarkdownIt({ html: true })
    .parse(markdown, {})
    .filter((t) => t.type === 'fence' && t.info.trim() === 'mermaid')
    .map((t) => t.content);
}
