/**
 * Builds a value once per Lambda container and reuses it across warm invocations. A failed build is not
 * cached, so a transient failure (an SSM hiccup) is retried on the next invocation instead of poisoning the container.
 */
export function lazy<T>(build: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= build().catch((err: unknown) => {
      value = undefined;
      throw err;
    }));
}
