// The plugin's own stores ship without type declarations; the fallback store composes them.
declare module '@fastify/rate-limit/store/*.js' {
  interface Store {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void;
    read(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void;
    child(routeOptions: unknown): Store;
  }
  const StoreClass: new (
    continueExceeding?: boolean,
    exponentialBackoff?: boolean,
    ...rest: unknown[]
  ) => Store;
  export default StoreClass;
}
