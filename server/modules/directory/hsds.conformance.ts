import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Test support: validates what the HSDS API and the export serve against the official Open
 * Referral HSDS 3.0 JSON schemas (draft 2020-12) with ajv, and every API response against
 * the response schema of its path in the official `openapi.json`.
 *
 * The schema files are not in this repository (docs/directory.md "Conformance"): they are
 * the `schema/` folder of openreferral/specification at the `3.0` branch (CC BY-SA 4.0,
 * © Open Referral / Aspiration), read from `HSDS_SCHEMA_DIR`, or else from
 * `shared/reference/openreferral-hsds-3.0/schema` in this folder or one above it.
 */

/** The base their `$ref`s and the OpenAPI document name them by. */
export const HSDS_SCHEMA_BASE = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';
const REFERENCE = path.join('shared', 'reference', 'openreferral-hsds-3.0', 'schema');

/** Where the official schema folder is, or null when it is not on this machine. */
export function findHsdsSchemaDir(env: NodeJS.ProcessEnv = process.env, from = process.cwd()): string | null {
  if (env.HSDS_SCHEMA_DIR) return existsSync(path.join(env.HSDS_SCHEMA_DIR, 'openapi.json')) ? env.HSDS_SCHEMA_DIR : null;
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, REFERENCE, 'openapi.json'))) return path.join(dir, REFERENCE);
    if (path.dirname(dir) === dir) return null;
  }
}

// HSDS adds Frictionless Data Package annotations to its schemas; they constrain nothing.
const ANNOTATIONS = ['name', 'path', 'datapackage_metadata', 'datapackage_type', 'constraints', 'example', 'core', 'tabular_required'];

export interface HsdsValidator {
  /** Errors of `value` against a schema file (`compiled/service.json`, `taxonomy.json`, …); empty when valid. */
  check(schemaFile: string, value: unknown): string[];
  /** Errors of a response body against the 200 response schema of an OpenAPI path (`/services`, `/services/{id}`, …). */
  checkResponse(apiPath: string, value: unknown): string[];
  /** The properties a table's schema defines (for the CSV package's headers). */
  properties(schemaFile: string): string[];
}

type Json = Record<string, unknown>;
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Json;

/** Loads every schema of the folder into one ajv (strict, with formats) and answers checks against them. */
export function hsdsValidator(dir: string): HsdsValidator {
  // strictTypes off: the official OpenAPI response schemas give `properties` without `type: object`.
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addVocabulary(ANNOTATIONS);
  const files = [...readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'openapi.json'), ...readdirSync(path.join(dir, 'compiled')).map((f) => `compiled/${f}`)];
  const raw = new Map(files.map((f) => [f, readJson(path.join(dir, f))]));
  for (const [f, schema] of raw) ajv.addSchema({ ...schema, $id: HSDS_SCHEMA_BASE + f });
  const openapi = readJson(path.join(dir, 'openapi.json')) as { paths: Record<string, { get: { responses: { 200: { content: { 'application/json': { schema: Json } } } } } }>; components: { schemas: Json } };
  ajv.addSchema({ ...(openapi.components.schemas.Page as Json), $id: `${HSDS_SCHEMA_BASE}openapi.json/components/schemas/Page` });
  const compiled = new Map<string, ValidateFunction>();
  return {
    check(schemaFile, value) {
      const v = ajv.getSchema(HSDS_SCHEMA_BASE + schemaFile);
      if (!v) throw new Error(`no HSDS schema ${schemaFile}`);
      return errorsOf(v, value);
    },
    checkResponse(apiPath, value) {
      let v = compiled.get(apiPath);
      if (!v) {
        const schema = openapi.paths[apiPath]?.get.responses[200].content['application/json'].schema;
        if (!schema) throw new Error(`no path ${apiPath} in the HSDS openapi.json`);
        const local = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/Page"', `"${HSDS_SCHEMA_BASE}openapi.json/components/schemas/Page"`)) as Json;
        v = ajv.compile(local);
        compiled.set(apiPath, v);
      }
      return errorsOf(v, value);
    },
    properties(schemaFile) {
      return Object.keys((raw.get(schemaFile)?.properties as Json | undefined) ?? {});
    },
  };
}

function errorsOf(v: ValidateFunction, value: unknown): string[] {
  return v(value) ? [] : (v.errors ?? []).map(describe);
}

function describe(e: ErrorObject): string {
  return `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`;
}
