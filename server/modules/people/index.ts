/** The people module: residents, households, relationships, duplicates and merges. Other code imports only this file. */
export { peopleRoutes } from './people.routes';
// For writers of person rows (the register import): the same keys the form computes, and the same SQL.
export { personKeys, normaliseAddress, phoneDigits, classifyQuery, type PersonKeyFields, type PersonKeyColumns, type Place } from './people.keys';
export { insertPersonRow, updatePersonRow, rowToUpdate, recordPersonChange, findPlace, presentPerson, PERSON_COLUMNS, type NewPersonRow, type PersonRow, type ChangeKind } from './people.repo';
// After the fold of core/japanese changed (server/refold.ts): every person's search columns again, through the writers above.
export { refoldPeopleKeys } from './people.refold';
// For readers of many people (the export, batch jobs): the row filter applied, nothing else to remember.
export { buildVisiblePeopleSelect, listVisiblePeople, type VisiblePeopleOptions } from './export.repo';
// The search itself and the SQL it runs, for EXPLAIN in tests and the benchmarks.
export { searchPeople, walkPlan, buildWalkPageSql, buildWalkCountSql } from './search.repo';
export { personIndexTokens } from './search.tokens';
export { findDuplicateCandidates, type DuplicateProbe } from './duplicates.repo';
export { PERSON_VISIBILITY, defaultDataController } from './people.policy';
// For records about a person (consultations): is this person within the actor's reach, and where do they live.
export { personVisibleTo } from './people.repo';
export { findVisibleHousehold as householdVisibleTo } from './households.repo';
// The register import and the CSV export (their own files in this module), for the CLI, the synthetic seed and app.ts.
export { analyseRegister, applyImport } from './import.service';
export { insertPeopleRows, upsertHouseholds } from './import.write';
export { acceptRegisterFiles, peopleImportRoutes } from './import.routes';
export { peopleExportRoutes } from './export.routes';
