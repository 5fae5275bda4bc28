/** The app's client: IPC inside Electron, HTTP to the local host in a browser. */
import { createClient, type Client } from './client'
import { hostToken, httpTransport } from './transport-http'
import { ipcTransport } from './transport-ipc'

function pickClient(): Client {
  if (typeof window !== 'undefined' && window.assessor)
    return createClient(ipcTransport(window.assessor))
  const base =
    (import.meta.env.VITE_HOST_URL as string | undefined) ??
    new URL('./', window.location.href).href
  return createClient(httpTransport(base, hostToken()))
}

let current: Client | null = null

export function client(): Client {
  current ??= pickClient()
  return current
}

/** Tests replace the client (a real transport against a real backend, or a recording one). */
export function setClient(c: Client): void {
  current = c
}

export { ApiError, errorMessage } from './client'
