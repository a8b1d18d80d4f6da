/**
 * The members of a string union as a runtime list for a schema's `enum`, checked both ways by the
 * compiler: a value not in the union, or a member of the union left out, does not compile.
 * `enumValues<EventSource>()(['api', 'device', …])`.
 */
export function enumValues<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): T[] => [...list];
}
