import { ProgressStream } from './progress';

/** Where a refresh command reads and writes; tests give their own. */
export interface RefreshIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: ProgressStream;
  readonly now?: Date;
  /** Merged into the SDK clients' configuration: tests give credentials and a request handler. */
  readonly clientConfig?: Record<string, unknown>;
}
