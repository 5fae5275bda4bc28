export type * from './types'
export {
  MEASURES_ID,
  MAX_EFFORT,
  checkMeasuresLibrary,
  entryKey,
  measuresHash,
  measuresLibraryShape,
  pinMeasures,
  plannableOptions,
  requiredEntryKeys,
  type MeasuresCheck,
} from './measures-schema'
export {
  BUILT_IN_MEASURES,
  MIIT_2024_MEASURES,
  builtInMeasuresFor,
  getBuiltInMeasures,
} from './measures'
export { planImprovement, verifySteps, type PlanInput } from './planner'
export {
  PRODUCT_COLUMNS,
  PRODUCTS_ID,
  checkProductCatalogue,
  formatRowError,
  productCatalogueShape,
  productsForStep,
  productsFromTable,
  productsHash,
  type Product,
  type ProductCatalogue,
  type ProductQuestion,
  type ProductScene,
  type ProductsCheck,
  type TableRowError,
} from './products'
export {
  HOMOGENEITY_POLICY,
  jaccard,
  mostSimilar,
  nearIdentical,
  normalizeForSimilarity,
  trigramSimilarity,
  trigrams,
  type HomogeneityPolicy,
  type SimilarText,
} from './homogeneity'
export { formatYuanRange, planText, stepHeadline, stepItemName } from './plan-text'
export {
  MEASURES_FORMAT_V1,
  PRODUCTS_FORMAT_V1,
  checkSignedMeasures,
  checkSignedProducts,
  measuresResponseSchema,
  productsResponseSchema,
  type Checked,
  type PublishedMeasuresBody,
  type PublishedProductsBody,
  type SignedCheckOptions,
  type SignedMeasures,
  type SignedProducts,
} from './published'
