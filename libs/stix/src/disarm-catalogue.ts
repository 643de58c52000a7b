/**
 * The DISARM framework for describing disinformation incidents (DISARM Foundation,
 * https://www.disarm.foundation/, CC BY-SA 4.0): red techniques (what the attacker does,
 * T0xxx ids, not MITRE ATT&CK's T1xxx) grouped in tactics and phases, and blue
 * countermeasures (C00xxx). In STIX 2.1 a technique is an attack-pattern (STIX 2.1 OASIS
 * Standard, section 4.1) and a countermeasure a course-of-action (section 4.3), each naming
 * its DISARM id in an external reference (section 2.5). The data is generated from
 * ../shared/data/disarm into generated/disarm-data.ts.
 */
import { disarmData } from './generated/disarm-data';

/** A DISARM phase: plan, prepare, execute, assess. */
export interface DisarmPhase {
  readonly id: string;
  readonly name: string;
}

/** A DISARM tactic (TA01 …), the red framework's columns. */
export interface DisarmTactic {
  readonly id: string;
  readonly name: string;
  /** The kill-chain phase name techniques use for this tactic, e.g. `plan-strategy`. */
  readonly shortname: string;
  /** The phase id, e.g. `P01`. */
  readonly phase: string;
  /** The tactic's id in DISARM's STIX bundle. */
  readonly stixId: string;
}

/** A DISARM red technique or sub-technique (T0002, T0014.001 …). */
export interface DisarmTechnique {
  readonly id: string;
  readonly name: string;
  /** The tactic id, e.g. `TA02`. */
  readonly tactic: string;
  /** The parent technique of a sub-technique. */
  readonly parent?: string;
  /** The attack-pattern's id in DISARM's STIX bundle. */
  readonly stixId: string;
}

/** A DISARM blue countermeasure (C00006 …). The shared data lists ids, tactics and phases only. */
export interface DisarmCountermeasure {
  readonly id: string;
  readonly tactic: string;
  readonly phase: string;
}

/** The DISARM catalogue. */
export interface DisarmCatalogue {
  readonly tactics: readonly DisarmTactic[];
  readonly techniques: readonly DisarmTechnique[];
  readonly countermeasures: readonly DisarmCountermeasure[];
}

/** DISARM's four phases (DISARMframeworks, generated_pages/phases). */
export const DISARM_PHASES: readonly DisarmPhase[] = [
  { id: 'P01', name: 'Plan' },
  { id: 'P02', name: 'Prepare' },
  { id: 'P03', name: 'Execute' },
  { id: 'P04', name: 'Assess' },
];

/** The generated catalogue: 16 tactics, 391 techniques, 140 countermeasures. */
export const disarmCatalogue: DisarmCatalogue = disarmData;

const techniquesById = new Map(disarmData.techniques.map((technique) => [technique.id, technique]));
const tacticsById = new Map(disarmData.tactics.map((tactic) => [tactic.id, tactic]));
const countermeasuresById = new Map(disarmData.countermeasures.map((item) => [item.id, item]));

/** The technique with DISARM id `id` (e.g. `T0002`, `T0014.001`). */
export function disarmTechnique(id: string): DisarmTechnique | undefined {
  return techniquesById.get(id);
}

/** The tactic with DISARM id `id` (e.g. `TA01`). */
export function disarmTactic(id: string): DisarmTactic | undefined {
  return tacticsById.get(id);
}

/** The countermeasure with DISARM id `id` (e.g. `C00006`). */
export function disarmCountermeasure(id: string): DisarmCountermeasure | undefined {
  return countermeasuresById.get(id);
}

/** The techniques of one tactic, sub-techniques after their parent, in id order. */
export function disarmTechniquesOfTactic(tacticId: string): readonly DisarmTechnique[] {
  return disarmData.techniques.filter((technique) => technique.tactic === tacticId);
}

const disarmPages =
  'https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages';

/** A STIX external reference (section 2.5) naming a DISARM technique or countermeasure. */
export interface DisarmExternalReference {
  readonly source_name: 'DISARM';
  readonly external_id: string;
  readonly url: string;
}

/** The external reference an attack-pattern carries to name DISARM technique `id`. */
export function disarmTechniqueReference(id: string): DisarmExternalReference {
  return { source_name: 'DISARM', external_id: id, url: `${disarmPages}/techniques/${id}.md` };
}

/** The external reference a course-of-action carries to name DISARM countermeasure `id`. */
export function disarmCountermeasureReference(id: string): DisarmExternalReference {
  return { source_name: 'DISARM', external_id: id, url: `${disarmPages}/counters/${id}.md` };
}

/**
 * Whether an external reference points into DISARM: its source is `DISARM`, or its URL is
 * on DISARM's repository (DISARM's own bundle labels its references `mitre-attack`).
 */
export function isDisarmReference(reference: unknown): boolean {
  if (typeof reference !== 'object' || reference === null) return false;
  const { source_name: source, url } = reference as { source_name?: unknown; url?: unknown };
  return (
    (typeof source === 'string' && source.toLowerCase() === 'disarm') ||
    (typeof url === 'string' && url.startsWith('https://github.com/DISARMFoundation/'))
  );
}
