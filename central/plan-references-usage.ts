/**
 * The administrator's commands for measures libraries and product catalogues (issue 13), named
 * here without imports so that `npm run central` loads their code (plan-references-cli.ts) only
 * when one of them is run.
 */
export const PLAN_REFERENCE_COMMANDS: readonly string[] = [
  'publish-measures',
  'publish-products',
  'measures',
  'products',
  'export-measures',
  'export-products',
]

export const PLAN_REFERENCE_USAGE =
  'publish-measures FILE.json | publish-products FILE.csv|FILE.xlsx [--id ID] [--title T] | measures | products | export-measures ID -o FILE | export-products ID -o FILE'
