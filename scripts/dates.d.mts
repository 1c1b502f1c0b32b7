/** An instant the date-dependent tests run at, and the visitor zones they run in there. */
export interface TestInstant {
  /** What is special about it, printed by `npm run test:dates`. */
  name: string
  /** ISO 8601 instant. */
  now: string
  /** IANA zones of the visitors. */
  zones: string[]
}

/** The instant every suite runs at in `npm test`. */
export declare const DEFAULT_INSTANT: TestInstant

/** The instants `npm run test:dates` runs the date-sensitive suites at. */
export declare const DATE_MATRIX: readonly TestInstant[]

/** The instants a run covers: the matrix (`TEST_INSTANTS=matrix`), `TEST_NOW`/`TEST_ZONES`, or the default. */
export declare function selectInstants(env: Record<string, string | undefined>): TestInstant[]
