/**
 * One line for a failed AWS call: `AccessDeniedException: User ... is not authorized`. Control
 * characters and line breaks never reach a data file or the terminal.
 */
export function errorLine(e: unknown): string {
  const err = e as { name?: string; code?: string; message?: string } | undefined;
  const name = err?.name && err.name !== 'Error' ? err.name : (err?.code ?? 'Error');
  const message = (err?.message ?? String(e)).split('\n')[0];
  // eslint-disable-next-line no-control-regex
  const line = `${name}: ${message}`.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
