/**
 * The backend in its own process (issue 15 §1): the messages between a shell (Electron main, the
 * browser-mode host) and the backend process. Structured-clone values only (both Electron's
 * utilityProcess port and Node's child_process IPC carry them).
 *
 *   shell → backend   init (once) · call (id, method, input) · close
 *   backend → shell   ready | fatal · result (id, Wire) · event (name, payload) · closed
 *
 * The shell forwards calls and events and nothing else: every contract method is answered by
 * the backend's `dispatch`, as before.
 */

/** Where the database key comes from, as the shell tells the backend process. */
export type KeySpec =
  /** plain files (browser mode without DL_PASSPHRASE, tests) */
  | { mode: 'unencrypted' }
  /** DL_PASSPHRASE in the backend process's environment (browser mode) */
  | { mode: 'passphrase-env' }
  /** a key the shell obtained (Electron: from the OS key store); `kind` goes to app.info */
  | { mode: 'raw'; key: Uint8Array; kind: string }

export interface BackendInit {
  dataDir: string
  key: KeySpec
  /** The OS key store for the signing key (Electron): a wrapping key sealed by safeStorage. */
  sealer?: { store: string; wrappingKey: Uint8Array | null }
  /** Shown to a second process that finds the data directory locked. */
  lockCommand: string
  /** The packaged app's resources directory (fonts). */
  resourcesDir?: string
  /** Automatic backups (default on). */
  autoBackup?: boolean
}

export type ToBackend =
  | { t: 'init'; init: BackendInit }
  | { t: 'call'; id: number; method: string; input: unknown }
  | { t: 'close' }

export type FromBackend =
  | { t: 'ready'; pid: number }
  | { t: 'fatal'; message: string; code?: string }
  | { t: 'result'; id: number; wire: unknown }
  | { t: 'event'; event: string; payload: unknown }
  | { t: 'closed' }

/** One end of the channel, whatever carries it. */
export interface Port<Out, In> {
  post(message: Out): void
  onMessage(listener: (message: In) => void): void
}
