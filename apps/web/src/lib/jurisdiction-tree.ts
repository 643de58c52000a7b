import type { Jurisdiction, JurisdictionId } from '@vigil/domain';
import { jurisdictionLevelDepth } from '@vigil/domain';

/** A jurisdiction with the jurisdictions directly below it. */
export interface JurisdictionNode {
  readonly jurisdiction: Jurisdiction;
  readonly children: readonly JurisdictionNode[];
}

function byLevelThenName(a: Jurisdiction, b: Jurisdiction): number {
  return (
    jurisdictionLevelDepth(a.level) - jurisdictionLevelDepth(b.level) ||
    a.name.localeCompare(b.name) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * The forest of jurisdictions: roots are those without a parent, or whose parent is not in
 * the list (a user may see part of the tree). Siblings sort by name.
 */
export function jurisdictionTree(
  jurisdictions: readonly Jurisdiction[],
): readonly JurisdictionNode[] {
  const ids = new Set(jurisdictions.map((jurisdiction) => jurisdiction.id));
  const childrenOf = new Map<JurisdictionId | null, Jurisdiction[]>();
  for (const jurisdiction of [...jurisdictions].sort(byLevelThenName)) {
    const parent =
      jurisdiction.parentId !== null && ids.has(jurisdiction.parentId)
        ? jurisdiction.parentId
        : null;
    const list = childrenOf.get(parent) ?? [];
    list.push(jurisdiction);
    childrenOf.set(parent, list);
  }
  // Guards against a cycle in bad data: each jurisdiction is placed once.
  const placed = new Set<JurisdictionId>();
  const build = (parent: JurisdictionId | null): JurisdictionNode[] =>
    (childrenOf.get(parent) ?? [])
      .filter((jurisdiction) => !placed.has(jurisdiction.id) && placed.add(jurisdiction.id))
      .map((jurisdiction) => ({ jurisdiction, children: build(jurisdiction.id) }));
  return build(null);
}

/** Ids of every node that has children, for "expand all". */
export function branchIds(nodes: readonly JurisdictionNode[]): JurisdictionId[] {
  return nodes.flatMap((node) =>
    node.children.length > 0 ? [node.jurisdiction.id, ...branchIds(node.children)] : [],
  );
}

/** The jurisdiction's name with its ancestors' (`Europe › France › Île-de-France`), for pickers. */
export function jurisdictionPath(
  jurisdiction: Jurisdiction,
  byId: ReadonlyMap<JurisdictionId, Jurisdiction>,
): string {
  const names: string[] = [];
  const seen = new Set<JurisdictionId>();
  let current: Jurisdiction | undefined = jurisdiction;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.join(' › ');
}
