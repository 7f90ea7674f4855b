/**
 * picomatch, loaded on first use: the plugin (and the library entry) never match globs unless a
 * usage file or a glob of assemblies asks for it, so importing them does not pay for it.
 */
export function globMatcher(): typeof import('picomatch') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('picomatch') as typeof import('picomatch');
}
