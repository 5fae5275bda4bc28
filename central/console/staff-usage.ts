/** The console CLI commands' usage (kept apart so the CLI loads their code only when run). */
export const STAFF_USAGE =
  'staff add USERNAME --name NAME --role viewer|reviewer|admin [--password-stdin] | staff list | staff disable USERNAME | staff enable USERNAME | staff password USERNAME [--password-stdin]'
