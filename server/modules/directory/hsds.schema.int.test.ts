import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, type TestTenant, testEngine, testTenant } from '../../test/harness';
import { findHsdsSchemaDir, hsdsValidator, type HsdsValidator } from './hsds.conformance';

/**
 * Every object the HSDS API and the export serve validates against the official Open Referral
 * HSDS 3.0 JSON schemas (ajv, draft 2020-12, formats checked), and every API response against
 * the response schema of its path in the official openapi.json: 0 errors. The Mine seed is
 * served, plus one service with every part filled (contacts, fees, documents, languages,
 * an address with accessibility), so no field goes unchecked because the seed leaves it empty.
 *
 * The schema files are a reference kept outside the repository (hsds.conformance.ts); without
 * them this file says so loudly and its checks do not run.
 */
const schemaDir = findHsdsSchemaDir();
if (!schemaDir) {
  console.warn('!! SKIPPED: HSDS 3.0 schema conformance. Put the schema/ folder of openreferral/specification (branch 3.0) at shared/reference/openreferral-hsds-3.0/schema or set HSDS_SCHEMA_DIR.');
}

let t: TestTenant;
let admin: Agent;
let v: HsdsValidator;

const get = async (url: string) => {
  const res = await t.anon.get(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};

async function addEveryPart(): Promise<void> {
  const orgs = (await admin.get('/api/directory/organizations')).json().items as { id: string; name: string }[];
  const org = await admin.post('/api/directory/organizations', {
    name: '架空のNPO ささえ（デモ）', nameReading: 'かくうのえぬぴーおー', alternateName: 'ささえ', description: 'スキーマ確認用の架空の団体', email: 'info@example.org',
    website: 'https://example.org/', unitId: 'council', isDemo: true, phones: [{ number: '0837-00-0000', type: 'voice', description: '代表' }],
    contacts: [{ name: '架空 太郎', title: '事務局長', department: '事務局', email: 'taro@example.org' }],
  });
  expect(org.statusCode, org.body).toBe(201);
  const loc = await admin.post('/api/directory/locations', {
    organizationId: org.json().id, name: '架空の集会所', nameReading: 'かくうのしゅうかいじょ', description: '二階', transportation: 'バス停から徒歩5分', latitude: 34.16, longitude: 131.2,
    unitId: 'district-omine', addresses: [{ attention: '受付', address1: '大嶺町東分1', address2: '二階', city: '美祢市', region: '美祢', stateProvince: '山口県', postalCode: '759-2212' }],
    phones: [{ number: '0837-00-0001', type: 'voice' }], accessibility: [{ description: '段差なし', details: 'スロープあり', url: 'https://example.org/access' }],
    languages: [{ code: 'ja', name: '日本語', note: '' }], schedules: [{ byday: 'MO,WE', opensAt: '09:00', closesAt: '12:00', validFrom: '2026-04-01', validTo: '2027-03-31', description: '午前のみ' }],
  });
  expect(loc.statusCode, loc.body).toBe(201);
  const svc = await admin.post('/api/directory/services', {
    organizationId: org.json().id, name: '架空の見守り電話（デモ）', nameReading: 'かくうのみまもりでんわ', alternateName: '見守り', description: '週に一度お電話します', easySummary: 'しゅうに いちど でんわ します。',
    url: 'https://example.org/mimamori', email: 'mimamori@example.org', layer: 'mutual', categories: ['living_support'], interpretationServices: 'やさしい日本語', applicationProcess: '電話で申し込み',
    feesDescription: '無料', eligibilityDescription: '65歳以上', minimumAge: 65, maximumAge: 120, assuredDate: '2026-11-01', assurerEmail: 'check@example.org', alert: '年末年始は休み',
    isPublished: true, isDemo: true, phones: [{ number: '0837-00-0002', type: 'voice', extension: 12 }], languages: [{ code: 'vi', name: 'ベトナム語', note: '通訳あり' }],
    costOptions: [{ option: '利用料', amount: 0, amountDescription: '無料', validFrom: '2026-04-01', validTo: '2027-03-31' }], requiredDocuments: [{ document: '申込書', uri: 'https://example.org/form.pdf' }],
    contacts: [{ name: '架空 花子', email: 'hanako@example.org' }], areaUnitIds: ['district-omine'], serviceAtLocations: [{ locationId: loc.json().id, description: '集会所で' }],
    schedules: [{ freq: 'MONTHLY', byday: '2TU', opensAt: '13:30', closesAt: '15:30', dtstart: '2026-04-14', until: '2027-03-09', notes: '祝日は休み' }],
  });
  expect(svc.statusCode, svc.body).toBe(201);
  expect(orgs.length).toBeGreaterThan(10);
}

describe.runIf(schemaDir)(`HSDS 3.0 conformance: what the API and the export serve against the official schemas (${testEngine})`, () => {
  beforeAll(async () => {
    v = hsdsValidator(schemaDir as string);
    t = await testTenant();
    admin = await t.login('city-admin');
    await addEveryPart();
  });
  afterAll(() => t.close());

  it('the `/` endpoint: version 3.0, a profile URL, the OpenAPI document URL', async () => {
    const info = await get('/api/hsds/');
    expect(v.checkResponse('/', info)).toEqual([]);
    expect(info.version).toBe('3.0');
  });

  it('/services pages in every form (list, full, minimal, filtered) validate as the openapi.json says, with 0 errors', async () => {
    const all = await get('/api/hsds/services?per_page=500');
    expect(all.total_items).toBeGreaterThan(20);
    const term = (await get('/api/hsds/taxonomy_terms?per_page=500')).contents.find((x: { code: string }) => x.code === 'salon');
    for (const q of ['per_page=500', 'per_page=500&full=true', 'per_page=500&minimal=true', 'page=2&per_page=5', `taxonomy_term_id=${term.id}`, 'search=サロン&full=true', 'page=99']) {
      expect(v.checkResponse('/services', await get(`/api/hsds/services?${q}`)), q).toEqual([]);
    }
  });

  it('every published service, fully nested with its organisation and locations, validates as compiled/service.json', async () => {
    const { contents } = await get('/api/hsds/services?per_page=500');
    const errors: string[] = [];
    for (const s of contents as { id: string }[]) errors.push(...v.checkResponse('/services/{id}', await get(`/api/hsds/services/${s.id}`)).map((e) => `${s.id} ${e}`));
    expect(errors).toEqual([]);
  });

  it('/organizations (list, full, full_service) and each organisation validate', async () => {
    for (const q of ['per_page=500', 'per_page=500&full=true', 'per_page=500&full_service=true']) {
      expect(v.checkResponse('/organizations', await get(`/api/hsds/organizations?${q}`)), q).toEqual([]);
    }
    const { contents } = await get('/api/hsds/organizations?per_page=500');
    const errors: string[] = [];
    for (const o of contents as { id: string }[]) {
      errors.push(...v.checkResponse('/organizations/{id}', await get(`/api/hsds/organizations/${o.id}`)));
      errors.push(...v.checkResponse('/organizations/{id}', await get(`/api/hsds/organizations/${o.id}?full_service=true`)));
    }
    expect(errors).toEqual([]);
  });

  it('/taxonomies and /taxonomy_terms, the lists and each one, validate', async () => {
    const taxonomies = await get('/api/hsds/taxonomies');
    const terms = await get('/api/hsds/taxonomy_terms?per_page=500');
    expect(v.checkResponse('/taxonomies', taxonomies)).toEqual([]);
    expect(v.checkResponse('/taxonomy_terms', terms)).toEqual([]);
    const errors: string[] = [];
    for (const x of taxonomies.contents as { id: string }[]) errors.push(...v.checkResponse('/taxonomies/{id}', await get(`/api/hsds/taxonomies/${x.id}`)));
    for (const x of terms.contents as { id: string }[]) errors.push(...v.checkResponse('/taxonomy_terms/{id}', await get(`/api/hsds/taxonomy_terms/${x.id}`)));
    expect(errors).toEqual([]);
  });

  it('the export document: every organisation, location, service, taxonomy and term validates (drafts included)', async () => {
    const doc = (await admin.get('/api/hsds/export.json')).json();
    const errors: string[] = [];
    const each = (list: unknown[], file: string) => list.forEach((x, i) => errors.push(...v.check(file, x).map((e) => `${file}[${i}] ${e}`)));
    each(doc.organizations, 'compiled/organization.json');
    each(doc.locations, 'location.json');
    each(doc.services, 'compiled/service.json');
    each(doc.taxonomies, 'taxonomy.json');
    each(doc.taxonomy_terms, 'taxonomy_term.json');
    expect(doc.services.length).toBeGreaterThan(20);
    expect(errors).toEqual([]);
  });

  it('the CSV package: every column of every table is a field of that table in the HSDS schema', async () => {
    const { files } = (await admin.get('/api/hsds/export/csv')).json() as { files: Record<string, string> };
    const unknown: string[] = [];
    for (const [name, text] of Object.entries(files)) {
      const table = name.replace(/\.csv$/, '');
      const fields = new Set(v.properties(`${table}.json`));
      expect(fields.size, table).toBeGreaterThan(0);
      for (const column of (text.split('\r\n')[0] ?? '').split(',')) if (!fields.has(column)) unknown.push(`${name}:${column}`);
    }
    expect(unknown).toEqual([]);
  });
});
