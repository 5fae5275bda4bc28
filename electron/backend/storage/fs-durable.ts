/**
 * The durable-write helper lives in node/fs-durable.ts (shared by the desktop backend, scripts and
 * central, which may not import electron/); this path re-exports it for the backend's importers.
 */
export * from '../../../node/fs-durable'
