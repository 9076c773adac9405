/**
 * The slice of the Workers runtime's SqlStorage type that the halt gate uses, for the benchmarks, which
 * type-check under Node's configuration (tsconfig.node.json) and run the gate outside workerd.
 */
interface SqlStorage {
  exec<T extends Record<string, unknown> = Record<string, unknown>>(query: string, ...bindings: unknown[]): { toArray(): T[]; one(): T };
}
