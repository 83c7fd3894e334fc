import { type Actor, can } from '../../platform/authz';

/**
 * A register import reads and writes every resident of the municipality: the analysis shows
 * what is stored for each person the file names. So it needs people.import and a reach over
 * the whole municipality; a role given people.import with a narrower reach is refused
 * rather than shown people outside it (DESIGN.md §3 rule 2).
 */
export function canImportRegister(actor: Actor): boolean {
  return can(actor, 'people.import') && actor.reach === 'municipality';
}

/** Exporting needs people.export; which rows come out is decided by visibleTo, not here. */
export function canExportPeople(actor: Actor): boolean {
  return can(actor, 'people.export');
}

/** An apply whose heartbeat is older than this has stopped (a crash, a restart) and may be resumed. */
export const STALE_APPLY_SECONDS = 120;

/** Rows written per transaction: small enough to keep locks short and show progress, large enough to be fast. */
export const APPLY_BATCH_ROWS = 500;

/** Rows analysed per chunk (one lookup of existing people and one insert of import rows each). */
export const ANALYSE_CHUNK_ROWS = 2000;

/** The largest register file accepted (a city of 1.5 million residents is about 250 MB; Mine City is about 4 MB). */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
