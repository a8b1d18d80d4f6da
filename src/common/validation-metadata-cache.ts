import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type Metadata = ReturnType<Lookup>;

const MEMOIZED = Symbol('smsgw.validationMetadataMemoized');

/**
 * class-validator looks a class's rules up again on every `validate()` (and for every nested
 * object): it filters the class's rules and then walks every registered class for inherited ones,
 * and groups the result by property. Under `/batch` that lookup was the largest single function in
 * the gateway's profile (issue 18). Rules are registered by decorators when their classes load, so
 * the lookups are memoized here, per class and options; registering a rule (a class loaded later)
 * drops the memo. Idempotent: the process's one metadata storage is patched once.
 */
export function memoizeValidationMetadata(): void {
  const storage = getMetadataStorage() as Storage & { [MEMOIZED]?: true };
  if (storage[MEMOIZED]) return;
  storage[MEMOIZED] = true;

  let byTarget = new Map<unknown, Map<string, Metadata>>();
  let grouped = new WeakMap<Metadata, ReturnType<Storage['groupByPropertyName']>>();
  const forget = () => {
    byTarget = new Map();
    grouped = new WeakMap();
  };

  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let forTarget = byTarget.get(target);
    if (!forTarget) byTarget.set(target, (forTarget = new Map<string, Metadata>()));
    let found = forTarget.get(key);
    if (!found) forTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  const groupByPropertyName = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (!found) grouped.set(metadata, (found = groupByPropertyName(metadata)));
    return found;
  };
  for (const method of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const methods = storage as unknown as Record<string, (arg: never) => void>;
    const add = methods[method].bind(storage);
    methods[method] = (arg) => {
      forget();
      add(arg);
    };
  }
}
